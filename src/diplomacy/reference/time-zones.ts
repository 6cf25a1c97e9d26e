import { rawTimeZones, type RawTimeZone } from '@vvo/tzdb';
import { countryByIso3 } from './country-lookup';

/**
 * The IANA zone a date defaults to at a place: the zone of the city when the zone library knows
 * it, else the country's zone, or its capital's when the country has several.
 *
 * @vvo/tzdb (IANA tz data, rebuilt with each tzdb release) gives each country its zones, grouped
 * as they keep time today, with up to four main cities each. It knows no capitals, and neither
 * does any zone library we found; the ones that know capitals (countries-list) spell them in ways
 * no zone list matches ("Washington D.C." is in none of America/New_York's cities). So the
 * capitals of countries with several zones are the small table below.
 */

/**
 * The capital's zone of each country (ISO 3166-1 alpha-2) the zone library gives several zones,
 * or null where there is no capital (Antarctica, the US Minor Outlying Islands). The capitals are
 * those of the CIA World Factbook ("Capital" of each country); their zones are the ones the IANA
 * tz database's zone1970.tab (and backward, for Pacific/Pohnpei) places them in. time-zones.spec.ts
 * fails when the library gives another country several zones, so the table cannot fall behind.
 */
export const CAPITAL_ZONES: Readonly<Record<string, string | null>> = {
  AQ: null,
  AU: 'Australia/Sydney', // Canberra
  BR: 'America/Sao_Paulo', // Brasília
  CA: 'America/Toronto', // Ottawa
  CD: 'Africa/Kinshasa', // Kinshasa
  CL: 'America/Santiago', // Santiago
  CN: 'Asia/Shanghai', // Beijing
  EC: 'America/Guayaquil', // Quito
  ES: 'Europe/Madrid', // Madrid
  FM: 'Pacific/Pohnpei', // Palikir
  GL: 'America/Nuuk', // Nuuk
  ID: 'Asia/Jakarta', // Jakarta
  KI: 'Pacific/Tarawa', // Tarawa
  KZ: 'Asia/Almaty', // Astana (one offset since 2024, so the library groups its zones as one)
  MN: 'Asia/Ulaanbaatar', // Ulaanbaatar
  MX: 'America/Mexico_City', // Mexico City
  NZ: 'Pacific/Auckland', // Wellington
  PF: 'Pacific/Tahiti', // Papeete
  PG: 'Pacific/Port_Moresby', // Port Moresby
  PT: 'Europe/Lisbon', // Lisbon
  RU: 'Europe/Moscow', // Moscow
  UA: 'Europe/Kyiv', // Kyiv
  UM: null,
  US: 'America/New_York', // Washington, D.C.
};

/** How the zone was found. */
export type PlaceZoneBasis = 'PLACE' | 'COUNTRY' | 'CAPITAL';

export interface PlaceZone {
  timeZone: string;
  basis: PlaceZoneBasis;
  /** ISO 3166-1 alpha-2 of the zone's country. */
  countryIso2: string;
}

/** "São Paulo", "Sao_Paulo" and "sao-paulo" alike: no accents, case, or separators. */
function placeKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-'’.,]+/g, ' ')
    .trim();
}

/** Group members named after a city (Asia/Tehran), not a region (US/Eastern, EST5EDT). */
const CITY_ZONE = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//;

function buildIndexes() {
  const zonesByCountry = new Map<string, RawTimeZone[]>();
  const zonesByPlace = new Map<string, RawTimeZone[]>();
  const addPlace = (name: string, zone: RawTimeZone) => {
    const key = placeKey(name);
    const known = zonesByPlace.get(key) ?? [];
    if (!known.includes(zone)) zonesByPlace.set(key, [...known, zone]);
  };
  for (const zone of rawTimeZones) {
    zonesByCountry.set(zone.countryCode, [...(zonesByCountry.get(zone.countryCode) ?? []), zone]);
    for (const city of zone.mainCities) addPlace(city, zone);
    for (const member of zone.group.filter((name) => CITY_ZONE.test(name))) addPlace(member.split('/').at(-1)!, zone);
  }
  return { zonesByCountry, zonesByPlace };
}

let indexes: ReturnType<typeof buildIndexes> | undefined;
const built = () => (indexes ??= buildIndexes());

/** The country's zone (its capital's when it has several), or undefined when it has none we can name. */
export function countryTimeZone(iso2: string): PlaceZone | undefined {
  if (iso2 in CAPITAL_ZONES) {
    const capital = CAPITAL_ZONES[iso2];
    return capital ? { timeZone: capital, basis: 'CAPITAL', countryIso2: iso2 } : undefined;
  }
  const zones = built().zonesByCountry.get(iso2) ?? [];
  return zones.length === 1 ? { timeZone: zones[0]!.name, basis: 'COUNTRY', countryIso2: iso2 } : undefined;
}

/**
 * The zone of a place the library knows by name (one of a zone's main cities, or the city a zone
 * is named after), within the country when one is given. A name that several zones share (two
 * San Josés) names none.
 */
export function placeTimeZone(place: string, iso2?: string): PlaceZone | undefined {
  const found = (built().zonesByPlace.get(placeKey(place)) ?? []).filter(
    (zone) => iso2 === undefined || zone.countryCode === iso2,
  );
  if (found.length !== 1) return undefined;
  return { timeZone: found[0]!.name, basis: 'PLACE', countryIso2: found[0]!.countryCode };
}

/**
 * The zone a date at this place defaults to: the place's own, else the country's. `country` is
 * an ISO 3166-1 alpha-3 code the caller has checked (countryCodeProblem); `place` a place name.
 */
export function defaultTimeZone({ country, place }: { country?: string; place?: string }): PlaceZone | undefined {
  const iso2 = country === undefined ? undefined : countryByIso3(country)?.iso2;
  if (country !== undefined && iso2 === undefined) return undefined;
  const byPlace = place?.trim() ? placeTimeZone(place, iso2) : undefined;
  return byPlace ?? (iso2 === undefined ? undefined : countryTimeZone(iso2));
}
