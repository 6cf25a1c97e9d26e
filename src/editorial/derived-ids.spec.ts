import { describe, expect, it } from '@jest/globals';
import { uuidFromText } from '../diplomacy';
import { keyedEventIds, keyedNewId, type CommandContext } from './command-context';

/**
 * Golden values: the ids a keyed command derives from its principal and idempotency key, computed
 * once from main at 8e40d9a. A retry that gets past the idempotency table must name the same actor,
 * event and log events as the first attempt, even across a deployment: these may never change.
 */
const keyed: CommandContext = {
  principal: { id: 'apikey:editor', name: 'editor', role: 'editor' },
  idempotencyKey: 'k-1',
};
const unkeyed: CommandContext = { principal: keyed.principal };

describe('ids derived from text by the write side', () => {
  it('uuidFromText: SHA-1 of the text alone (no namespace), in the version 5 layout', () => {
    expect(uuidFromText('a')).toBe('86f7e437-faa5-57fc-a15d-1ddcb9eaeaea');
  });

  it('the actor or event a keyed registerActor or recordEvent creates', () => {
    expect(keyedNewId(keyed, 'event')).toBe('7cad35dc-ee13-5742-8c61-3cb99007eaac');
    expect(keyedNewId(keyed, 'actor')).toBe('be9e8514-6dc0-541d-b3e5-c8090cac29f0');
    expect(keyedNewId(unkeyed, 'event')).toBeUndefined();
  });

  it('the log events a keyed command appends', () => {
    expect([0, 1, 2].map(keyedEventIds(keyed, 'mergeActors')!)).toEqual([
      '672bda81-646b-5c58-ace5-7c8b3d8aedc4',
      '6a711765-622f-54ba-a601-7951bb24a41e',
      '50312630-9326-566a-8d97-93c0afdf9ade',
    ]);
    expect(keyedEventIds(unkeyed, 'mergeActors')).toBeUndefined();
  });
});
