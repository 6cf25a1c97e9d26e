import { csvLines, ndjsonLines, toTimelineJs } from './formats';
import type { TimelineNode, TimelineQueries, RecordTimeOptions, TimelineFilter } from '../timelines/queries';

export const EXPORT_FORMATS = ['TIMELINEJS', 'NDJSON', 'CSV'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  TIMELINEJS: 'application/json',
  NDJSON: 'application/x-ndjson',
  CSV: 'text/csv; charset=utf-8',
};

/**
 * A timeline's events in order, page by page (100 at a time through the same indexed queries the
 * API uses), so a long export never holds more than a page unless the format needs the whole.
 */
export async function* exportNodes(
  queries: TimelineQueries,
  filter: TimelineFilter,
  options: RecordTimeOptions,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<TimelineNode> {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await queries.timeline(filter, { ...options, order: 'ASC', first: 100, ...(after ? { after } : {}) });
    for (const edge of page.edges) {
      if (count >= limit) return;
      count += 1;
      yield edge.node;
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}

/**
 * Writes an export. CSV rows go out as they are read; NDJSON needs every event first (linked
 * events must come before the events that link to them) and TimelineJS is one JSON document.
 */
export async function writeExport(
  format: ExportFormat,
  nodes: AsyncIterable<TimelineNode>,
  write: (chunk: string) => void | Promise<void>,
  options: { title?: string; includeRetracted?: boolean } = {},
): Promise<number> {
  if (format === 'CSV') {
    let count = 0;
    await write([...csvLines([])].join(''));
    for await (const node of nodes) {
      await write([...csvLines([node])].slice(1).join(''));
      count += 1;
    }
    return count;
  }
  const all: TimelineNode[] = [];
  for await (const node of nodes) all.push(node);
  if (format === 'NDJSON') {
    for (const line of ndjsonLines(all)) await write(line);
  } else {
    await write(`${JSON.stringify(toTimelineJs(all, options), null, 2)}\n`);
  }
  return all.length;
}
