import { describe, expect, it } from '@jest/globals';
import * as diplomacy from './index';

describe('the diplomacy entry point', () => {
  it('exports deciders shaped as the event store expects, errors and helpers', () => {
    for (const decider of [diplomacy.actorDecider, diplomacy.diplomaticEventDecider]) {
      expect(typeof decider.decide).toBe('function');
      expect(typeof decider.evolve).toBe('function');
      expect(decider.initialState()).toEqual({ status: expect.stringMatching(/^NOT_/) });
    }
    expect(diplomacy.eventStreamId('def74900-bbbb-40ac-bd8b-a337e4889561')).toBe(
      'event-def74900-bbbb-40ac-bd8b-a337e4889561',
    );
    expect(diplomacy.idFromStreamId('actor-bb83f452-ada1-4d01-8211-936646194367')).toEqual({
      type: 'actor',
      id: 'bb83f452-ada1-4d01-8211-936646194367',
    });
    expect(diplomacy.iso3FromFips('RS')).toBe('RUS');
    expect(diplomacy.DEFAULT_CAMEO_CODES).toEqual({ MEETING: '040', STATEMENT: '010', AGREEMENT: '057' });
    expect(new diplomacy.ValidationError(['end'], 'x')).toBeInstanceOf(diplomacy.DomainError);
  });
});
