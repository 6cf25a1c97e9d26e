import type { Pool } from 'pg';
import type { TemporalPrecision } from '../../diplomacy/temporal';
import { QueryInputError } from '../../input/query-input-error';
import { LONG_SPAN_HOURS } from '../read-model/read-model-ddl';
import {
  COUNTRY_PARTY_FACTOR,
  DATE_SCORES,
  DUPLICATE_WEIGHTS,
  DUPLICATE_WINDOW_HOURS,
  MIN_DUPLICATE_SCORE,
  duplicateReason,
  type DateRelation,
} from './duplicate-score';
import type { TimelineNode } from './query-types';
import { checkRecordTime, checkUuid, type CheckedRecordTime } from './query-validation';
import { mayBeSwappedOut, nodeRows, toNode, type PageRow } from './timeline-queries';
import { mergedAsOf, nodesSql, Params, quoteSchema, recordTimeCondition } from './timeline-sql';

export const DEFAULT_DUPLICATE_CANDIDATES = 5;
export const MAX_DUPLICATE_CANDIDATES = 20;
/**
 * The cost bounds: the parties (actors without a country, countries) the search starts from, and
 * the participant rows read from each one's index per part of the window. A candidate query reads
 * at most MAX_PARTIES × 2 × ROWS_PER_PARTY index entries, whatever the read model's size and
 * however busy the actors: for a DAY event the window is three days, so only a coarse event (a
 * YEAR) of a very busy country can reach the cap and miss candidates past it.
 */
export const MAX_PARTIES = 16;
export const ROWS_PER_PARTY = 400;

export type DuplicateCandidate = {
  node: TimelineNode;
  /** 0..1, higher is likelier the same occurrence. */
  score: number;
  reason: string;
  titleSimilarity: number;
  sharedActorIds: string[];
  sharedCountries: string[];
};

type CandidateRow = {
  event_id: string;
  version: number;
  score: number;
  title_similarity: number;
  shared_actor_ids: string[];
  shared_actor_names: string[];
  same_actors: boolean;
  shared_countries: string[];
  same_countries: boolean;
  dates: DateRelation;
  precision: TemporalPrecision;
  hours_apart: number;
};

function checkFirst(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_DUPLICATE_CANDIDATES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_DUPLICATE_CANDIDATES)
    throw new QueryInputError(
      'first',
      `must be a whole number from 1 to ${MAX_DUPLICATE_CANDIDATES}, got ${typeof value === 'number' ? value : typeof value}`,
    );
  return value;
}

/**
 * Events likely to be the same occurrence as one event (see duplicate-score.ts for what counts),
 * for an editor to merge what an import or two editors left apart. Read from the read model as
 * known at asOf (record-time conditions sit in the participant indexes, so it costs nothing more),
 * or now; retracted events are never candidates, the event itself may be retracted.
 *
 * Found from indexes only: the event's parties each drive an index range of event_participants
 * (the country index for participants with a country, so that two records of one country meet;
 * the actor index for the others), over a window around the event's valid time, and only then are
 * the events of the same kind among them scored. Events longer than 32 days (a YEAR, long talks)
 * are not looked for as candidates: they would need the long events' GiST indexes and are rarely
 * duplicates of one meeting.
 */
export class DuplicateCandidateQueries {
  /** As TimelineQueries': activeSchema may answer from a cache, refreshSchema reads the database. */
  constructor(
    private readonly pool: Pool,
    private readonly activeSchema: () => Promise<string>,
    private readonly refreshSchema: () => Promise<string> = activeSchema,
  ) {}

  /** null when the event was not known (at asOf). */
  async candidates(
    eventId: string,
    options: { first?: number | null; asOf?: Date | null } = {},
  ): Promise<DuplicateCandidate[] | null> {
    const id = checkUuid(eventId, 'eventId');
    const first = checkFirst(options.first);
    const rt = checkRecordTime({ asOf: options.asOf ?? undefined });
    const schema = await this.activeSchema();
    try {
      return await this.candidatesIn(schema, id, first, rt);
    } catch (error) {
      // A rebuild swapped the generation out and dropped it meanwhile: once more on the new one.
      if (!mayBeSwappedOut(error)) throw error;
      const fresh = await this.refreshSchema();
      if (fresh === schema) throw error;
      return this.candidatesIn(fresh, id, first, rt);
    }
  }

  private async candidatesIn(
    schema: string,
    id: string,
    first: number,
    rt: CheckedRecordTime,
  ): Promise<DuplicateCandidate[] | null> {
    const s = quoteSchema(schema);

    const q = new Params();
    const target = q.add(id, 'uuid');
    const window = `interval '${DUPLICATE_WINDOW_HOURS} hours'`;
    const longSpan = `interval '${LONG_SPAN_HOURS} hours'`;
    // Short events overlapping [lo, hi): those starting in it, and those starting up to 32 days
    // before lo that end after it (valid_to is in the indexes), each range read in key order up to a cap.
    const ranges = (column: string, value: string) => {
      const rtp = recordTimeCondition(q, 'p', { ...rt, includeRetracted: false });
      return `(SELECT p.event_id, p.version FROM ${s}.event_participants p
                WHERE p.${column} = ${value} AND p.valid_from >= t.lo AND p.valid_from < t.hi AND ${rtp}
                ORDER BY p.valid_from, p.event_id LIMIT ${ROWS_PER_PARTY})
              UNION ALL
              (SELECT p.event_id, p.version FROM ${s}.event_participants p
                WHERE p.${column} = ${value} AND p.valid_from >= t.lo - ${longSpan} AND p.valid_from < t.lo
                  AND p.valid_to > t.lo AND ${rtp}
                ORDER BY p.valid_from DESC, p.event_id DESC LIMIT ${ROWS_PER_PARTY})`;
    };
    const merged = mergedAsOf(q, s, rt.asOf);
    // Participant rows keep the actor they were written with (merges are resolved as known at
    // asOf, see candidates in timeline-sql.ts): actors are compared as their survivors then.
    const resolved = (ids: string) =>
      `ARRAY(SELECT DISTINCT coalesce(sv.id, x.id) FROM unnest(${ids}) AS x (id) LEFT JOIN survivor_of sv ON sv.start_id = x.id)`;
    const sql = `WITH RECURSIVE
      target AS MATERIALIZED (
        SELECT ev.event_id, ev.version, ev.kind, ev.title, ev.valid_from, ev.valid_to, ev.start_precision,
               coalesce(ev.card -> 'start' ->> 'value', ev.doc -> 'start' ->> 'value') AS start_value,
               ev.valid_from - ${window} AS lo, ev.valid_to + ${window} AS hi
          FROM ${s}.event_versions ev
         WHERE ev.event_id = ${target} AND ${recordTimeCondition(q, 'ev', { ...rt, includeRetracted: true })}
           -- A merged duplicate has none: it lives on in its survivor, which would rank first.
           AND NOT (ev.doc ? 'mergedInto')
         LIMIT 1),
      target_parties AS MATERIALIZED (
        SELECT p.actor_id, p.actor_country
          FROM target t JOIN ${s}.event_participants p ON p.event_id = t.event_id AND p.version = t.version),
      target_actors AS MATERIALIZED (SELECT array_agg(DISTINCT actor_id) AS ids FROM target_parties),
      target_countries AS MATERIALIZED (
        SELECT coalesce(array_agg(DISTINCT actor_country) FILTER (WHERE actor_country IS NOT NULL), '{}') AS codes
          FROM target_parties),
      -- An actor without a country drives by its own id: as every actor merged into its survivor
      -- as known at asOf, whose rows are its events too (see candidates in timeline-sql.ts).
      countryless_chains (start_id, id, depth) AS (
        SELECT actor_id, actor_id, 0 FROM target_parties WHERE actor_country IS NULL
        UNION ALL
        SELECT c.start_id, a.merged_into, c.depth + 1 FROM countryless_chains c JOIN ${s}.actors a ON a.actor_id = c.id
         WHERE a.merged_into IS NOT NULL${merged('a')} AND c.depth < 8),
      countryless (id, depth) AS (
        SELECT r.id, 0 FROM (
          SELECT DISTINCT ON (c.start_id) c.id FROM countryless_chains c ORDER BY c.start_id, c.depth DESC) AS r
        UNION
        SELECT a.actor_id, m.depth + 1 FROM countryless m JOIN ${s}.actors a ON a.merged_into = m.id
         WHERE a.merged_into IS NOT NULL${merged('a')} AND m.depth < 8),
      drivers AS MATERIALIZED (
        SELECT d.actor_id, d.country FROM (
          SELECT DISTINCT NULL::uuid AS actor_id, actor_country AS country FROM target_parties WHERE actor_country IS NOT NULL
          UNION
          SELECT DISTINCT id, NULL::text FROM countryless) AS d
         ORDER BY d.country NULLS LAST, d.actor_id
         LIMIT ${MAX_PARTIES}),
      found AS (
        SELECT DISTINCT k.event_id, k.version
          FROM drivers d CROSS JOIN target t
         CROSS JOIN LATERAL (
           SELECT r.* FROM (${ranges('actor_country', 'd.country')}) AS r WHERE d.country IS NOT NULL
           UNION ALL
           SELECT r.* FROM (${ranges('actor_id', 'd.actor_id')}) AS r WHERE d.country IS NULL) AS k
         WHERE k.event_id <> t.event_id),
      facts AS (
        SELECT ev.event_id, ev.version,
               similarity(ev.title, t.title)::float8 AS title_similarity,
               pa.actor_ids, pa.countries,
               CASE WHEN ev.start_precision = t.start_precision
                         AND coalesce(ev.card -> 'start' ->> 'value', ev.doc -> 'start' ->> 'value') = t.start_value THEN 'SAME'
                    WHEN ev.valid_from < t.valid_to AND ev.valid_to > t.valid_from THEN 'OVERLAP'
                    ELSE 'NEAR' END AS dates,
               t.start_precision AS precision,
               extract(epoch FROM greatest(ev.valid_from - t.valid_to, t.valid_from - ev.valid_to, interval '0')) / 3600 AS hours_apart
          FROM found f
          JOIN ${s}.event_versions ev ON ev.event_id = f.event_id AND ev.version = f.version
         CROSS JOIN target t
         CROSS JOIN LATERAL (
           SELECT array_agg(DISTINCT p.actor_id) AS actor_ids,
                  coalesce(array_agg(DISTINCT p.actor_country) FILTER (WHERE p.actor_country IS NOT NULL), '{}') AS countries
             FROM ${s}.event_participants p WHERE p.event_id = ev.event_id AND p.version = ev.version) AS pa
         WHERE ev.kind = t.kind),
      merged_actors (start_id, id, depth) AS (
        SELECT a.actor_id, a.merged_into, 1 FROM ${s}.actors a
         WHERE a.merged_into IS NOT NULL${merged('a')}
           AND a.actor_id = ANY (ARRAY(SELECT unnest(f.actor_ids) FROM facts f UNION SELECT unnest(ta.ids) FROM target_actors ta))
        UNION ALL
        SELECT m.start_id, a.merged_into, m.depth + 1 FROM merged_actors m JOIN ${s}.actors a ON a.actor_id = m.id
         WHERE a.merged_into IS NOT NULL${merged('a')} AND m.depth < 8),
      survivor_of AS MATERIALIZED (
        SELECT DISTINCT ON (m.start_id) m.start_id, m.id FROM merged_actors m ORDER BY m.start_id, m.depth DESC),
      sharing AS (
        SELECT f.*,
               ARRAY(SELECT unnest(fa.ids) INTERSECT SELECT unnest(ta.ids)) AS shared_actor_ids,
               ARRAY(SELECT unnest(fa.ids) UNION SELECT unnest(ta.ids)) AS all_actor_ids,
               ARRAY(SELECT unnest(f.countries) INTERSECT SELECT unnest(tc.codes) ORDER BY 1) AS shared_countries,
               ARRAY(SELECT unnest(f.countries) UNION SELECT unnest(tc.codes)) AS all_countries
          FROM facts f
         CROSS JOIN LATERAL (SELECT ${resolved('f.actor_ids')} AS ids) AS fa
         CROSS JOIN (SELECT ${resolved('t.ids')} AS ids FROM target_actors t) AS ta
         CROSS JOIN target_countries tc),
      scored AS (
        SELECT o.*,
               round((${DUPLICATE_WEIGHTS.title} * o.title_similarity
                 + ${DUPLICATE_WEIGHTS.parties} * greatest(
                     cardinality(o.shared_actor_ids)::float8 / greatest(cardinality(o.all_actor_ids), 1),
                     ${COUNTRY_PARTY_FACTOR} * cardinality(o.shared_countries)::float8 / greatest(cardinality(o.all_countries), 1))
                 + ${DUPLICATE_WEIGHTS.dates} * CASE o.dates WHEN 'SAME' THEN ${DATE_SCORES.SAME}
                                                WHEN 'OVERLAP' THEN ${DATE_SCORES.OVERLAP} ELSE ${DATE_SCORES.NEAR} END
               )::numeric, 3)::float8 AS score
          FROM sharing o)
      SELECT sc.event_id, sc.version, sc.score, sc.title_similarity, sc.dates, sc.precision, sc.hours_apart::float8 AS hours_apart,
             sc.shared_actor_ids,
             ARRAY(SELECT a.name FROM ${s}.actors a WHERE a.actor_id = ANY (sc.shared_actor_ids) ORDER BY a.name) AS shared_actor_names,
             cardinality(sc.shared_actor_ids) = cardinality(sc.all_actor_ids) AS same_actors,
             sc.shared_countries,
             cardinality(sc.shared_countries) > 0 AND cardinality(sc.shared_countries) = cardinality(sc.all_countries) AS same_countries
        FROM scored sc
       WHERE sc.score >= ${MIN_DUPLICATE_SCORE}
       ORDER BY sc.score DESC, sc.event_id
       LIMIT ${first}`;

    const rows = (await this.pool.query<CandidateRow>(sql, q.values)).rows;
    if (rows.length === 0) return (await this.known(schema, id, rt)) ? [] : null;
    const n = new Params();
    const keys = `SELECT k.event_id, k.version FROM unnest(${n.add(
      rows.map((row) => row.event_id),
      'uuid[]',
    )}, ${n.add(
      rows.map((row) => row.version),
      'int[]',
    )}) AS k (event_id, version)`;
    const asOf = rt.asOf === null ? undefined : n.add(rt.asOf, 'timestamptz');
    const nodes = new Map(
      nodeRows(
        (await this.pool.query<PageRow>(nodesSql(schema, [], keys, 'ASC', { card: false }, asOf), n.values)).rows,
      )
        .map(toNode)
        .map((node) => [node.eventId, node]),
    );
    return rows.flatMap((row) => {
      const node = nodes.get(row.event_id);
      if (!node) return [];
      return [
        {
          node,
          score: row.score,
          titleSimilarity: row.title_similarity,
          sharedActorIds: row.shared_actor_ids,
          sharedCountries: row.shared_countries,
          reason: duplicateReason({
            titleSimilarity: row.title_similarity,
            sharedActorNames: row.shared_actor_names,
            sameActors: row.same_actors,
            sharedCountries: row.shared_countries,
            sameCountries: row.same_countries,
            dates: row.dates,
            precision: row.precision,
            hoursApart: row.hours_apart,
          }),
        },
      ];
    });
  }

  /** Whether the event had a version (retracted or not) at asOf, or has one now. */
  private async known(schema: string, id: string, rt: CheckedRecordTime): Promise<boolean> {
    const q = new Params();
    const { rows } = await this.pool.query<{ known: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quoteSchema(schema)}.event_versions ev
          WHERE ev.event_id = ${q.add(id, 'uuid')} AND ${recordTimeCondition(q, 'ev', { ...rt, includeRetracted: true })}) AS known`,
      q.values,
    );
    return rows[0]?.known === true;
  }
}
