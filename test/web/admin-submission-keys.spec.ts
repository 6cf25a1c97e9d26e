import { describe, expect, it } from '@jest/globals';
import { canonicalJson, SubmissionKeys } from '../../web/admin/submission-keys';

describe('one idempotency key per submission', () => {
  const counter = () => {
    let n = 0;
    return () => `key-${(n += 1)}`;
  };

  it('gives the same input the same key, however its members are ordered', () => {
    const keys = new SubmissionKeys(counter());
    const first = keys.keyFor({ title: 'T', kind: 'MEETING', participants: [{ actorId: 'a', role: 'HOST' }] });
    const again = keys.keyFor({ kind: 'MEETING', participants: [{ role: 'HOST', actorId: 'a' }], title: 'T' });
    expect(first).toBe('key-1');
    expect(again).toBe('key-1');
  });

  it('gives a changed input a new key, and the same input after a reset a new one too', () => {
    const keys = new SubmissionKeys(counter());
    expect(keys.keyFor({ title: 'T' })).toBe('key-1');
    expect(keys.keyFor({ title: 'U' })).toBe('key-2');
    expect(keys.keyFor({ title: 'T' })).toBe('key-3');
    keys.reset();
    expect(keys.keyFor({ title: 'T' })).toBe('key-4');
  });

  it('makes random keys by default', () => {
    const keys = new SubmissionKeys();
    const key = keys.keyFor({ title: 'T' });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(new SubmissionKeys().keyFor({ title: 'T' })).not.toBe(key);
  });

  it('writes canonical JSON: sorted members, undefined members left out, list order kept', () => {
    expect(canonicalJson({ b: 1, a: [2, 1], c: undefined, d: null })).toBe('{"a":[2,1],"b":1,"d":null}');
  });
});
