import { describe, expect, it } from '@jest/globals';
import { PersistedQueryStore } from './persisted-query-store';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('PersistedQueryStore', () => {
  it('keeps at most maxEntries documents, evicting the least recently used', () => {
    const store = new PersistedQueryStore(3, 1_000_000);
    for (let n = 1; n <= 3; n += 1) store.set(hash(n), `{ q${n}: __typename }`);
    expect(store.get(hash(1))).toBe('{ q1: __typename }'); // 1 is now the most recently used
    store.set(hash(4), '{ q4: __typename }');
    expect(store.stats().entries).toBe(3);
    expect(store.get(hash(2))).toBeUndefined();
    expect(store.get(hash(1))).toBe('{ q1: __typename }');
    expect(store.get(hash(4))).toBe('{ q4: __typename }');
  });

  it('keeps its bytes within maxBytes, and does not keep a document larger than the whole store', () => {
    const store = new PersistedQueryStore(1_000, 2_000);
    for (let n = 1; n <= 50; n += 1) store.set(hash(n), `{ ${'a'.repeat(300)}${n}: __typename }`);
    const { entries, bytes, maxBytes } = store.stats();
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(50);
    expect(store.get(hash(50))).toBeDefined();
    store.set(hash(99), 'x'.repeat(5_000));
    expect(store.get(hash(99))).toBeUndefined();
    expect(store.get(hash(50))).toBeDefined();
  });

  it('counts a document registered twice once', () => {
    const store = new PersistedQueryStore(10, 100_000);
    store.set(hash(1), '{ a: __typename }');
    const once = store.stats().bytes;
    store.set(hash(1), '{ a: __typename }');
    expect(store.stats()).toMatchObject({ entries: 1, bytes: once });
  });
});
