import { cameoEventLabel, isCameoEventCode, type EventLocation, type EventSource } from '../diplomacy/index';
import { classifyEventCode } from './cameo-scope';
import { buildDyadRecord } from './event-builder';
import { icewsActor, na } from './icews-actors';
import { icewsCountryIso3 } from './icews-countries';
import { sourceIdFor } from './ids';
import { coordinates, isBlank, lineReject, numberOrUndefined, reject } from './line-checks';
import { utcDay } from './source-dates';
import type { ImportOptions, ImportOutcome, Line, Provenance } from './types';

export const ICEWS_COLUMNS = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Sectors',
  'Source Country',
  'Event Text',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Sectors',
  'Target Country',
  'Story ID',
  'Sentence Number',
  'Publisher',
  'City',
  'District',
  'Province',
  'Country',
  'Latitude',
  'Longitude',
] as const;
export const ICEWS_HEADER = ICEWS_COLUMNS.join('\t');

type IcewsRow = Record<(typeof ICEWS_COLUMNS)[number], string>;

/** One line of an ICEWS events file; undefined for a blank line or the header row. */
export function parseIcewsLine(line: Line, options: ImportOptions = {}): ImportOutcome | undefined {
  if (isBlank(line) || line.text === ICEWS_HEADER) return undefined;
  const early = lineReject(line);
  if (early) return early;
  const cells = line.text.split('\t');
  const { lineNumber } = line;
  if (cells.length !== ICEWS_COLUMNS.length) {
    return reject(
      lineNumber,
      'COLUMN_COUNT',
      `expected ${ICEWS_COLUMNS.length} tab-separated columns, got ${cells.length}`,
    );
  }
  const row = Object.fromEntries(ICEWS_COLUMNS.map((name, i) => [name, cells[i]!.trim()])) as IcewsRow;
  // An ICEWS Event ID is unique only together with its date.
  const externalId = `${row['Event ID']}@${row['Event Date']}`;
  if (!/^\d+$/.test(row['Event ID']))
    return reject(lineNumber, 'COLUMN_COUNT', `Event ID "${row['Event ID']}" is not a number: columns are shifted`);

  const code = row['CAMEO Code'];
  if (!isCameoEventCode(code))
    return reject(lineNumber, 'UNKNOWN_CAMEO_CODE', `unknown CAMEO event code "${code}"`, externalId);
  const classification = classifyEventCode(code, options.allEvents);
  if (classification.scope === 'OUT')
    return { type: 'skip', skip: { lineNumber, externalId, cameoCode: code, reason: classification.reason } };
  if (classification.scope === 'REFUSED')
    return reject(lineNumber, 'MATERIAL_ACTION', classification.reason, externalId);

  const date = utcDay(row['Event Date'], 'Event Date');
  if ('problem' in date) return reject(lineNumber, 'IMPOSSIBLE_DATE', date.problem, externalId);

  return buildDyadRecord(
    {
      lineNumber,
      source: 'ICEWS',
      externalId,
      cameoCode: code,
      classification,
      date: date.point,
      actor1: icewsActor(row['Source Name'], row['Source Sectors'], row['Source Country']),
      actor2: icewsActor(row['Target Name'], row['Target Sectors'], row['Target Country']),
      location: icewsLocation(row),
      sources: icewsSources(row),
      summary:
        `ICEWS event ${row['Event ID']} of ${row['Event Date']}, CAMEO ${code} "${cameoEventLabel(code)}" (${row['Event Text']}): ` +
        `${row['Source Name']} → ${row['Target Name']}. Intensity ${row.Intensity}; ${na(row.Publisher) ?? 'unknown publisher'}, ` +
        `story ${row['Story ID']}, sentence ${row['Sentence Number']}.`,
      provenance: icewsProvenance(row, externalId, code),
    },
    options,
  );
}

function icewsLocation(row: IcewsRow): EventLocation | null {
  const parts = [row.City, row.District, row.Province, row.Country].map(na).filter((p): p is string => p !== undefined);
  if (parts.length === 0) return null;
  const location: EventLocation = { placeName: [...new Set(parts)].join(', ') };
  const country = na(row.Country) ? icewsCountryIso3(row.Country) : undefined;
  if (country) location.country = country;
  const point = coordinates(row.Latitude, row.Longitude);
  if (point) location.coordinates = point;
  return location;
}

function icewsSources(row: IcewsRow): EventSource[] {
  const publisher = na(row.Publisher);
  const story = na(row['Story ID']);
  if (!publisher) return [];
  return [{ sourceId: sourceIdFor(`ICEWS story ${story ?? row['Event ID']}`), publisher: publisher.slice(0, 200) }];
}

function icewsProvenance(row: IcewsRow, externalId: string, code: string): Provenance {
  const provenance: Provenance = { source: 'ICEWS', externalId, cameoCode: code };
  const intensity = numberOrUndefined(row.Intensity);
  if (intensity !== undefined) provenance.intensity = intensity;
  const story = na(row['Story ID']);
  if (story) provenance.storyId = story;
  const sentence = numberOrUndefined(row['Sentence Number']);
  if (sentence !== undefined) provenance.sentenceNumber = sentence;
  provenance.rawActors = (['Source', 'Target'] as const).map((side) => {
    const actor: { name?: string; sectors?: string[]; country?: string } = {};
    const name = na(row[`${side} Name`]);
    const sectors = na(row[`${side} Sectors`]);
    const country = na(row[`${side} Country`]);
    if (name) actor.name = name;
    if (sectors) actor.sectors = sectors.split(',');
    if (country) actor.country = country;
    return actor;
  });
  return provenance;
}
