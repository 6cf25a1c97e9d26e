import type { Readable } from 'node:stream';
import { parseGdeltLine } from './gdelt';
import { parseIcewsLine } from './icews';
import { parseNdjsonLine } from './ndjson';
import { readLines, type ReadLinesOptions } from './read-lines';
import type { ImportFormat, ImportOptions, ImportOutcome, Line, RejectCode } from './types';

const PARSERS: Record<ImportFormat, (line: Line, options: ImportOptions) => ImportOutcome | undefined> = {
  gdelt: parseGdeltLine,
  icews: parseIcewsLine,
  ndjson: parseNdjsonLine,
};

/** Outcomes in line order, one per non-blank data line; nothing is held beyond the current line. */
export async function* importLines(
  lines: AsyncIterable<Line>,
  format: ImportFormat,
  options: ImportOptions = {},
): AsyncGenerator<ImportOutcome> {
  const parse = PARSERS[format];
  for await (const line of lines) {
    const outcome = parse(line, options);
    if (outcome) yield outcome;
  }
}

/** readLines and importLines together; sniff the file's first bytes (sniffFormat) before calling. */
export function importStream(
  stream: Readable,
  format: ImportFormat,
  options: ImportOptions & ReadLinesOptions = {},
): AsyncGenerator<ImportOutcome> {
  return importLines(readLines(stream, options), format, options);
}

/** Counts for a progress bar and the final report. */
export type ImportTally = {
  records: number;
  skipped: number;
  rejected: number;
  rejectedByCode: Partial<Record<RejectCode, number>>;
  byKind: Partial<Record<string, number>>;
};

export function emptyTally(): ImportTally {
  return { records: 0, skipped: 0, rejected: 0, rejectedByCode: {}, byKind: {} };
}

export function addToTally(tally: ImportTally, outcome: ImportOutcome): ImportTally {
  if (outcome.type === 'record') {
    tally.records += 1;
    tally.byKind[outcome.record.kind] = (tally.byKind[outcome.record.kind] ?? 0) + 1;
  } else if (outcome.type === 'skip') tally.skipped += 1;
  else {
    tally.rejected += 1;
    tally.rejectedByCode[outcome.reject.code] = (tally.rejectedByCode[outcome.reject.code] ?? 0) + 1;
  }
  return tally;
}
