import { GDELT_COLUMNS } from '../gdelt-columns';

const DATE_ADDED = GDELT_COLUMNS.indexOf('DATEADDED');

/**
 * The GDELT slice as another 15-minute file would have it: every GLOBALEVENTID moved by
 * `idOffset` (so its rows are other events, with other derived ids) and DATEADDED set to the
 * file's timestamp. Dates of the events stay, so with clustering the copies' rows join the same
 * occurrences as reports, as consecutive GDELT files do. For tests and bench:import.
 */
export function shiftedGdeltSlice(text: string, idOffset: number, timestamp: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const columns = line.split('\t');
    columns[0] = (BigInt(columns[0]!) + BigInt(idOffset)).toString();
    columns[DATE_ADDED] = timestamp;
    out.push(columns.join('\t'));
  }
  return `${out.join('\n')}\n`;
}

/** The name and timestamp of the `n`th 15-minute file after `first` (a YYYYMMDDHHMMSS string). */
export function gdeltFileStamp(first: string, n: number): string {
  const at = Date.UTC(
    +first.slice(0, 4),
    +first.slice(4, 6) - 1,
    +first.slice(6, 8),
    +first.slice(8, 10),
    +first.slice(10, 12),
  );
  return new Date(at + n * 15 * 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
