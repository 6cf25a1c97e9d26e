import { isCameoActorCode, isIso3Country } from '../diplomacy/index';
import { countryLabel, countryNameKeys, looksPersonal, segmentLabel } from './actor-names';
import type { GdeltRow } from './gdelt-columns';
import { nameKey, titleCase } from './title-case';
import type { ActorDescriptor } from './types';

/**
 * GDELT actor fields to a descriptor. GDELT identifies actors by CAMEO code, and its Name is the
 * word it matched in the text: "MOSCOW" or "RUSSIAN" for RUS, "PRESIDENT" or "VLADIMIR PUTIN" for
 * RUSGOV. So the code decides, and the name only where it is a proper name (MAPPING.md, "Actors"):
 *
 *  1. a country code alone: a STATE (ISO-3) or, for a CAMEO region such as AFR, an ORGANIZATION;
 *  2. a known group (EEC, UNO, WBK): that ORGANIZATION;
 *  3. a multinational (MNC): the company, by name;
 *  4. a personal name (see looksPersonal) with a country: a PERSON, by name;
 *  5. anything else: the body the code names, "Government (Russia)" for RUSGOV.
 */
export function gdeltActor(row: GdeltRow, n: 1 | 2): ActorDescriptor | undefined {
  const field = (suffix: string) => (row[`Actor${n}${suffix}` as keyof GdeltRow] ?? '').trim().toUpperCase();
  const code = field('Code');
  const raw = (row[`Actor${n}Name`] ?? '').trim();
  if (code === '' && raw === '') return undefined;
  const country = field('CountryCode');
  const iso3 = isIso3Country(country) ? country : undefined;
  const types = [field('Type1Code'), field('Type2Code'), field('Type3Code')].filter((t) => t !== '');
  const group = field('KnownGroupCode');
  const validCode = isCameoActorCode(code) ? code : undefined;
  const byName = (kind: ActorDescriptor['kind']): ActorDescriptor =>
    withOptional(
      { ref: `name:${nameKey(raw)}|${iso3 ?? ''}`, kind, name: titleCase(raw), aliases: [raw] },
      iso3,
      undefined,
      validCode,
    );

  if (code === '') return byName('ORGANIZATION');

  if (code === country && code.length === 3) {
    const label = countryLabel(code) ?? titleCase(raw);
    const aliases = raw !== '' && countryNameKeys(code).includes(nameKey(raw)) ? [raw] : [];
    return withOptional(
      { ref: `cameo:${code}`, kind: iso3 ? 'STATE' : 'ORGANIZATION', name: label, aliases },
      iso3,
      validCode,
    );
  }

  if (group !== '') {
    // GDELT's KnownGroupCode holds the first group (UNO in IGOUNODEVWBK); the last is the actor.
    const segments = code.match(/.{3}/g) ?? [];
    const last = segments.reverse().find((segment) => segmentLabel(segment, 'GROUP') !== undefined);
    const name = segmentLabel(last ?? group, 'GROUP') ?? titleCase(raw);
    return withOptional(
      { ref: `cameo:${code}`, kind: 'ORGANIZATION', name, aliases: raw ? [raw] : [] },
      iso3,
      validCode,
    );
  }

  if (types.includes('MNC') && raw !== '') return byName('ORGANIZATION');

  const places = new Set([...countryNameKeys(country), ...placeKeys(row)]);
  const elite = types.includes('ELI');
  if (iso3 && looksPersonal(raw, places, elite ? 1 : 2)) return byName('PERSON');

  return withOptional(
    {
      ref: `cameo:${code}`,
      kind: 'ORGANIZATION',
      name: bodyName(row, n, country) ?? (raw ? titleCase(raw) : code),
      aliases: [],
    },
    iso3,
    validCode,
  );
}

/** "Government (United States)", "Police forces", "Kurd": the labels of the code's segments. */
function bodyName(row: GdeltRow, n: 1 | 2, country: string): string | undefined {
  const get = (suffix: string) => (row[`Actor${n}${suffix}` as keyof GdeltRow] ?? '').trim().toUpperCase();
  const labels = [
    ...['Type1Code', 'Type2Code', 'Type3Code'].map((s) => segmentLabel(get(s), 'TYPE')),
    segmentLabel(get('EthnicCode'), 'ETHNIC'),
    ...['Religion1Code', 'Religion2Code'].map((s) => segmentLabel(get(s), 'RELIGION')),
  ].filter((label): label is string => label !== undefined);
  const unique = [...new Set(labels)];
  if (unique.length === 0) return undefined;
  const where = country ? countryLabel(country) : undefined;
  return where ? `${unique.join(', ')} (${where})` : unique.join(', ');
}

/** Every part of the row's place names: "ABU DHABI" in "Abu Dhabi, Abu Z¸aby, United Arab Emirates". */
function placeKeys(row: GdeltRow): string[] {
  return [row.Actor1Geo_FullName, row.Actor2Geo_FullName, row.ActionGeo_FullName].flatMap((full) =>
    full
      ? full
          .split(',')
          .map((part) => nameKey(part))
          .filter((key) => key !== '')
      : [],
  );
}

function withOptional(
  base: ActorDescriptor,
  country?: string,
  cameoCode?: string,
  affiliationCode?: string,
): ActorDescriptor {
  const descriptor = { ...base };
  if (country) descriptor.country = country;
  if (cameoCode) descriptor.cameoCode = cameoCode;
  if (affiliationCode) descriptor.affiliationCode = affiliationCode;
  return descriptor;
}
