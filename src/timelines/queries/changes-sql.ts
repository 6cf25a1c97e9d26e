import type { CheckedChangeWindow, CheckedFilter } from './query-validation';
import {
  actorGroupCtes,
  countryPairProbe,
  countrySideProbe,
  eventConditions,
  groupProbe,
  participantConditions,
  quoteSchema,
  type Params,
} from './timeline-sql';

/** A row of changesSql: one event that changed, with the versions known at each end of the window. */
export type ChangeRow = {
  /** Null on the one row that carries only the scan's figures (nothing on the page matched). */
  event_id: string;
  /** The version current at `from`; null when the event was not recorded yet. */
  before_version: number | null;
  after_version: number;
  /** The after version's recorded_from with its microseconds, for the cursor. */
  cursor_recorded_from: string;
  recorded_from: Date;
  kind: 'ADDED' | 'REVISED' | 'RETRACTED' | 'RESTORED' | 'MERGED' | 'SPLIT';
  merged_into: string | null;
  /** How many versions of the window the page could examine (at most scanRows), on every row; null when the page is full. */
  scanned: number | null;
  /** The last of them as a cursor position (recorded_from with microseconds, event id); null when none. */
  scanned_to_recorded_from: string | null;
  scanned_to_event_id: string | null;
};

/**
 * The most versions of the window one page of changes examines. A filter that matches little in
 * a window of many changes (a rare actor since 2000, a word nobody wrote) would otherwise read
 * the whole window for one page: on the 1M-event bench read model, more than the read timeout
 * (5 s of a connection, for any anonymous client). A page stops after this many, with what it
 * found and a cursor to go on from (hasNextPage, even with no change on the page). About 10-20 ms
 * of PostgreSQL's time on that read model.
 */
export const CHANGES_SCAN_ROWS = 10_000;

/**
 * What changed between two record times `from` < `to` (now when absent) for the events a filter
 * matches: one page, `limit` rows at most, in (recorded_from, event_id) order of the version known
 * at `to`, after the window's cursor.
 *
 * An event changed in (from, to] exactly when its version current at `to` was recorded after
 * `from`: one recorded at or before `from` and still current at `to` was current at `from` too.
 * So the versions current at `to` recorded after `from` are the changes, one per event, read from
 * event_versions_recorded_idx in page order (a page stops after its size, or after examining
 * `scanRows` versions of the window: see CHANGES_SCAN_ROWS); the version current at `from`, if
 * any, is one primary-key probe per row. Retracted and merged versions count: a retraction is a
 * change.
 *
 * The filter holds when it matches either version (an event revised into or out of the filter
 * changed for its reader), applied to each version row as the timeline applies it (the same
 * conditions, participants probed by key), with the actor merges known at `to`. A filter on a
 * rare actor over a window of many changes reads the window until the page is full or the scan's
 * bound is reached; the page then says how far it looked (scanned, scanned_to_*), and the next
 * one goes on from there.
 *
 * What happened: ADDED (nothing at `from`), MERGED (a mergedInto at `to` it did not have at
 * `from`), SPLIT (a mergedInto at `from`, none at `to`), RETRACTED and RESTORED (its status
 * changed), otherwise REVISED (anything else: a correction, a source, a merge into it).
 */
export function changesSql(
  q: Params,
  schema: string,
  f: CheckedFilter,
  w: CheckedChangeWindow,
  limit: number,
  scanRows = CHANGES_SCAN_ROWS,
): string {
  const s = quoteSchema(schema);
  const { groups, countryPair, countrySides } = participantConditions(f);
  const ctes = groups.length > 0 ? actorGroupCtes(q, s, groups, w.to) : [];
  const from = q.add(w.from, 'timestamptz');

  // The filter on one version row `v` (the probes stay per-row key lookups: OFFSET 0, as on pages).
  const matches = (v: string): string => {
    const conditions = eventConditions(q, f, false, v);
    if (f.eventIds) conditions.push(`${v}.event_id = ANY (${q.add(f.eventIds, 'uuid[]')})`);
    // The timeline's three parts of a date range, as one condition on a row: the interval overlaps.
    if (f.to !== undefined) conditions.push(`${v}.valid_from < ${q.add(f.to, 'timestamptz')}`);
    if (f.from !== undefined) {
      const start = q.add(f.from, 'timestamptz');
      conditions.push(`(${v}.valid_from >= ${start} OR ${v}.valid_to > ${start})`);
    }
    groups.forEach((group, grp) => conditions.push(groupProbe(q, s, v, grp, group.roles, ' OFFSET 0')));
    if (countryPair) conditions.push(countryPairProbe(q, s, v, countryPair, ' OFFSET 0'));
    for (const side of countrySides) conditions.push(countrySideProbe(q, s, v, side, ' OFFSET 0'));
    return conditions.length > 0 ? `(${conditions.join('\n       AND ')})` : 'true';
  };

  const windowWhere = windowConditions(q, w);
  const where: string[] = [];
  const filter = [matches('c'), matches('a')];
  if (filter[0] !== 'true') where.push(`(${filter[0]} OR (a.event_id IS NOT NULL AND ${filter[1]}))`);

  const merged = (v: string) => `(${v}.doc ->> 'mergedInto')`;
  const status = (v: string) => `(${v}.doc ->> 'status')`;
  const cursorTime = (v: string) => `to_char(${v}.recorded_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  // The window's versions in page order, at most scanRows of them (the bound on a page's work).
  const scanLimit = q.add(scanRows, 'int');
  const windowScan = (columns: string) => `SELECT ${columns} FROM ${s}.event_versions c
     WHERE ${windowWhere.join('\n       AND ')}
     ORDER BY c.recorded_from, c.event_id
     LIMIT ${scanLimit}`;
  // Read lazily, so that a page filled early stops early (a nested loop keeps this order).
  const windowRows = `(${windowScan('c.*')}) AS c`;
  const page = `SELECT c.event_id, a.version AS before_version, c.version AS after_version,
       ${cursorTime('c')} AS cursor_recorded_from, c.recorded_from,
       CASE WHEN a.event_id IS NULL THEN 'ADDED'
            WHEN ${merged('c')} IS NOT NULL AND ${merged('c')} IS DISTINCT FROM ${merged('a')} THEN 'MERGED'
            WHEN ${merged('a')} IS NOT NULL AND ${merged('c')} IS NULL THEN 'SPLIT'
            WHEN ${status('c')} = 'RETRACTED' AND ${status('a')} <> 'RETRACTED' THEN 'RETRACTED'
            WHEN ${status('a')} = 'RETRACTED' AND ${status('c')} <> 'RETRACTED' THEN 'RESTORED'
            ELSE 'REVISED' END AS kind,
       ${merged('c')} AS merged_into
  FROM ${windowRows}
  LEFT JOIN LATERAL (
    SELECT a.* FROM ${s}.event_versions a
     WHERE a.event_id = c.event_id AND a.recorded_from <= ${from} AND a.recorded_to > ${from}
     LIMIT 1) AS a ON true
 ${where.length > 0 ? `WHERE ${where.join('\n   AND ')}` : ''}
 ORDER BY c.recorded_from, c.event_id
 LIMIT ${limit}`;
  // How far the page looked, in the same statement (one snapshot: with no `to`, the projector
  // moves the window between two statements): the same keys, index-only, counted, and the last.
  // Read only when the page came back short: a CTE is computed when first read, and a subquery in
  // a CASE branch only when the branch is taken, so a full page costs its size alone.
  const keys = `window_keys AS MATERIALIZED (${windowScan('c.recorded_from, c.event_id')})`;
  const short = `(SELECT count(*) FROM page) < ${limit}`;
  const lastKey = (column: string) =>
    `(SELECT ${column} FROM window_keys k ORDER BY k.recorded_from DESC, k.event_id DESC LIMIT 1)`;
  // One row at least: the figures ride on every row of the page, and alone when nothing matched.
  return `WITH ${ctes.length > 0 ? 'RECURSIVE ' : ''}${[...ctes, `page AS MATERIALIZED (${page})`, keys].join(',\n    ')}
SELECT p.*, f.scanned, f.scanned_to_recorded_from, f.scanned_to_event_id
  FROM (SELECT CASE WHEN ${short} THEN (SELECT count(*)::int FROM window_keys) END AS scanned,
               CASE WHEN ${short} THEN ${lastKey(cursorTime('k'))} END AS scanned_to_recorded_from,
               CASE WHEN ${short} THEN ${lastKey('k.event_id')} END AS scanned_to_event_id) AS f
  LEFT JOIN page p ON true
 ORDER BY p.recorded_from, p.event_id`;
}

/** The versions current at `to` (or now) recorded after `from`, after the window's cursor. */
function windowConditions(q: Params, w: CheckedChangeWindow): string[] {
  const conditions = [`c.recorded_from > ${q.add(w.from, 'timestamptz')}`];
  if (w.to === null) conditions.push(`c.recorded_to = 'infinity'`);
  else {
    const to = q.add(w.to, 'timestamptz');
    conditions.push(`c.recorded_from <= ${to}`, `c.recorded_to > ${to}`);
  }
  if (w.after)
    conditions.push(
      `(c.recorded_from, c.event_id) > (${q.add(w.after.recordedFrom, 'timestamptz')}, ${q.add(w.after.eventId, 'uuid')})`,
    );
  return conditions;
}

/** The keys of nodesSql for given versions: (event_id, version) pairs as two array parameters. */
export function versionKeys(q: Params, versions: readonly { eventId: string; version: number }[]): string {
  return `SELECT k.event_id, k.version FROM unnest(${q.add(
    versions.map((v) => v.eventId),
    'uuid[]',
  )}, ${q.add(
    versions.map((v) => v.version),
    'int[]',
  )}) AS k (event_id, version)`;
}
