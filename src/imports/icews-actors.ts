import { countryByIso3, isCameoActorCode } from '../diplomacy/index';
import { CAMEO_COUNTRY_CODES } from '../diplomacy/reference/cameo-actor-codes';
import { countryNameKeys, looksPersonal } from './actor-names';
import { icewsCountryIso3 } from './icews-countries';
import { ICEWS_SECTORS } from './reference/icews-sectors';
import { nameKey } from './title-case';
import type { ActorDescriptor } from './types';

const sectorCodes = new Map(ICEWS_SECTORS);
const regionCodes = new Map(CAMEO_COUNTRY_CODES.map(([code, label]) => [nameKey(label), code]));

/** ICEWS's placeholders for an actor it could not identify are not actors. */
const PLACEHOLDER = /^(Unspecified|Unidentified)\b/;

/**
 * ICEWS actor fields to a descriptor (MAPPING.md, "Actors"). ICEWS names actors properly, so the
 * name decides: a country's name without sectors is the STATE; "Citizen (Japan)" is a generic
 * agent, an ORGANIZATION; a personal name with a country is a PERSON; the rest are organizations.
 */
export function icewsActor(nameRaw: string, sectorsRaw: string, countryRaw: string): ActorDescriptor | undefined {
  const name = na(nameRaw);
  if (!name || PLACEHOLDER.test(name)) return undefined;
  const sectors = (na(sectorsRaw) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const countryName = na(countryRaw);
  const country = countryName ? icewsCountryIso3(countryName) : undefined;

  if (sectors.length === 0) {
    const named = icewsCountryIso3(name);
    if (named) {
      const descriptor: ActorDescriptor = {
        ref: `cameo:${named}`,
        kind: 'STATE',
        name: countryByIso3(named)!.name,
        aliases: [name],
        country: named,
      };
      if (isCameoActorCode(named)) descriptor.cameoCode = named;
      return descriptor;
    }
    const region = regionCodes.get(nameKey(name));
    if (region) return { ref: `cameo:${region}`, kind: 'ORGANIZATION', name, aliases: [name], cameoCode: region };
  }

  const generic = /\(([^()]+)\)$/.exec(name);
  const home = country ?? (generic ? icewsCountryIso3(generic[1]!) : undefined);
  // ICEWS gives news outlets a "News" sector ("Print News"); journalists have "Media" only.
  const outlet = sectors.some((s) => /\bNews\b/.test(s));
  const person = !generic && !outlet && home !== undefined && looksPersonal(name, new Set(countryNameKeys(home)));
  const descriptor: ActorDescriptor = {
    ref: `name:${nameKey(name)}|${home ?? ''}`,
    kind: person ? 'PERSON' : 'ORGANIZATION',
    name,
    aliases: [name],
  };
  if (home) descriptor.country = home;
  const affiliation = affiliationCode(sectors, home);
  if (affiliation) descriptor.affiliationCode = affiliation;
  return descriptor;
}

/** ICEWS lists sectors in no particular order; offices of state say most about an actor. */
const TYPE_PRIORITY = ['GOV', 'MIL', 'LEG', 'JUD', 'COP', 'SPY', 'IGO', 'ELI', 'PTY', 'OPP'];
const priority = (code: string) => {
  const index = TYPE_PRIORITY.indexOf(code.slice(0, 3));
  return index === -1 ? TYPE_PRIORITY.length : index;
};

/** The country and the weightiest sector's CAMEO type: "Foreign Ministry" in Japan is JPNGOV. */
function affiliationCode(sectors: string[], country: string | undefined): string | undefined {
  const codes = sectors
    .map((sector) => sectorCodes.get(sector))
    .filter((type): type is string => type !== undefined)
    .map((type) => `${country ?? ''}${type}`)
    .filter((code) => isCameoActorCode(code));
  const [best] = codes
    .map((code, index) => ({ code, index }))
    .sort(
      (a, b) =>
        priority(a.code.slice(country?.length ?? 0)) - priority(b.code.slice(country?.length ?? 0)) ||
        a.index - b.index,
    );
  if (best) return best.code;
  return country && isCameoActorCode(country) ? country : undefined;
}

export function na(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || trimmed === 'NA' ? undefined : trimmed;
}
