import { distinctPublishers, sourceCount } from '../../diplomacy/index';
import { participantLabel, recordedFromIso, type ExportNode } from './timeline-node';

export const CSV_COLUMNS = [
  'event_id',
  'kind',
  'title',
  'summary',
  'start',
  'start_precision',
  'start_time_zone',
  'end',
  'end_precision',
  'location',
  'location_country',
  'participants',
  'topics',
  'cameo_code',
  'sources',
  'retracted',
  'version',
  'recorded_from',
  'source_count',
  'publishers',
  'merged_into',
] as const;

const CRLF = '\r\n';

/** RFC 4180: a field with a comma, a quote, CR or LF is quoted, and its quotes are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(',') + CRLF;
}

/** The header, then one row per event, each ending in CRLF (the format's line break). */
export function* csvLines(nodes: Iterable<ExportNode>): Generator<string> {
  yield csvRow(CSV_COLUMNS);
  for (const node of nodes) yield csvRow(csvValues(node));
}

export function toCsv(nodes: Iterable<ExportNode>): string {
  return [...csvLines(nodes)].join('');
}

function csvValues(node: ExportNode): string[] {
  const doc = node.doc;
  return [
    node.eventId,
    doc.kind,
    doc.title,
    doc.summary,
    doc.start.value,
    doc.start.precision,
    doc.start.timeZone,
    doc.end?.value ?? '',
    doc.end?.precision ?? '',
    doc.location?.placeName ?? '',
    doc.location?.country ?? '',
    node.participants.map(participantLabel).join('; '),
    doc.topics.join('; '),
    doc.cameoCode,
    // Every source's URL, merged reports' too (source_count and publishers count those without one).
    doc.sources.flatMap((s) => (s.url === undefined ? [] : [s.url])).join('; '),
    // A merged duplicate is stored as retracted (off the default timeline); it says merged_into instead.
    String(doc.status === 'RETRACTED'),
    String(node.version),
    recordedFromIso(node),
    String(sourceCount(doc.sources)),
    distinctPublishers(doc.sources).join('; '),
    doc.mergedInto ?? '',
  ];
}
