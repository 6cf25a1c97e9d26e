import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { addToTally, emptyTally, importStream, type ImportTally } from '../import-lines';
import { readLines } from '../read-lines';
import type { ImportFormat, ImportOptions, ImportOutcome, Line } from '../types';

/** The real files, whole, kept in the repository (see test/fixtures/data/README.md). */
export const DATA = resolve(process.cwd(), 'test/fixtures/data');
export const GDELT_EXPORT = join(DATA, 'gdelt/20191024143000.export.CSV');
export const ICEWS_SAMPLE = join(DATA, 'icews/events.2018.sample.tab');
/** Excerpts of those files, small enough to read and vary in a test. */
export const FIXTURES = resolve(process.cwd(), 'test/fixtures/imports');

export async function collectFile(
  path: string,
  format: ImportFormat,
  options: ImportOptions = {},
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for await (const outcome of importStream(createReadStream(path), format, options)) outcomes.push(outcome);
  return outcomes;
}

/** Lines of a text given in chunks, so tests can cut anywhere (inside a character, between \r and \n). */
export async function linesOf(chunks: (string | Buffer)[]): Promise<Line[]> {
  const lines: Line[] = [];
  const stream = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  for await (const line of readLines(stream)) lines.push(line);
  return lines;
}

export function tallyOf(outcomes: ImportOutcome[]): ImportTally {
  return outcomes.reduce(addToTally, emptyTally());
}

/** Reject reasons with how often each occurs, for asserting exact counts. */
export function reasons(outcomes: ImportOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) if (o.type === 'reject') counts[o.reject.reason] = (counts[o.reject.reason] ?? 0) + 1;
  return counts;
}

export function byLine(outcomes: ImportOutcome[], lineNumber: number): ImportOutcome {
  const found = outcomes.find(
    (o) => (o.type === 'record' ? o.record : o.type === 'skip' ? o.skip : o.reject).lineNumber === lineNumber,
  );
  if (!found) throw new Error(`no outcome for line ${lineNumber}`);
  return found;
}
