import { countryByIso3, type TemporalPrecision } from '../../diplomacy';

/**
 * What makes two events of one kind likely the same occurrence, and how the duplicate candidates
 * are ranked (the SQL computes the score with these weights: see duplicate-candidates.ts):
 * - their titles (pg_trgm's similarity, 0..1: shared trigrams over all trigrams of both);
 * - their parties: the share of participants they have in common, or, when the actors differ
 *   (two records of one country, NORGOV and NOR), the share of their participants' countries
 *   counted a little less;
 * - their dates: the same start at the same precision, intervals that overlap, or intervals at
 *   most DUPLICATE_WINDOW_HOURS apart (zones and a report's date line can shift a day).
 * A candidate below MIN_DUPLICATE_SCORE is not worth an editor's look and is left out.
 */
export const DUPLICATE_WEIGHTS = { title: 0.45, parties: 0.35, dates: 0.2 } as const;
/** Country overlap counts this much of actor overlap. */
export const COUNTRY_PARTY_FACTOR = 0.9;
export const DATE_SCORES = { SAME: 1, OVERLAP: 0.75, NEAR: 0.4 } as const;
export const DUPLICATE_WINDOW_HOURS = 24;
export const MIN_DUPLICATE_SCORE = 0.4;

export type DateRelation = keyof typeof DATE_SCORES;

/** What the SQL found about one candidate, enough to say why it is one. */
export type DuplicateFacts = {
  titleSimilarity: number;
  /** Names of the actors both events name (as known now), in name order. */
  sharedActorNames: string[];
  /** Whether both name exactly the same actors. */
  sameActors: boolean;
  /** ISO-3 codes of the countries both events' participants have, in code order. */
  sharedCountries: string[];
  sameCountries: boolean;
  dates: DateRelation;
  /** The precision both starts share, for SAME. */
  precision: TemporalPrecision;
  /** Hours between the two intervals, for NEAR. */
  hoursApart: number;
};

const SAME_WORD: Record<TemporalPrecision, string> = {
  YEAR: 'same year',
  MONTH: 'same month',
  DAY: 'same day',
  MINUTE: 'same time',
};

const countryName = (iso3: string) => countryByIso3(iso3)?.name ?? iso3;
const list = (names: readonly string[]) => names.join(', ');

/** "same participants (Iran, Russia), same day, titles 82% similar". */
export function duplicateReason(facts: DuplicateFacts): string {
  const parts: string[] = [];
  if (facts.sameActors) parts.push(`same participants (${list(facts.sharedActorNames)})`);
  else if (facts.sameCountries) parts.push(`same countries (${list(facts.sharedCountries.map(countryName))})`);
  else if (facts.sharedActorNames.length > 0) parts.push(`shares participants (${list(facts.sharedActorNames)})`);
  else if (facts.sharedCountries.length > 0)
    parts.push(`shares countries (${list(facts.sharedCountries.map(countryName))})`);
  if (facts.dates === 'SAME') parts.push(SAME_WORD[facts.precision]);
  else if (facts.dates === 'OVERLAP') parts.push('dates overlap');
  else parts.push(facts.hoursApart <= 1 ? 'adjacent dates' : `${Math.round(facts.hoursApart)} hours apart`);
  parts.push(`titles ${Math.round(facts.titleSimilarity * 100)}% similar`);
  return parts.join(', ');
}
