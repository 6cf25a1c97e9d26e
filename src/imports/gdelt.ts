import {
  cameoEventLabel,
  iso3FromFips,
  isCameoEventCode,
  type EventLocation,
  type EventSource,
} from '../diplomacy/index';
import { classifyEventCode } from './cameo-scope';
import { buildDyadRecord } from './event-builder';
import { gdeltActor } from './gdelt-actors';
import { GDELT_COLUMN_COUNT, gdeltRow, type GdeltRow } from './gdelt-columns';
import { sourceIdFor } from './ids';
import { coordinates, isBlank, lineReject, numberOrUndefined, reject } from './line-checks';
import { gdeltInstant, utcDay } from './source-dates';
import type { ImportOptions, ImportOutcome, Line, Provenance } from './types';

/** One line of a GDELT 2.0 Event export; undefined for a blank line. */
export function parseGdeltLine(line: Line, options: ImportOptions = {}): ImportOutcome | undefined {
  if (isBlank(line)) return undefined;
  const early = lineReject(line);
  if (early) return early;
  const cells = line.text.split('\t');
  const { lineNumber } = line;
  if (cells.length !== GDELT_COLUMN_COUNT) {
    return reject(
      lineNumber,
      'COLUMN_COUNT',
      `expected ${GDELT_COLUMN_COUNT} tab-separated columns, got ${cells.length}`,
    );
  }
  const row = gdeltRow(cells);
  const externalId = row.GLOBALEVENTID.trim();
  if (externalId === 'GLOBALEVENTID') return reject(lineNumber, 'HEADER', 'a header row: GDELT exports have none');
  if (!/^\d+$/.test(externalId))
    return reject(lineNumber, 'COLUMN_COUNT', `GLOBALEVENTID "${externalId}" is not a number: columns are shifted`);

  const code = row.EventCode.trim();
  if (!isCameoEventCode(code))
    return reject(lineNumber, 'UNKNOWN_CAMEO_CODE', `unknown CAMEO event code "${code}"`, externalId);
  const classification = classifyEventCode(code, options.allEvents);
  if (classification.scope === 'OUT')
    return { type: 'skip', skip: { lineNumber, externalId, cameoCode: code, reason: classification.reason } };
  if (classification.scope === 'REFUSED')
    return reject(lineNumber, 'MATERIAL_ACTION', classification.reason, externalId);

  const date = utcDay(row.SQLDATE, 'SQLDATE');
  if ('problem' in date) return reject(lineNumber, 'IMPOSSIBLE_DATE', date.problem, externalId);

  const recordedAt = gdeltInstant(row.DATEADDED);
  const provenance = gdeltProvenance(row, externalId, code, recordedAt);
  return buildDyadRecord(
    {
      lineNumber,
      source: 'GDELT',
      externalId,
      cameoCode: code,
      classification,
      date: date.point,
      actor1: gdeltActor(row, 1),
      actor2: gdeltActor(row, 2),
      location: actionLocation(row),
      sources: gdeltSources(row),
      summary: gdeltSummary(row, externalId, code),
      provenance,
      ...(recordedAt ? { recordedAt } : {}),
    },
    options,
  );
}

function actionLocation(row: GdeltRow): EventLocation | null {
  // Geo type 0 means GDELT found no place for the action.
  const placeName = row.ActionGeo_FullName.trim();
  if (row.ActionGeo_Type.trim() === '0' || placeName === '') return null;
  const location: EventLocation = { placeName };
  const country = iso3FromFips(row.ActionGeo_CountryCode.trim());
  if (country) location.country = country;
  const point = coordinates(row.ActionGeo_Lat, row.ActionGeo_Long);
  if (point) location.coordinates = point;
  return location;
}

function gdeltSources(row: GdeltRow): EventSource[] {
  const raw = row.SOURCEURL.trim();
  if (raw === '') return [];
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  // Some rows name a wire service ("BBC Monitoring") instead of giving a URL.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return [{ sourceId: sourceIdFor(raw), publisher: raw.slice(0, 200) }];
  return [{ sourceId: sourceIdFor(raw), publisher: url.hostname.replace(/^www\./, ''), url: raw }];
}

function gdeltProvenance(row: GdeltRow, externalId: string, code: string, recordedAt: string | undefined): Provenance {
  const provenance: Provenance = { source: 'GDELT', externalId, cameoCode: code };
  if (recordedAt) provenance.recordedAt = recordedAt;
  const numbers: [keyof Provenance, string][] = [
    ['goldstein', row.GoldsteinScale],
    ['numMentions', row.NumMentions],
    ['numSources', row.NumSources],
    ['numArticles', row.NumArticles],
    ['avgTone', row.AvgTone],
  ];
  for (const [key, raw] of numbers) {
    const value = numberOrUndefined(raw);
    if (value !== undefined) Object.assign(provenance, { [key]: value });
  }
  provenance.rawActors = ([1, 2] as const).map((n) => {
    const actor: { code?: string; name?: string } = {};
    const actorCode = row[`Actor${n}Code`].trim();
    const name = row[`Actor${n}Name`].trim();
    if (actorCode) actor.code = actorCode;
    if (name) actor.name = name;
    return actor;
  });
  return provenance;
}

function gdeltSummary(row: GdeltRow, externalId: string, code: string): string {
  const actor = (n: 1 | 2) => {
    const name = row[`Actor${n}Name`].trim();
    const actorCode = row[`Actor${n}Code`].trim();
    return name || actorCode ? `${name || '?'}${actorCode ? ` (${actorCode})` : ''}` : 'nobody';
  };
  const tone = numberOrUndefined(row.AvgTone);
  return (
    `GDELT event ${externalId}, CAMEO ${code} "${cameoEventLabel(code)}": ${actor(1)} → ${actor(2)}. ` +
    `Goldstein ${row.GoldsteinScale || '?'}, ${row.NumMentions || '?'} mentions in ${row.NumSources || '?'} sources ` +
    `(${row.NumArticles || '?'} articles), average tone ${tone === undefined ? '?' : tone.toFixed(2)}.`
  );
}
