/**
 * Which order files of a backfill are imported in, and which fall within --since/--until.
 *
 * GDELT names its files by the end of their 15-minute window: `20191024143000.export.CSV.zip`.
 * That 14-digit prefix is a file's timestamp; sorting names sorts those files by time, so files are
 * taken in the order of their base names (then of their paths), whatever folder or argument they
 * came from. ICEWS and NDJSON files have no such prefix: they go in name order.
 */

const TIMESTAMP_PREFIX = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?!\d)/;

/** The file's `YYYYMMDDHHMMSS` name prefix when it is a real UTC instant, else undefined. */
export function fileTimestamp(name: string): string | undefined {
  const match = TIMESTAMP_PREFIX.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return real ? match[0] : undefined;
}

/** Base name order, then path order: a file's place in a backfill. */
export function compareImportFiles(a: { name: string; path: string }, b: { name: string; path: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * A --since/--until bound as a 14-digit timestamp: `2019`, `201910`, `20191024`, `2019102414`,
 * `201910241430`, `20191024143000`, or the ISO forms `2019-10-24`, `2019-10-24T14:30`,
 * `2019-10-24T14:30:00Z` (UTC; no other offset). Missing parts are the start of the period.
 * Undefined when it is none of these.
 */
export function timeBound(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?Z?)?$/.exec(value);
  const digits = iso
    ? iso
        .slice(1)
        .map((part) => part ?? '')
        .join('')
    : /^\d{4}(?:\d{2}){0,5}$/.test(value)
      ? value
      : undefined;
  if (digits === undefined) return undefined;
  const full = digits + '0101000000'.slice(digits.length - 4);
  return fileTimestamp(full) === full ? full : undefined;
}

/** Within [since, until): --since is inclusive, --until exclusive, so a day is `--since D --until D+1`. */
export function withinBounds(timestamp: string, since: string | undefined, until: string | undefined): boolean {
  return (since === undefined || timestamp >= since) && (until === undefined || timestamp < until);
}
