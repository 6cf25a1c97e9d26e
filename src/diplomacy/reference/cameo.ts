import {
  CAMEO_COUNTRY_CODES,
  CAMEO_ETHNIC_CODES,
  CAMEO_GROUP_CODES,
  CAMEO_RELIGION_CODES,
  CAMEO_TYPE_CODES,
} from './cameo-actor-codes';
import { CAMEO_EVENT_CODES } from './cameo-event-codes';

const eventLabels: ReadonlyMap<string, string> = new Map(CAMEO_EVENT_CODES);

/** Codes are strings with their leading zeros: "040" is a code, 40 and "40" are not. */
export function isCameoEventCode(code: unknown): code is string {
  return typeof code === 'string' && eventLabels.has(code);
}

export function cameoEventLabel(code: string): string | undefined {
  return eventLabels.get(code);
}

/** The root ("04" for "042"): the first two digits of anything shaped like an event code. */
export function cameoRootCode(code: string): string | undefined {
  return /^\d{2,4}$/.test(code) ? code.slice(0, 2) : undefined;
}

/** Every code with its label, in codebook order (roots before their children). */
export function listCameoEventCodes(): ReadonlyArray<readonly [code: string, label: string]> {
  return CAMEO_EVENT_CODES;
}

export type CameoActorSegmentTable = 'COUNTRY' | 'TYPE' | 'GROUP' | 'ETHNIC' | 'RELIGION';

const actorSegments = new Map<string, { table: CameoActorSegmentTable; label: string }[]>();
const tables: [CameoActorSegmentTable, ReadonlyArray<readonly [string, string]>][] = [
  ['COUNTRY', CAMEO_COUNTRY_CODES],
  ['TYPE', CAMEO_TYPE_CODES],
  ['GROUP', CAMEO_GROUP_CODES],
  ['ETHNIC', CAMEO_ETHNIC_CODES],
  ['RELIGION', CAMEO_RELIGION_CODES],
];
for (const [table, entries] of tables) {
  for (const [code, label] of entries) actorSegments.set(code, [...(actorSegments.get(code) ?? []), { table, label }]);
}

/** What a three-letter segment means; some mean several things (KUR is ethnic only, GOV a type). */
export function cameoActorSegment(segment: string): ReadonlyArray<{ table: CameoActorSegmentTable; label: string }> {
  return actorSegments.get(segment) ?? [];
}

/**
 * A CAMEO actor code as GDELT writes it: 3 to 15 upper-case letters, each three-letter segment
 * known in the country, type, group, ethnic or religion table (RUSGOV, IGOEUREEC). The order of
 * segments is not checked: CAMEO allows many orders and GDELT's data uses them.
 */
export function isCameoActorCode(code: unknown): code is string {
  return cameoActorCodeProblem(code) === undefined;
}

/** Why a code is not a CAMEO actor code, for messages; undefined when it is one. */
export function cameoActorCodeProblem(code: unknown): string | undefined {
  if (
    typeof code !== 'string' ||
    !/^[A-Z]+$/.test(code) ||
    code.length % 3 !== 0 ||
    code.length < 3 ||
    code.length > 15
  ) {
    return 'expected 3 to 15 upper-case letters in three-letter segments, such as RUSGOV';
  }
  const unknown = (code.match(/.{3}/g) ?? []).filter((segment) => !actorSegments.has(segment));
  if (unknown.length === 0) return undefined;
  return `segment ${unknown.map((s) => `"${s}"`).join(', ')} is not a known country, type, group, ethnic or religion code`;
}
