import { corroborated, LONG_SPAN_MS, longSpan, validRange } from '../read-model/read-model-ddl';
import type { TimelineKey } from './cursors';
import type { CheckedDyadSide, CheckedFilter, CheckedRecordTime } from './query-validation';

/**
 * SQL text for the timeline reads, built from checked input. Values always travel as parameters;
 * only the schema name (checked against ^rm_[0-9]+$) and fixed fragments are spliced in.
 */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

export function quoteSchema(schema: string): string {
  if (!/^rm_[0-9]+$/.test(schema))
    throw new Error(`the active read-model schema is not a generation name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** Read keys in `asc` order, strictly between `above` and `below` in (valid_from, event_id) order. */
export type PageScan = { asc: boolean; above: TimelineKey | null; below: TimelineKey | null; limit: number };

export type Candidates = {
  /** CTE definitions the candidate query refers to (it runs under WITH RECURSIVE). */
  ctes: string[];
  /** Rows (event_id, version, valid_from[, kind]); ordered and limited when a scan was given. */
  sql: string;
  /** Whether an event can come out more than once (several driving actors or countries). */
  mayRepeat: boolean;
  /**
   * Whether one plan suits every value of the parameters: the driving index is fixed by the
   * statement's shape. Not so when the whole timeline is filtered by a GIN-indexed member (text,
   * topics, countries) or by event ids: whether that index or the timeline index is better depends
   * on how many events match, which only the values tell.
   */
  shapeFixesPlan: boolean;
};

/** An actor with fewer participant rows drives a dyad's page, the other actor probed (see candidates). */
export const SPARSE_ROWS = 2048;

/** Below every uuid: (valid_from, event_id) >= (t, MIN_UUID) is valid_from >= t. */
const MIN_UUID = '00000000-0000-0000-0000-000000000000';

type Driver =
  | { kind: 'actors' }
  | { kind: 'country'; country: CountrySide; other: CountrySide }
  | { kind: 'cameo'; codes: string[] }
  | { kind: 'timeline' };

/** "As known at asOf" (or now), and without retracted versions unless they are asked for. */
export function recordTimeCondition(
  q: Params,
  alias: string,
  rt: CheckedRecordTime,
  withRetracted = rt.includeRetracted,
): string {
  const conditions =
    rt.asOf === null
      ? [`${alias}.recorded_to = 'infinity'`]
      : [
          `${alias}.recorded_from <= ${q.add(rt.asOf, 'timestamptz')}`,
          `${alias}.recorded_to > ${q.add(rt.asOf, 'timestamptz')}`,
        ];
  if (!withRetracted) conditions.push(`NOT ${alias}.retracted`);
  return conditions.join(' AND ');
}

/**
 * The events matching a filter, found from the most selective index the filter allows:
 * - an actor (allOf, a dyad side, or anyOf): event_participants_actor_idx per actor, in key order,
 *   with the other actors probed by the participants' primary key;
 * - two single actors (a dyad of actors, a directed dyad of actors, allOf of two): both actors'
 *   event_participants_actor_idx ranges, each read in key order from where the page starts, and
 *   merge-joined on the version's key; a third actor or more is probed by primary key. When one
 *   of the two has fewer than SPARSE_ROWS participant rows, a page reads its range instead and
 *   probes the other, as for one actor (counted in the statement: one of the ways runs);
 * - a country dyad: event_participants_country_idx for the first, the second probed by key;
 * - CAMEO codes: event_versions_cameo_idx per code;
 * - otherwise event_versions_timeline_idx (or what the planner prefers for GIN-only filters).
 * With a scan, each driving index is read in (valid_from, event_id) order and stops after `limit`
 * matches, so a page costs about its size whatever the depth.
 *
 * A range with a start (`from`) is three disjoint parts, each found from an index (see
 * read-model-ddl.ts): the events that start in the range (a range scan in key order, which stops
 * after `limit`); the events that started less than LONG_SPAN before `from` and end after it (a
 * short range scan; valid_to is in the driving indexes); and the long events that started earlier
 * and contain `from` (the partial GiST indexes of long events). Any event that started before
 * `from` and still runs is in one of the last two: if it started earlier than LONG_SPAN before,
 * it is longer than LONG_SPAN.
 */
export function candidates(
  q: Params,
  schema: string,
  f: CheckedFilter,
  rt: CheckedRecordTime,
  scan: PageScan | null,
  withKind = false,
): Candidates {
  const s = quoteSchema(schema);
  const ctes: string[] = [];

  const { groups, countryPair, countrySides } = participantConditions(f);
  if (groups.length > 0) ctes.push(...actorGroupCtes(q, s, groups, rt.asOf));

  const driver: Driver =
    groups.length > 0
      ? { kind: 'actors' }
      : countryPair
        ? { kind: 'country', country: countryPair[0], other: countryPair[1] }
        : f.cameoCodes
          ? { kind: 'cameo', codes: f.cameoCodes }
          : { kind: 'timeline' };
  const d = driver.kind === 'actors' || driver.kind === 'country' ? 'p' : 'ev';
  // A single actor's survivor (as known at asOf): the root of its group. Joined ranges are read
  // only when it is the group's one member (see dyad_drive).
  const survivor = (grp: number) =>
    `(SELECT ag.id FROM actor_groups ag WHERE ag.grp = ${grp} ORDER BY ag.depth LIMIT 1)`;
  const shapeFixesPlan = driver.kind !== 'timeline' || !(f.text !== undefined || f.topics || f.countries || f.eventIds);
  const dir = scan?.asc === false ? 'DESC' : 'ASC';

  /**
   * The statement for one way of finding the events: the groups of actors in `order` (the first
   * drives), the first two merge-joined when `join`, and `gate` (a condition of no row: a one-time
   * filter) on every part; with `mergedOnly`, an actors driver reads only the actors merged into
   * its group's survivor (depth > 0), not the survivor itself.
   */
  const build = (
    join: boolean,
    order: readonly number[],
    gate?: string,
    mergedOnly = false,
  ): { sql: string; mayRepeat: boolean } => {
    // For a page, a probe must stay a per-row primary-key lookup: pulled up into a semi-join, the
    // planner may hash every participant row of the probed actor first. OFFSET 0 keeps it a subplan.
    // A count reads every match anyway, and a semi-join is then the better plan.
    const probe = scan ? ' OFFSET 0' : '';
    const sides = join ? [d, 'p2'] : [d];
    const where: string[] = gate ? [gate] : [];
    const onRow = (alias: string, roles: readonly string[] | undefined) => inRoles(q, alias, roles);
    // On a joined range, estimated apart as well: `roles && $1` counts as 1% of the rows.
    const joinedRoles = (alias: string, roles: readonly string[] | undefined) =>
      roles ? [`coalesce(${alias}.roles && ${q.add(roles, 'text[]')}, false)`] : [];
    if (driver.kind === 'actors')
      where.push(
        `p.actor_id = ${join ? survivor(order[0]!) : 'drv.id'}`,
        ...(join ? joinedRoles : onRow)('p', groups[order[0]!]!.roles),
      );
    if (join) where.push(`p2.actor_id = ${survivor(order[1]!)}`, ...joinedRoles('p2', groups[order[1]!]!.roles));
    if (driver.kind === 'country') {
      where.push(`p.actor_country = ${q.add(driver.country.country, 'text')}`, ...onRow('p', driver.country.roles));
      where.push(`EXISTS (SELECT 1 FROM ${s}.event_participants x
          WHERE ${[
            'x.event_id = p.event_id AND x.version = p.version',
            `x.actor_country = ${q.add(driver.other.country, 'text')}`,
            ...onRow('x', driver.other.roles),
            `x.actor_id <> p.actor_id${probe}`,
          ].join(' AND ')})`);
    }
    if (driver.kind === 'cameo') where.push('ev.cameo_code = drv.code');
    // The conditions on the version's times, on each side of a join: every participant row of a
    // version repeats them, and each index range starts and ends where the page's does.
    const to = f.to === undefined ? undefined : q.add(f.to, 'timestamptz');
    const eventIds = f.eventIds === undefined ? undefined : q.add(f.eventIds, 'uuid[]');
    const keyAt = (key: TimelineKey | null | undefined) =>
      key ? ([q.add(key.validFrom, 'timestamptz'), q.add(key.eventId, 'uuid')] as const) : undefined;
    const above = keyAt(scan?.above);
    const below = keyAt(scan?.below);
    // Joined, a range's ends are spelled as key bounds: PostgreSQL estimates a generic plan's
    // `valid_from >= $1 AND valid_from < $2` at 0.5% of the actor's rows (one row), and a nested
    // loop reading one range again for each row of the other then looks cheapest; a row comparison
    // is estimated apart (a third), and the ranges stay large enough for the merge join.
    const bound = (a: string, op: '>=' | '<', at: string) =>
      join ? `(${a}.valid_from, ${a}.event_id) ${op} (${at}, '${MIN_UUID}'::uuid)` : `${a}.valid_from ${op} ${at}`;
    for (const a of sides) {
      where.push(recordTimeCondition(q, a, rt));
      if (eventIds) where.push(`${a}.event_id = ANY (${eventIds})`);
      if (to) where.push(bound(a, '<', to));
      if (above) where.push(`(${a}.valid_from, ${a}.event_id) > (${above[0]}, ${above[1]})`);
      if (below) where.push(`(${a}.valid_from, ${a}.event_id) < (${below[0]}, ${below[1]})`);
    }
    // The parts of a range with a start (see above); one part, with no condition, without.
    const parts: string[][] = [[]];
    if (f.from !== undefined) {
      const from = q.add(f.from, 'timestamptz');
      const shortBefore = q.add(new Date(Date.parse(f.from) - LONG_SPAN_MS).toISOString(), 'timestamptz');
      parts.splice(
        0,
        1,
        sides.flatMap((a) => [bound(a, '>=', from)]),
        sides.flatMap((a) => [bound(a, '>=', shortBefore), bound(a, '<', from), `${a}.valid_to > ${from}`]),
        sides.flatMap((a) => [`${a}.valid_from < ${shortBefore}`, longSpan(a), `${validRange(a)} @> ${from}`]),
      );
    }

    // Conditions on the event version itself.
    const onEvent = eventConditions(q, f, driver.kind === 'cameo');
    where.push(...onEvent);

    // The other actors (and a country dyad when an actor drives): probed by the participants' key.
    for (const grp of order.slice(driver.kind === 'actors' ? sides.length : 0))
      where.push(groupProbe(q, s, d, grp, groups[grp]!.roles, probe));
    if (countryPair && driver.kind !== 'country') where.push(countryPairProbe(q, s, d, countryPair, probe));
    // A country facing an actor in a directed dyad: another participant than that actor.
    for (const side of countrySides) where.push(countrySideProbe(q, s, d, side, probe));

    const joinEvent = d === 'p' && (onEvent.length > 0 || withKind);
    const from =
      d === 'p'
        ? `${s}.event_participants p${
            join
              ? ` JOIN ${s}.event_participants p2 ON p2.valid_from = p.valid_from AND p2.event_id = p.event_id AND p2.version = p.version`
              : ''
          }${joinEvent ? ` JOIN ${s}.event_versions ev ON ev.event_id = p.event_id AND ev.version = p.version` : ''}`
        : `${s}.event_versions ev`;
    const columns = `${d}.event_id, ${d}.version, ${d}.valid_from${withKind ? ', ev.kind' : ''}`;
    const orderLimit = (alias: string) =>
      scan ? `ORDER BY ${alias}.valid_from ${dir}, ${alias}.event_id ${dir} LIMIT ${scan.limit}` : '';
    // Each part is ordered and limited on its own (each an index scan that stops early, or a few
    // long events sorted), then the parts are merged. An event is in one part only: all its rows
    // (one version, several participants) share valid_from and valid_to.
    const part = (distinct: boolean, conditions: string[]) =>
      `SELECT ${distinct && scan ? `DISTINCT ON (${d}.valid_from, ${d}.event_id) ` : ''}${columns}
         FROM ${from}
        WHERE ${[...where, ...conditions].join('\n        AND ')}
        ${orderLimit(d)}`;
    const inner = (distinct: boolean) =>
      parts.length === 1
        ? part(distinct, parts[0]!)
        : `SELECT u.* FROM (${parts.map((conditions) => `(${part(distinct, conditions)})`).join('\n      UNION ALL ')}) AS u
        ${orderLimit('u')}`;

    if (join) return { sql: inner(false), mayRepeat: false };
    switch (driver.kind) {
      case 'timeline':
        return { sql: inner(false), mayRepeat: false };
      case 'country':
        return { sql: inner(true), mayRepeat: true };
      case 'actors':
      case 'cameo': {
        // One index range per driving value, merged: a LATERAL with a LIMIT each keeps every
        // range an ordered index scan that stops early.
        const values =
          driver.kind === 'actors'
            ? `(SELECT DISTINCT id FROM actor_groups WHERE grp = ${order[0]}${mergedOnly ? ' AND depth > 0' : ''}) AS drv`
            : `unnest(${q.add(driver.codes, 'text[]')}) AS drv (code)`;
        const mayRepeat = driver.kind === 'actors';
        const merged = `SELECT ${mayRepeat && scan ? 'DISTINCT ON (k.valid_from, k.event_id) ' : ''}k.*
           FROM ${values}
          CROSS JOIN LATERAL (${inner(false)}) AS k
          ${scan ? `ORDER BY k.valid_from ${dir}, k.event_id ${dir} LIMIT ${scan.limit}` : ''}`;
        return { sql: merged, mayRepeat };
      }
    }
  };

  const order = groups.map((_, grp) => grp);
  // Two single actors (a dyad, a directed dyad, allOf of two): both index ranges, read in page
  // order, merge-joined on the version's key, when each is its group's one member (no actor was
  // merged into either as known at asOf). A survivor's events are also under its duplicates'
  // rows: then the side with fewer rows drives, range by range, and the other is probed by key.
  const joinable =
    driver.kind === 'actors' && groups.length > 1 && groups[0]!.ids.length === 1 && groups[1]!.ids.length === 1;
  if (!joinable) return { ctes, ...build(false, order), shapeFixesPlan };
  const single = `(SELECT count(*) FROM actor_groups WHERE grp < 2) = 2`;
  if (!scan) {
    const ways = [build(true, order, single), build(false, order, `NOT ${single}`)];
    return { ctes, sql: ways.map((way) => `(${way.sql})`).join('\n    UNION ALL '), mayRepeat: true, shapeFixesPlan };
  }
  // A merge join reads the busier range up to the page's last shared event: with an actor of few
  // rows, all of it. So, when one of the two has fewer than SPARSE_ROWS participant rows (in any
  // version, under any member of its group; counted up to that many), its range drives and the
  // other is probed by key instead (ways 1 and 2). Otherwise the survivors' ranges are
  // merge-joined (way 0); when either group has members merged into its survivor (as known at
  // asOf), their events are the survivors' shared ones plus those under a merged member's rows:
  // each merged member's range drives, probing the other group by key (way 3, with way 0; merged
  // members are few and mostly have few rows). Only the chosen ways run: the others are behind a
  // one-time filter that is false.
  const rowsUpTo = (grp: number) =>
    `(SELECT count(*) FROM (SELECT FROM ${s}.event_participants c
        WHERE c.actor_id = ANY (ARRAY(SELECT id FROM actor_groups WHERE grp = ${grp})) LIMIT ${SPARSE_ROWS}) c)`;
  ctes.push(`dyad_drive (side) AS (
      SELECT CASE WHEN n.a < ${SPARSE_ROWS} AND n.a <= n.b THEN 1 WHEN n.b < ${SPARSE_ROWS} THEN 2
                  WHEN n.single THEN 0 ELSE 3 END
        FROM (SELECT ${rowsUpTo(0)} AS a, ${rowsUpTo(1)} AS b, ${single} AS single OFFSET 0) AS n)`);
  const swapped = [1, 0, ...order.slice(2)];
  const ways = [
    build(true, order, '(SELECT side FROM dyad_drive) IN (0, 3)'),
    build(false, order, '(SELECT side FROM dyad_drive) = 1'),
    build(false, swapped, '(SELECT side FROM dyad_drive) = 2'),
    build(false, order, '(SELECT side FROM dyad_drive) = 3', true),
    build(false, swapped, '(SELECT side FROM dyad_drive) = 3', true),
  ];
  // Way 3's parts may find an event way 0 found too (a survivor and a merged member both in it).
  const sql = `SELECT DISTINCT ON (w.valid_from, w.event_id) w.*
    FROM (${ways.map((way) => `(${way.sql})`).join('\n    UNION ALL ')}) AS w
    ORDER BY w.valid_from ${dir}, w.event_id ${dir} LIMIT ${scan.limit}`;
  return { ctes, sql, mayRepeat: false, shapeFixesPlan };
}

/**
 * The CTEs actor_chains and actor_groups: per group of the filter (grp, its index), the actors
 * whose participant rows stand for it as known at asOf (or now).
 */
export function actorGroupCtes(q: Params, s: string, groups: readonly ActorGroup[], asOf: Date | null): string[] {
  const merged = mergedAsOf(q, s, asOf);
  // Actor merges are bitemporal without rewriting a row: participant rows keep the actor they
  // were written with, and a group holds, as known at asOf (or now), the survivor each id given
  // leads to (an id merged since stands for its survivor) and every actor merged into that
  // survivor (their rows are its events). Merged actors are few: both walks are index probes
  // (actors_merged_idx forward, actors_survivor_idx back), and an actor never merged is itself.
  // The ids given as VALUES, not unnest of an array: a generic plan then knows how many there
  // are, as a custom one does, and PostgreSQL keeps the generic plan (one planning per connection).
  // The actor an id was merged into as known at asOf (or now), or null: one key probe.
  const next = (id: string) =>
    `(SELECT a.merged_into FROM ${s}.actors a WHERE a.actor_id = ${id} AND a.merged_into IS NOT NULL${merged('a')})`;
  const chains = `actor_chains (grp, id, next, depth) AS (
        SELECT g.grp, g.id, ${next('g.id')}, 0 FROM (VALUES ${groups
          .flatMap(({ ids }, grp) => ids.map((id) => `(${grp}, ${q.add(id, 'uuid')})`))
          .join(', ')}) AS g (grp, id)
        UNION ALL
        SELECT c.grp, c.next, ${next('c.next')}, c.depth + 1
          FROM actor_chains c WHERE c.next IS NOT NULL AND c.depth < 8)`;
  // Probes by survivor (actors_survivor_idx), one per member (OFFSET 0 keeps the subquery
  // apart): joined, the planner would read every merged actor of the read model to hash or sort.
  const members = `actor_groups (grp, id, depth) AS (
        SELECT c.grp, c.id, 0 FROM actor_chains c WHERE c.next IS NULL OR c.depth = 8
        UNION
        SELECT ag.grp, m.actor_id, ag.depth + 1
          FROM actor_groups ag
         CROSS JOIN LATERAL (SELECT a.actor_id FROM ${s}.actors a
                              WHERE a.merged_into = ag.id AND a.merged_into IS NOT NULL${merged('a')} OFFSET 0) AS m
         WHERE ag.depth < 8)`;
  return [chains, members];
}

/** A role is on the participant row: checked on the row an index range found, or the one probed. */
function inRoles(q: Params, alias: string, roles: readonly string[] | undefined): string[] {
  return roles ? [`${alias}.roles && ${q.add(roles, 'text[]')}`] : [];
}

/** A participant of the version `d` (an alias with event_id and version) in the group `grp` (see actorGroupCtes). */
export function groupProbe(
  q: Params,
  s: string,
  d: string,
  grp: number,
  roles: readonly string[] | undefined,
  probe: string,
): string {
  return `EXISTS (SELECT 1 FROM ${s}.event_participants x
          WHERE x.event_id = ${d}.event_id AND x.version = ${d}.version
            AND x.actor_id = ANY (ARRAY(SELECT id FROM actor_groups WHERE grp = ${grp}))${inRoles(q, 'x', roles)
              .map((condition) => ` AND ${condition}`)
              .join('')}${probe})`;
}

/** Two different participants of the version `d`, one of each country. */
export function countryPairProbe(
  q: Params,
  s: string,
  d: string,
  pair: readonly [CountrySide, CountrySide],
  probe: string,
): string {
  return `EXISTS (SELECT 1 FROM ${s}.event_participants x1
          JOIN ${s}.event_participants x2 ON x2.event_id = x1.event_id AND x2.version = x1.version AND x2.actor_id <> x1.actor_id
          WHERE ${[
            `x1.event_id = ${d}.event_id AND x1.version = ${d}.version`,
            `x1.actor_country = ${q.add(pair[0].country, 'text')}`,
            ...inRoles(q, 'x1', pair[0].roles),
            `x2.actor_country = ${q.add(pair[1].country, 'text')}`,
            ...inRoles(q, 'x2', pair[1].roles),
          ].join(' AND ')}${probe})`;
}

/** A country facing an actor group in a directed dyad: a participant of the version `d` outside that group. */
export function countrySideProbe(
  q: Params,
  s: string,
  d: string,
  side: CountrySide & { notGroup: number },
  probe: string,
): string {
  return `EXISTS (SELECT 1 FROM ${s}.event_participants x
          WHERE ${[
            `x.event_id = ${d}.event_id AND x.version = ${d}.version`,
            `x.actor_country = ${q.add(side.country, 'text')}`,
            ...inRoles(q, 'x', side.roles),
            `x.actor_id <> ALL (ARRAY(SELECT id FROM actor_groups WHERE grp = ${side.notGroup}))`,
          ].join(' AND ')}${probe})`;
}

/** The filter's conditions on the event version `ev` itself (cameo codes left to the caller when they drive). */
export function eventConditions(q: Params, f: CheckedFilter, cameoDrives: boolean, ev = 'ev'): string[] {
  const onEvent: string[] = [];
  if (f.kinds) onEvent.push(`${ev}.kind = ANY (${q.add(f.kinds, 'text[]')})`);
  if (f.cameoCodes && !cameoDrives) onEvent.push(`${ev}.cameo_code = ANY (${q.add(f.cameoCodes, 'text[]')})`);
  if (f.cameoRootCodes) onEvent.push(`${ev}.cameo_root = ANY (${q.add(f.cameoRootCodes, 'text[]')})`);
  if (f.topics) onEvent.push(`${ev}.topics && ${q.add(f.topics, 'text[]')}`);
  if (f.countries) onEvent.push(`${ev}.countries && ${q.add(f.countries, 'text[]')}`);
  if (f.locationCountries) onEvent.push(`${ev}.location_country = ANY (${q.add(f.locationCountries, 'text[]')})`);
  if (f.placeName !== undefined) {
    onEvent.push(`(${ev}.doc -> 'location' ->> 'placeName') ILIKE ${q.add(`%${escapeLike(f.placeName)}%`, 'text')}`);
  }
  if (f.text !== undefined) onEvent.push(`${ev}.search @@ websearch_to_tsquery('english', ${q.add(f.text, 'text')})`);
  if (f.minSources !== undefined) {
    onEvent.push(`${ev}.source_count >= ${q.add(f.minSources, 'int')}`);
    // The corroborated events' partial index, in timeline order, when the whole timeline is read.
    if (f.minSources > 1) onEvent.push(corroborated(ev));
  }
  return onEvent;
}

/**
 * A condition on a merged actor (alias `a` of actors, merged_into set) that holds when its merge
 * was known at asOf: it has a version recorded by then that says so (merges are final: a merged
 * actor is never revised, merged again or split). Nothing now: every merge stored is known.
 */
export function mergedAsOf(q: Params, s: string, asOf: Date | null): (alias: string) => string {
  if (asOf === null) return () => '';
  const at = q.add(asOf, 'timestamptz');
  return (a) => ` AND EXISTS (SELECT 1 FROM ${s}.actor_versions mv
            WHERE mv.actor_id = ${a}.actor_id AND mv.merged_into IS NOT NULL AND mv.recorded_from <= ${at})`;
}

export type ActorGroup = { ids: string[]; roles?: readonly string[] };
export type CountrySide = { country: string; roles?: readonly string[] };

/**
 * The filter's conditions on participants: groups of actors (an event has a participant of each
 * group, in one of the group's roles when it has some), a pair of countries (two different
 * participants, one of each), and countries facing an actor group in a directed dyad. Single
 * actors come first: one of them drives better than a list.
 */
export function participantConditions(f: CheckedFilter): {
  groups: ActorGroup[];
  countryPair: [CountrySide, CountrySide] | undefined;
  countrySides: (CountrySide & { notGroup: number })[];
} {
  const roles = f.actorRoles ? { roles: f.actorRoles } : {};
  const groups: ActorGroup[] = [
    ...(f.allOf ?? []).map((id) => ({ ids: [id], ...roles })),
    ...(f.dyadActors ?? []).map((id) => ({ ids: [id] })),
  ];
  const sides = f.dyadFrom && f.dyadTo ? [f.dyadFrom, f.dyadTo] : [];
  const sideGroups = sides.map((side) => {
    if (side.actor === undefined) return undefined;
    groups.push({ ids: [side.actor], ...(side.roles ? { roles: side.roles } : {}) });
    return groups.length - 1;
  });
  if (f.anyOf) groups.push({ ids: f.anyOf, ...roles });
  const countrySide = (side: CheckedDyadSide): CountrySide => ({
    country: side.country!,
    ...(side.roles ? { roles: side.roles } : {}),
  });
  let countryPair: [CountrySide, CountrySide] | undefined = f.dyadCountries
    ? [{ country: f.dyadCountries[0] }, { country: f.dyadCountries[1] }]
    : undefined;
  const countrySides: (CountrySide & { notGroup: number })[] = [];
  if (sides.length === 2) {
    const [from, to] = sides as [CheckedDyadSide, CheckedDyadSide];
    if (sideGroups[0] === undefined && sideGroups[1] === undefined) countryPair = [countrySide(from), countrySide(to)];
    else if (sideGroups[0] === undefined) countrySides.push({ ...countrySide(from), notGroup: sideGroups[1]! });
    else if (sideGroups[1] === undefined) countrySides.push({ ...countrySide(to), notGroup: sideGroups[0] });
  }
  return { groups, countryPair, countrySides };
}

/** LIKE's wildcards in user text are taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Whole nodes for the given keys in one statement answering one row, `page`, a json value:
 * - `nodes`: per event version, in page order, [event_id, version, recorded_from, recorded_to (null
 *   for the current one), retracted, doc, cursor_valid_from, actor_ids];
 * - `actors`: { id: [id, kind, name, country, merged_into, version] } for each id the page's
 *   actor_ids and merged_ids hold and each survivor below (an actor the read model lacks is left out);
 * - `survivors`: { merged id: survivor id } for the actors of the page merged as known at asOf
 *   (or now).
 * Participant rows and actor_ids name the actors a version was written with: the duplicate for a
 * version written before its merge, the survivor after (the projector resolves merges known when
 * it writes); docs keep the ids as recorded (and every id a doc names is one of its
 * participants'), so the roles come from the doc.
 * `keys` yields (event_id, version).
 *
 * `doc` is the version's card (see read-model-ddl.ts) when `card` is true, the caller leaving out
 * every member the card lacks; otherwise the doc less `omitKeys`, a text[] parameter naming doc
 * members to leave out (less to send and to parse). A row written before the card existed (NULL)
 * is read from the doc either way.
 *
 * `asOf`, a timestamptz parameter, names each actor as it was known then (its actor_versions row
 * current at asOf; the current row for an actor that had none then) and follows the merges known
 * then: a duplicate merged after asOf is shown as itself. Without it, actors and merges are as
 * known now. Merges are bitemporal this way without rewriting a row (see candidates).
 *
 * Lean on purpose (PostgreSQL's CPU per page bounds the service's throughput with Node's): one
 * primary-key probe per event, whose row holds what the page sends (the card: no TOAST to
 * decompress, no jsonb to print; a doc cost more than all the rest of the page); one probe per
 * distinct actor of the page (an actor's page names that actor in every event: it is looked up
 * once, not once per event), which also tells whether it was merged: only merged ones are
 * followed, one probe a step. For a row without merged_ids, the ids its doc names are looked up
 * too, as before that column existed. One json value for the page: one row to send and one
 * JSON.parse in Node, instead of a row per event with a jsonb and timestamps to parse.
 */
export function nodesSql(
  schema: string,
  ctes: string[],
  keys: string,
  dir: 'ASC' | 'DESC',
  doc: { card: boolean; omitKeys?: string },
  asOf?: string,
): string {
  const s = quoteSchema(schema);
  const summary = (a: string) =>
    `json_build_array(${a}.actor_id, ${a}.kind, ${a}.name, ${a}.country, ${a}.merged_into, ${a}.version)`;
  const fromDoc = doc.omitKeys ? `(ev.doc - ${doc.omitKeys})::json` : 'ev.doc::json';
  // (summary, next): the actor as known at asOf (or now), and the actor it was merged into then.
  const known = (id: string) =>
    asOf
      ? `SELECT coalesce(v.summary, (SELECT ${summary('c')} FROM ${s}.actors c WHERE c.actor_id = i.id)) AS summary, v.next
           FROM (SELECT ${id} AS id) AS i
           LEFT JOIN LATERAL (SELECT ${summary('av')} AS summary, av.merged_into AS next FROM ${s}.actor_versions av
                               WHERE av.actor_id = i.id AND av.recorded_from <= ${asOf} AND av.recorded_to > ${asOf}
                               LIMIT 1) AS v ON true`
      : `SELECT ${summary('a')} AS summary, a.merged_into AS next
           FROM (SELECT ${id} AS id) AS i LEFT JOIN ${s}.actors a ON a.actor_id = i.id`;
  return `WITH RECURSIVE
    ${[...ctes, `keys AS (${keys})`].join(',\n    ')},
    page AS MATERIALIZED (
      SELECT ev.event_id, ev.version, ev.valid_from, ev.recorded_from, ev.recorded_to, ev.retracted,
             ${doc.card ? `coalesce(ev.card, ${fromDoc})` : fromDoc} AS doc, ev.actor_ids, ev.merged_ids, ev.report_count
        FROM keys JOIN ${s}.event_versions ev ON ev.event_id = keys.event_id AND ev.version = keys.version),
    -- The actors the page names: actor_ids, merged_ids (ids the doc names that the projector
    -- resolved, or an older one moved), or for a row without merged_ids, the ids its doc names.
    named (id) AS (
      SELECT DISTINCT u.id FROM (
        SELECT unnest(page.actor_ids) FROM page
        UNION ALL
        SELECT unnest(page.merged_ids) FROM page WHERE page.merged_ids IS NOT NULL
        UNION ALL
        SELECT (x.participant ->> 'actorId')::uuid
          FROM page CROSS JOIN LATERAL json_array_elements(page.doc -> 'participants') AS x (participant)
         WHERE page.merged_ids IS NULL) AS u (id)),
    -- One probe per actor the page names, not recursive: nearly all were never merged.
    named_actors AS MATERIALIZED (
      SELECT n.id, k.summary, k.next FROM named n CROSS JOIN LATERAL (${known('n.id')}) AS k),
    -- The merge chains of the few that were (as known at asOf, or now), one probe a step.
    chains (start_id, id, summary, next, depth) AS (
      SELECT na.id, na.next, k.summary, k.next, 1
        FROM named_actors na CROSS JOIN LATERAL (${known('na.next')}) AS k
       WHERE na.next IS NOT NULL
      UNION ALL
      SELECT c.start_id, c.next, k.summary, k.next, c.depth + 1
        FROM chains c CROSS JOIN LATERAL (${known('c.next')}) AS k
       WHERE c.next IS NOT NULL AND c.depth < 8)
  SELECT json_build_object(
    'nodes', (SELECT json_agg(json_build_array(page.event_id, page.version, page.recorded_from,
                                 NULLIF(page.recorded_to, 'infinity'), page.retracted, page.doc,
                                 to_char(page.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), page.actor_ids,
                                 page.report_count)
                       ORDER BY page.valid_from ${dir}, page.event_id ${dir})
                FROM page),
    'actors', (SELECT json_object_agg(a.id, a.summary) FROM (
                 SELECT na.id, na.summary FROM named_actors na WHERE na.summary IS NOT NULL
                 UNION ALL
                 SELECT DISTINCT ON (c.id) c.id, c.summary FROM chains c
                  WHERE c.summary IS NOT NULL AND NOT EXISTS (SELECT 1 FROM named n WHERE n.id = c.id)) AS a),
    'survivors', (SELECT json_object_agg(sv.start_id, sv.id)
                    FROM (SELECT DISTINCT ON (c.start_id) c.start_id, c.id FROM chains c
                           ORDER BY c.start_id, c.depth DESC) AS sv)) AS page`;
}
