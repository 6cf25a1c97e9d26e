// What the record form says about the zone the place gives its dates. Pure; tested in test/web/.

/** timeZoneOf's answer: the zone, and whether it is the place's own, its country's or its capital's. */
export interface FoundZone {
  timeZone: string;
  basis: string;
  country?: string | null;
}

/** timeZoneOf's arguments. */
export interface PlaceQuery {
  country?: string;
  place?: string;
}

const WHY: Readonly<Record<string, string>> = {
  PLACE: 'its own zone',
  COUNTRY: 'its country’s zone',
  CAPITAL: 'its country’s capital’s zone',
};

/** The place as the service is asked about it: a 3-letter code (upper case) and a name, each when given. */
export function placeQuery(
  placeName: string | null | undefined,
  country: string | null | undefined,
): PlaceQuery | undefined {
  const place = String(placeName ?? '').trim();
  const code = String(country ?? '')
    .trim()
    .toUpperCase();
  const query: PlaceQuery = {};
  if (/^[A-Z]{3}$/.test(code)) query.country = code;
  if (place) query.place = place.slice(0, 200);
  return Object.keys(query).length > 0 ? query : undefined;
}

/**
 * The sentence under the zones: the default and why, and, for a zone chosen by hand that differs
 * from it, that the choice is kept. `found` is timeZoneOf's answer (null: none known).
 */
export function zoneHint(found: FoundZone | null | undefined, chosenByHand: readonly string[]): string {
  if (!found) return 'No zone is known for this place: dates default to UTC.';
  const kept = chosenByHand.filter((zone) => zone !== found.timeZone);
  const base = `The place’s zone: ${found.timeZone} (${Object.hasOwn(WHY, found.basis) ? WHY[found.basis] : found.basis}).`;
  return kept.length > 0 ? `${base} Your choice (${[...new Set(kept)].join(', ')}) is kept.` : base;
}
