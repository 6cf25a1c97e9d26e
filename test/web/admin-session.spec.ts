import { describe, expect, it } from '@jest/globals';
import { createSession, normaliseKey, offersFor } from '../../web/admin/session';

/** A Storage with the methods the session uses, over a Map. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
    get length() {
      return items.size;
    },
    key: (index: number) => [...items.keys()][index] ?? null,
  };
}

describe('the console session', () => {
  it('keeps the key in the storage it is given until sign-out', () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    expect(session.key()).toBeUndefined();
    session.signIn('dtl_abc');
    expect(session.key()).toBe('dtl_abc');
    expect([...storage.items.values()]).toEqual(['dtl_abc']);
    session.signOut();
    expect(session.key()).toBeUndefined();
    expect(storage.items.size).toBe(0);
  });

  it('forgets the GraphQL IDE’s tabs and history at sign-out: they hold the key’s header', () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    session.signIn('dtl_abc');
    storage.setItem('graphiql:queries', '{"queries":[{"headers":"{\\"Authorization\\":\\"Bearer dtl_abc\\"}"}]}');
    storage.setItem('graphiql:tabState', '{"tabs":[]}');
    storage.setItem('reader.view', 'kept');
    session.signOut();
    expect([...storage.items.keys()]).toEqual(['reader.view']);
  });

  it('takes a key as pasted, with or without "Bearer", and refuses what cannot be one', () => {
    expect(normaliseKey('  dtl_abc \n')).toBe('dtl_abc');
    expect(normaliseKey('Bearer dtl_abc')).toBe('dtl_abc');
    expect(normaliseKey('')).toBeUndefined();
    expect(normaliseKey('dtl_a b')).toBeUndefined();
    expect(normaliseKey(`dtl_${'a'.repeat(200)}`)).toBeUndefined();
    expect(normaliseKey(undefined)).toBeUndefined();
  });

  it('offers what each role may do, as the service’s guard allows it', () => {
    expect(offersFor('reader')).toEqual({ record: false, revise: false, retract: false, import: false });
    expect(offersFor('editor')).toEqual({ record: true, revise: true, retract: false, import: false });
    expect(offersFor('admin')).toEqual({ record: true, revise: true, retract: true, import: true });
    expect(offersFor('unknown')).toEqual({ record: false, revise: false, retract: false, import: false });
  });
});
