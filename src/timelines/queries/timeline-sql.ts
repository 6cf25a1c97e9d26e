import type { TimelineKey } from './cursors';
import type { CheckedFilter, CheckedRecordTime } from './query-validation';

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
  if (!/^rm_[0-9]+$/.test(schema)) throw new Error(`the active read-model schema is not a generation name: ${JSON.stringify(schema)}`);
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
};

type Driver = { kind: 'actors' } | { kind: 'country'; country: string; other: string } | { kind: 'cameo'; codes: string[] } | { kind: 'timeline' };

/** "As known at asOf" (or now), and without retracted versions unless they are asked for. */
export function recordTimeCondition(q: Params, alias: string, rt: CheckedRecordTime, withRetracted = rt.includeRetracted): string {
  const conditions =
    rt.asOf === null
      ? [`${alias}.recorded_to = 'infinity'`]
      : [`${alias}.recorded_from <= ${q.add(rt.asOf, 'timestamptz')}`, `${alias}.recorded_to > ${q.add(rt.asOf, 'timestamptz')}`];
  if (!withRetracted) conditions.push(`NOT ${alias}.retracted`);
  return conditions.join(' AND ');
}

function keyBound(q: Params, alias: string, op: '<' | '>', key: TimelineKey): string {
  return `(${alias}.valid_from, ${alias}.event_id) ${op} (${q.add(key.validFrom, 'timestamptz')}, ${q.add(key.eventId, 'uuid')})`;
}

/**
 * The events matching a filter, found from the most selective index the filter allows:
 * - an actor (allOf, a dyad side, or anyOf): event_participants_actor_idx per actor, in key order,
 *   with the other actors probed by the participants' primary key;
 * - a country dyad: event_participants_country_idx for the first, the second probed by key;
 * - CAMEO codes: event_versions_cameo_idx per code;
 * - otherwise event_versions_timeline_idx (or what the planner prefers for GIN-only filters).
 * With a scan, each driving index is read in (valid_from, event_id) order and stops after `limit`
 * matches, so a page costs about its size whatever the depth. The exception is a range with a
 * start: an event that began before it may still be running, and valid_to is in no index, so
 * the scan checks every earlier event of the driver (see the note at `from` below).

 */
export function candidates(q: Params, schema: string, f: CheckedFilter, rt: CheckedRecordTime, scan: PageScan | null, withKind = false): Candidates {
  const s = quoteSchema(schema);
  const ctes: string[] = [];

  // Single actors first: one of them drives better than a list.
  const groups: string[][] = [...(f.allOf ?? []).map((id) => [id]), ...(f.dyadActors ?? []).map((id) => [id])];
  if (f.anyOf) groups.push(f.anyOf);
  if (groups.length > 0) {
    const grps = groups.flatMap((ids, grp) => ids.map(() => grp));
    // An id given may be a duplicate merged since: its events are its survivor's now.
    ctes.push(`actor_groups (grp, id, depth) AS (
        SELECT g.grp, g.id, 0 FROM unnest(${q.add(grps, 'int[]')}, ${q.add(groups.flat(), 'uuid[]')}) AS g (grp, id)
        UNION
        SELECT ag.grp, a.merged_into, ag.depth + 1
          FROM actor_groups ag JOIN ${s}.actors a ON a.actor_id = ag.id
         WHERE a.merged_into IS NOT NULL AND ag.depth < 8)`);
  }

  const driver: Driver =
    groups.length > 0
      ? { kind: 'actors' }
      : f.dyadCountries
        ? { kind: 'country', country: f.dyadCountries[0], other: f.dyadCountries[1] }
        : f.cameoCodes
          ? { kind: 'cameo', codes: f.cameoCodes }
          : { kind: 'timeline' };
  const d = driver.kind === 'actors' || driver.kind === 'country' ? 'p' : 'ev';

  // For a page, a probe must stay a per-row primary-key lookup: pulled up into a semi-join, the
  // planner may hash every participant row of the probed actor first. OFFSET 0 keeps it a subplan.
  // A count reads every match anyway, and a semi-join is then the better plan.
  const probe = scan ? ' OFFSET 0' : '';
  const where: string[] = [];
  if (driver.kind === 'actors') where.push('p.actor_id = drv.id');
  if (driver.kind === 'country') {
    where.push(`p.actor_country = ${q.add(driver.country, 'text')}`);
    where.push(`EXISTS (SELECT 1 FROM ${s}.event_participants x
        WHERE x.event_id = p.event_id AND x.version = p.version AND x.actor_country = ${q.add(driver.other, 'text')} AND x.actor_id <> p.actor_id${probe})`);
  }
  if (driver.kind === 'cameo') where.push('ev.cameo_code = drv.code');
  where.push(recordTimeCondition(q, d, rt));
  if (f.eventIds) where.push(`${d}.event_id = ANY (${q.add(f.eventIds, 'uuid[]')})`);
  if (f.to !== undefined) where.push(`${d}.valid_from < ${q.add(f.to, 'timestamptz')}`);
  if (scan?.above) where.push(keyBound(q, d, '>', scan.above));
  if (scan?.below) where.push(keyBound(q, d, '<', scan.below));

  // Conditions on the event version itself.
  const onEvent: string[] = [];
  // An event that started before the range still overlaps it when it ends inside or after it.
  // Nothing bounds how long before, and valid_to is only on the event row: ascending pages (and
  // pages with fewer matches than asked for) check each earlier event of the driver here. Exact,
  // but linear in that history; the fix needs the DDL (valid_to in the driving indexes and a
  // bound on spans, or a GiST index on the valid-time range).
  if (f.from !== undefined) onEvent.push(`ev.valid_to > ${q.add(f.from, 'timestamptz')}`);
  if (f.kinds) onEvent.push(`ev.kind = ANY (${q.add(f.kinds, 'text[]')})`);
  if (f.cameoCodes && driver.kind !== 'cameo') onEvent.push(`ev.cameo_code = ANY (${q.add(f.cameoCodes, 'text[]')})`);
  if (f.cameoRootCodes) onEvent.push(`ev.cameo_root = ANY (${q.add(f.cameoRootCodes, 'text[]')})`);
  if (f.topics) onEvent.push(`ev.topics && ${q.add(f.topics, 'text[]')}`);
  if (f.countries) onEvent.push(`ev.countries && ${q.add(f.countries, 'text[]')}`);
  if (f.locationCountries) onEvent.push(`ev.location_country = ANY (${q.add(f.locationCountries, 'text[]')})`);
  if (f.placeName !== undefined) {
    onEvent.push(`(ev.doc -> 'location' ->> 'placeName') ILIKE ${q.add(`%${escapeLike(f.placeName)}%`, 'text')}`);
  }
  if (f.text !== undefined) onEvent.push(`ev.search @@ websearch_to_tsquery('english', ${q.add(f.text, 'text')})`);
  where.push(...onEvent);

  // The other actors (and a country dyad when an actor drives): probed by the participants' key.
  for (let grp = driver.kind === 'actors' ? 1 : 0; grp < groups.length; grp += 1) {
    where.push(`EXISTS (SELECT 1 FROM ${s}.event_participants x
        WHERE x.event_id = ${d}.event_id AND x.version = ${d}.version
          AND x.actor_id = ANY (ARRAY(SELECT id FROM actor_groups WHERE grp = ${grp}))${probe})`);
  }
  if (f.dyadCountries && driver.kind !== 'country') {
    where.push(`EXISTS (SELECT 1 FROM ${s}.event_participants x1
        JOIN ${s}.event_participants x2 ON x2.event_id = x1.event_id AND x2.version = x1.version AND x2.actor_id <> x1.actor_id
        WHERE x1.event_id = ${d}.event_id AND x1.version = ${d}.version
          AND x1.actor_country = ${q.add(f.dyadCountries[0], 'text')} AND x2.actor_country = ${q.add(f.dyadCountries[1], 'text')}${probe})`);
  }

  const joinEvent = d === 'p' && (onEvent.length > 0 || withKind);
  const from =
    d === 'p'
      ? `${s}.event_participants p${joinEvent ? ` JOIN ${s}.event_versions ev ON ev.event_id = p.event_id AND ev.version = p.version` : ''}`
      : `${s}.event_versions ev`;
  const columns = `${d}.event_id, ${d}.version, ${d}.valid_from${withKind ? ', ev.kind' : ''}`;
  const dir = scan?.asc === false ? 'DESC' : 'ASC';
  const orderLimit = scan ? `ORDER BY ${d}.valid_from ${dir}, ${d}.event_id ${dir} LIMIT ${scan.limit}` : '';
  const inner = (distinct: boolean) =>
    `SELECT ${distinct && scan ? `DISTINCT ON (${d}.valid_from, ${d}.event_id) ` : ''}${columns}
       FROM ${from}
      WHERE ${where.join('\n        AND ')}
      ${orderLimit}`;

  switch (driver.kind) {
    case 'timeline':
      return { ctes, sql: inner(false), mayRepeat: false };
    case 'country':
      return { ctes, sql: inner(true), mayRepeat: true };
    case 'actors':
    case 'cameo': {
      // One index range per driving value, merged: a LATERAL with a LIMIT each keeps every
      // range an ordered index scan that stops early.
      const values =
        driver.kind === 'actors'
          ? `(SELECT DISTINCT id FROM actor_groups WHERE grp = 0) AS drv`
          : `unnest(${q.add(driver.codes, 'text[]')}) AS drv (code)`;
      const mayRepeat = driver.kind === 'actors';
      const merged = `SELECT ${mayRepeat && scan ? 'DISTINCT ON (k.valid_from, k.event_id) ' : ''}k.*
         FROM ${values}
        CROSS JOIN LATERAL (${inner(false)}) AS k
        ${scan ? `ORDER BY k.valid_from ${dir}, k.event_id ${dir} LIMIT ${scan.limit}` : ''}`;
      return { ctes, sql: merged, mayRepeat };
    }
  }
}

/** LIKE's wildcards in user text are taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Whole nodes for the given keys in one statement: the version's doc, its participants with their
 * actors, and `survivors`, the merged actors the page names with the actor each was merged into
 * (the projector moves participant rows to the survivor; docs keep the ids as recorded).
 * `keys` yields (event_id, version).
 */
export function nodesSql(schema: string, ctes: string[], keys: string, dir: 'ASC' | 'DESC'): string {
  const s = quoteSchema(schema);
  const actorJson = (a: string) =>
    `json_build_object('actorId', ${a}actor_id, 'kind', ${a}kind, 'name', ${a}name, 'country', ${a}country, 'mergedInto', ${a}merged_into)`;
  return `WITH RECURSIVE
    ${[...ctes, `keys AS (${keys})`].join(',\n    ')},
    page AS MATERIALIZED (
      SELECT ev.event_id, ev.version, ev.valid_from, ev.recorded_from, ev.recorded_to, ev.retracted, ev.doc, ev.actor_ids
        FROM keys JOIN ${s}.event_versions ev ON ev.event_id = keys.event_id AND ev.version = keys.version),
    parts AS MATERIALIZED (
      SELECT p.event_id, p.version, p.actor_id, p.roles, array_position(page.actor_ids, p.actor_id) AS ordinal,
             a.actor_id AS a_actor_id, a.kind AS a_kind, a.name AS a_name, a.country AS a_country, a.merged_into AS a_merged_into
        FROM page
        JOIN ${s}.event_participants p ON p.event_id = page.event_id AND p.version = page.version
        LEFT JOIN ${s}.actors a ON a.actor_id = p.actor_id),
    -- Ids in the docs that no participant row has: those recorded before a merge.
    doc_ids AS (
      SELECT DISTINCT ids.id::uuid AS id
        FROM page
       CROSS JOIN LATERAL (
             SELECT jsonb_array_elements(page.doc -> 'participants') ->> 'actorId'
             UNION ALL SELECT page.doc -> 'statement' ->> 'speakerId'
             UNION ALL SELECT jsonb_array_elements_text(page.doc -> 'statement' -> 'addresseeIds')
             UNION ALL SELECT jsonb_array_elements_text(page.doc -> 'agreement' -> 'partyIds')) AS ids (id)
       WHERE ids.id IS NOT NULL
      EXCEPT
      SELECT actor_id FROM parts),
    merges (start_id, actor_id, depth) AS (
      SELECT m.start_id, m.actor_id, 0
        FROM (SELECT parts.actor_id AS start_id, parts.a_merged_into AS actor_id FROM parts WHERE parts.a_merged_into IS NOT NULL
              UNION
              SELECT a.actor_id, a.merged_into FROM doc_ids JOIN ${s}.actors a ON a.actor_id = doc_ids.id WHERE a.merged_into IS NOT NULL) AS m
      UNION ALL
      SELECT m.start_id, a.merged_into, m.depth + 1
        FROM merges m JOIN ${s}.actors a ON a.actor_id = m.actor_id
       WHERE a.merged_into IS NOT NULL AND m.depth < 8),
    survivors AS MATERIALIZED (
      SELECT DISTINCT ON (m.start_id) m.start_id, m.actor_id, (SELECT ${actorJson('a.')} FROM ${s}.actors a WHERE a.actor_id = m.actor_id) AS actor
        FROM merges m
       ORDER BY m.start_id, m.depth DESC),
    participants AS MATERIALIZED (
      SELECT parts.event_id, parts.version,
             json_agg(json_build_object(
               'actorId', coalesce(sv.actor_id, parts.actor_id),
               'roles', parts.roles,
               'actor', CASE WHEN sv.start_id IS NOT NULL THEN sv.actor WHEN parts.a_actor_id IS NOT NULL THEN ${actorJson('parts.a_')} END)
               ORDER BY parts.ordinal, parts.actor_id) AS participants
        FROM parts LEFT JOIN survivors sv ON sv.start_id = parts.actor_id
       GROUP BY parts.event_id, parts.version)
  SELECT page.event_id, page.version, page.recorded_from, NULLIF(page.recorded_to, 'infinity') AS recorded_to,
         page.retracted, page.doc,
         to_char(page.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_valid_from,
         coalesce(participants.participants, '[]'::json) AS participants,
         (SELECT coalesce(json_object_agg(sv.start_id, sv.actor_id), '{}'::json) FROM survivors sv) AS survivors
    FROM page
    LEFT JOIN participants ON participants.event_id = page.event_id AND participants.version = page.version
   ORDER BY page.valid_from ${dir}, page.event_id ${dir}`;
}
