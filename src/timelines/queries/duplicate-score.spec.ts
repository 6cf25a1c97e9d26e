import { describe, expect, it } from '@jest/globals';
import { duplicateReason, type DuplicateFacts } from './duplicate-score';

const facts = (change: Partial<DuplicateFacts>): DuplicateFacts => ({
  titleSimilarity: 0.82,
  sharedActorNames: ['Iran', 'Russia'],
  sameActors: true,
  sharedCountries: ['IRN', 'RUS'],
  sameCountries: true,
  dates: 'SAME',
  precision: 'DAY',
  hoursApart: 0,
  ...change,
});

describe('the reason given for a duplicate candidate', () => {
  it('names the participants, the date and the title similarity', () => {
    expect(duplicateReason(facts({}))).toBe('same participants (Iran, Russia), same day, titles 82% similar');
  });

  it('falls back on the countries when the actors differ (NORGOV and NOR)', () => {
    expect(duplicateReason(facts({ sameActors: false, sharedActorNames: [], sharedCountries: ['NOR', 'RUS'] }))).toBe(
      'same countries (Norway, Russia), same day, titles 82% similar',
    );
  });

  it('says what is shared when only part is', () => {
    expect(
      duplicateReason(
        facts({ sameActors: false, sharedActorNames: ['Russia'], sameCountries: false, dates: 'OVERLAP' }),
      ),
    ).toBe('shares participants (Russia), dates overlap, titles 82% similar');
    expect(
      duplicateReason(
        facts({
          sameActors: false,
          sharedActorNames: [],
          sameCountries: false,
          sharedCountries: ['RUS'],
          dates: 'NEAR',
          hoursApart: 20.4,
          titleSimilarity: 0.4,
        }),
      ),
    ).toBe('shares countries (Russia), 20 hours apart, titles 40% similar');
  });

  it('names the precision both dates share', () => {
    expect(duplicateReason(facts({ precision: 'MONTH' }))).toContain(', same month,');
  });
});
