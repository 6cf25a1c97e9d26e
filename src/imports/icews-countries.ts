import { COUNTRIES, isIso3Country } from '../diplomacy/index';
import { ICEWS_COUNTRY_NAMES } from './reference/icews-country-names';
import { nameKey } from './title-case';

/**
 * ICEWS names countries in full ("Russian Federation", "Moldova, Republic of"). GeoNames' own
 * names are tried first, since countrynames.txt has codes that are not ISO-3 or are wrong for
 * ISO: Antarctica is ANT there (Netherlands Antilles in ISO), Timor-Leste TMP, Kosovo KSV,
 * the Isle of Man GBRIMY; dependencies carry their country in front (USAASM, DNKGRL).
 */
const CAMEO_TO_ISO: Readonly<Record<string, string>> = { TMP: 'TLS', KSV: 'XKX', IMY: 'IMN' };

function isoFromCameo(code: string): string | undefined {
  const fixed = CAMEO_TO_ISO[code];
  if (fixed) return fixed;
  if (code.length === 3) return isIso3Country(code) ? code : undefined;
  const own = code.slice(3);
  const own3 = CAMEO_TO_ISO[own] ?? own;
  if (isIso3Country(own3)) return own3;
  const parent = code.slice(0, 3);
  return isIso3Country(parent) ? parent : undefined;
}

const byName = new Map<string, string>();
for (const country of COUNTRIES) byName.set(nameKey(country.name), country.iso3);
for (const [name, code] of ICEWS_COUNTRY_NAMES) {
  const key = nameKey(name);
  const iso3 = isoFromCameo(code);
  if (iso3 && !byName.has(key)) byName.set(key, iso3);
}

/** ISO-3 for an ICEWS country name, also in inverted form ("Palestinian Territory, Occupied"). */
export function icewsCountryIso3(name: string): string | undefined {
  const direct = byName.get(nameKey(name));
  if (direct) return direct;
  const comma = name.indexOf(',');
  if (comma === -1) return undefined;
  return byName.get(nameKey(`${name.slice(comma + 1)} ${name.slice(0, comma)}`));
}
