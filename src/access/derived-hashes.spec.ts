import { describe, expect, it } from '@jest/globals';
import { hashApiKey } from './api-key';
import { idempotencyRequestHash } from '../idempotency/idempotency.service';

/**
 * Golden values for the hashes stored beside ids, computed once from main at 8e40d9a: api_keys
 * holds only hashApiKey of each key (a change locks every key out), and idempotency_keys and keyed
 * events' metadata hold the request hash (a change turns every retry into a reused key).
 */
describe('hashes derived from text and stored', () => {
  it('hashApiKey: sha256 of the key, hex', () => {
    expect(hashApiKey('dtl_example')).toBe('922b6941609fe379300f77122f82c0242729e897e35053870eb72683922f0b00');
  });

  it('idempotencyRequestHash: sha256 of the canonical JSON of operation and input, whatever the key order', () => {
    const hash = '0491b81868dd3f8c5d2886c3c97d1821f73ad8f0757aa8bc31b56c6ce98eed06';
    expect(
      idempotencyRequestHash('recordEvent', {
        title: 'T',
        kind: 'MEETING',
        participants: [{ role: 'HOST', actorId: 'x' }],
      }),
    ).toBe(hash);
    expect(
      idempotencyRequestHash('recordEvent', {
        kind: 'MEETING',
        title: 'T',
        participants: [{ actorId: 'x', role: 'HOST' }],
      }),
    ).toBe(hash);
  });
});
