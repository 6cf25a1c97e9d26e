import { describe, expect, it } from '@jest/globals';
import { ALWAYS_CARRIED_DOC_KEYS, EVENT_DOC_KEYS } from '../queries/query-types';
import { CARD_DOC_KEYS, DOC_KEYS_NOT_IN_CARD } from './read-model-ddl';

describe('the card of an event version', () => {
  it('holds the members every page carries, and with the members it leaves out makes the whole doc', () => {
    for (const key of ALWAYS_CARRIED_DOC_KEYS) expect(CARD_DOC_KEYS).toContain(key);
    expect([...CARD_DOC_KEYS, ...DOC_KEYS_NOT_IN_CARD].sort()).toEqual([...EVENT_DOC_KEYS].sort());
    expect(CARD_DOC_KEYS.filter((key) => DOC_KEYS_NOT_IN_CARD.includes(key))).toEqual([]);
  });
});
