import { COUNTRIES, type CountryRecord } from './countries';

const byIso3: ReadonlyMap<string, CountryRecord> = new Map(COUNTRIES.map((country) => [country.iso3, country]));
const byFips: ReadonlyMap<string, CountryRecord> = new Map(
  COUNTRIES.filter((country) => country.fips !== null).map((country) => [country.fips!, country]),
);

/** ISO 3166-1 alpha-3 as GeoNames lists it (upper case; includes a few historic codes such as ANT). */
export function isIso3Country(code: unknown): code is string {
  return typeof code === 'string' && byIso3.has(code);
}

export function countryByIso3(iso3: string): CountryRecord | undefined {
  return byIso3.get(iso3);
}

/** GDELT's *Geo_CountryCode fields are FIPS 10-4 (RS = Russia, TU = Turkey), its actor codes ISO-3. */
export function iso3FromFips(fips: string): string | undefined {
  return byFips.get(fips)?.iso3;
}

export function countryCodeProblem(code: unknown): string | undefined {
  if (isIso3Country(code)) return undefined;
  return `country must be an ISO 3166-1 alpha-3 code such as RUS, got ${typeof code === 'string' ? `"${code}"` : String(code)}`;
}

export type { CountryRecord };
