import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import type { Actor } from '../../diplomacy/actors/actor-types';
import { PARTICIPANT_ROLES, type DiplomaticEvent, type EventKind } from '../../diplomacy/events/event-types';
import { encodeActorCursor, encodeChangeCursor, encodeTimelineCursor } from './cursors';
import { CHANGES_SCAN_ROWS, changesSql, versionKeys, type ChangeRow } from './changes-sql';
import { QueryInputError } from '../../input/query-input-error';
import { ALWAYS_CARRIED_DOC_KEYS, EVENT_DOC_KEYS } from './query-types';
import type {
  ActorRecord,
  ActorsOptions,
  ActorSummary,
  Bucket,
  BucketOptions,
  ChangeOptions,
  Connection,
  RecordTimeOptions,
  TimelineChangeNode,
  TimelineFilter,
  TimelineNode,
  TimelineOptions,
  TimelineParticipant,
} from './query-types';
import {
  checkActorsOptions,
  checkBucketOptions,
  checkChangeWindow,
  checkFilter,
  checkPaging,
  checkRecordTime,
  checkUuid,
} from './query-validation';
import { DOC_KEYS_NOT_IN_CARD } from '../read-model/read-model-ddl';
import { candidates, escapeLike, nodesSql, Params, quoteSchema, recordTimeCondition } from './timeline-sql';

/** [actor_id, kind, name, country, merged_into, version], or [actor_id] alone for an actor the read model lacks. */
type ActorTuple = [string, ActorSummary['kind'], string, string | null, string | null, number] | [string];

/** An event of a page as the query layer maps it (exported for the bare server of bench:timeline, which maps them as the service does). */
export type NodeRow = {
  event_id: string;
  version: number;
  recorded_from: Date;
  recorded_to: Date | null;
  retracted: boolean;
  doc: DiplomaticEvent;
  cursor_valid_from: string;
  /** The version's actor_ids (its participants as written: merges known then resolved), in order. */
  actors: ActorTuple[] | null;
  /** Merged actor id to its survivor, for the actors this page names that were merged (as known at asOf). */
  survivors: Record<string, ActorTuple | null>;
  /** Every actor the page names, by id (a doc may name one its actor_ids lack: a row an older projector moved). */
  named: Record<string, ActorTuple>;
  report_count: number;
};

/** A page statement's one row (see nodesSql): the page as one json value. */
export type PageRow = {
  page: {
    /** [event_id, version, recorded_from, recorded_to, retracted, doc, cursor_valid_from, actor_ids, report_count] */
    nodes: [string, number, string, string | null, boolean, DiplomaticEvent, string, string[], number][] | null;
    actors: Record<string, ActorTuple> | null;
    survivors: Record<string, string> | null;
  };
};

/** The events of a page statement's answer, in its order. */
export function nodeRows(rows: readonly PageRow[]): NodeRow[] {
  const page = rows[0]?.page;
  if (!page?.nodes) return [];
  const actors = page.actors ?? {};
  const survivors: Record<string, ActorTuple | null> = {};
  for (const [merged, survivor] of Object.entries(page.survivors ?? {})) survivors[merged] = actors[survivor] ?? null;
  return page.nodes.map(([eventId, version, recordedFrom, recordedTo, retracted, doc, cursor, actorIds, reports]) => ({
    event_id: eventId,
    version,
    recorded_from: new Date(recordedFrom),
    recorded_to: recordedTo === null ? null : new Date(recordedTo),
    retracted,
    doc,
    cursor_valid_from: cursor,
    actors: actorIds.map((id) => actors[id] ?? [id]),
    survivors,
    named: actors,
    report_count: reports,
  }));
}

type ActorRow = {
  actor_id: string;
  kind: ActorRecord['kind'];
  name: string;
  aliases: string[];
  country: string | null;
  cameo_code: string | null;
  merged_into: string | null;
  version: number;
  updated_at: Date;
  doc: Actor;
  sort_name: string;
};

const BUCKET_UNITS = { DAY: 'day', WEEK: 'week', MONTH: 'month', YEAR: 'year' } as const;

/** Doc members a page may leave out. */
const OMITTABLE_DOC_KEYS = new Set(EVENT_DOC_KEYS.filter((key) => !ALWAYS_CARRIED_DOC_KEYS.includes(key)));

/** Distinct statements prepared per process at most (each connection keeps the ones it ran). */
const MAX_PREPARED = 200;

/** The generation `read_model_state` points at, read on every call so a swap takes effect at once. */
export function activeSchemaFrom(pool: Pool): () => Promise<string> {
  return async () => {
    const { rows } = await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
    if (!rows[0]) throw new Error('read_model_state has no active schema');
    return rows[0].active_schema;
  };
}

/**
 * The read side of the timeline: pages of events with their participants, counts, histograms and
 * actors, from the active read-model generation. Every page is one SQL statement.
 */
export class TimelineQueries {
  /** Statement text to its prepared statement's name, for one generation (the text names it). */
  private prepared = new Map<string, string>();
  private preparedFor: string | undefined;
  private readonly refreshSchema: () => Promise<string>;

  /**
   * activeSchema may answer from a cache; refreshSchema (by default activeSchema again) must read
   * the database: it is asked when the generation a query used may have been swapped out.
   */
  /** pool: a pool, or the read router's routed reads (a database per query: see ReadRouter). */
  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    private readonly activeSchema: () => Promise<string>,
    refreshSchema?: () => Promise<string>,
  ) {
    this.refreshSchema = refreshSchema ?? activeSchema;
  }

  /**
   * Runs a read on the active generation, and once more on the new one when a rebuild swapped it
   * out and dropped it meanwhile: the cached name may be seconds old, and a query that reached the
   * old schema after the swap finds it gone (42P01/3F000), or times out queued behind its DROP.
   */
  private async onActiveGeneration<T>(read: (schema: string) => Promise<T>): Promise<T> {
    const schema = await this.activeSchema();
    try {
      return await read(schema);
    } catch (error) {
      if (!mayBeSwappedOut(error)) throw error;
      const fresh = await this.refreshSchema();
      if (fresh === schema) throw error;
      return read(fresh);
    }
  }

  /**
   * A page statement is long (CTEs for the driver, the page, the actors): parsing and analysing
   * it took several times longer than running it. Prepared (named) statements are parsed once per
   * connection, and PostgreSQL may then keep a generic plan; so only statements whose shape fixes
   * the plan are prepared, and at most MAX_PREPARED of them (the text varies with the filter's
   * shape and the generation, not with its values).
   */
  private statement(schema: string, text: string, values: unknown[], prepare: boolean): QueryConfig {
    if (!prepare) return { text, values };
    if (schema !== this.preparedFor) {
      // Statements of a swapped-out generation are never run again: make room for the new one's.
      this.prepared = new Map();
      this.preparedFor = schema;
    }
    let name = this.prepared.get(text);
    if (name === undefined) {
      if (this.prepared.size >= MAX_PREPARED) return { text, values };
      name = `timeline_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.prepared.set(text, name);
    }
    return { name, text, values };
  }

  async timeline(filter: TimelineFilter | undefined, options: TimelineOptions = {}): Promise<Connection<TimelineNode>> {
    const f = checkFilter(filter);
    const rt = checkRecordTime(options);
    const paging = checkPaging(options);
    // `last` reads backwards from the end of the window, then the page is turned round.
    const asc = (paging.order === 'ASC') === (paging.mode === 'first');
    const rows = await this.onActiveGeneration(async (schema) => {
      const q = new Params();
      const [above, below] = paging.order === 'ASC' ? [paging.after, paging.before] : [paging.before, paging.after];
      const found = candidates(q, schema, f, rt, { asc, above, below, limit: paging.size + 1 });
      // One parameter whatever is left out, so that the statement stays the same; the card when
      // the caller needs nothing else (a statement of its own).
      const omitted = new Set((options.omitDocKeys ?? []).filter((key) => OMITTABLE_DOC_KEYS.has(key)));
      const card = DOC_KEYS_NOT_IN_CARD.every((key) => omitted.has(key));
      const omit = q.add([...omitted], 'text[]');
      const asOf = rt.asOf === null ? undefined : q.add(rt.asOf, 'timestamptz');
      const sql = nodesSql(schema, found.ctes, found.sql, asc ? 'ASC' : 'DESC', { card, omitKeys: omit }, asOf);
      return nodeRows(
        (await this.pool.query<PageRow>(this.statement(schema, sql, q.values, found.shapeFixesPlan))).rows,
      );
    });
    const more = rows.length > paging.size;
    const pageRows = rows.slice(0, paging.size);
    if (paging.mode === 'last') pageRows.reverse();
    const edges = pageRows.map((row) => ({
      cursor: encodeTimelineCursor({ validFrom: row.cursor_valid_from, eventId: row.event_id }),
      node: toNode(row),
    }));
    return {
      edges,
      pageInfo: {
        // Across the window's other edge the cheap answer is "there is a cursor", as Relay allows.
        hasNextPage: paging.mode === 'first' ? more : paging.before !== null,
        hasPreviousPage: paging.mode === 'last' ? more : paging.after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  /**
   * What changed between two record times for the events matching a filter (see changesSql): a
   * page of changes, each with the event as known at `from` (null when added since) and at `to`
   * (or now), its participants named as known at each.
   */
  async changes(filter: TimelineFilter | undefined, options: ChangeOptions): Promise<Connection<TimelineChangeNode>> {
    const f = checkFilter(filter);
    const w = checkChangeWindow(options);
    const { rows, scan, before, after } = await this.onActiveGeneration(async (schema) => {
      const q = new Params();
      const sql = changesSql(q, schema, f, w, w.first + 1, options.scanRows);
      const answer = (await this.pool.query<ChangeRow>(this.statement(schema, sql, q.values, true))).rows;
      const found = answer.filter((row) => row.event_id !== null);
      const page = found.slice(0, w.first);
      // A short page: the window ended, or the scan's bound did (then the next page goes on from there).
      const scan = found.length <= w.first ? answer[0] : undefined;
      // The versions of each end, in a statement each: their actors are named as known at that end.
      const versionsAt = async (keys: { eventId: string; version: number }[], asOf: Date | null) => {
        if (keys.length === 0) return new Map<string, TimelineNode>();
        const vq = new Params();
        const keySql = versionKeys(vq, keys);
        const at = asOf === null ? undefined : vq.add(asOf, 'timestamptz');
        const nodes = nodeRows(
          (
            await this.pool.query<PageRow>(
              this.statement(schema, nodesSql(schema, [], keySql, 'ASC', { card: false }, at), vq.values, true),
            )
          ).rows,
        );
        return new Map(nodes.map((row) => [`${row.event_id}/${row.version}`, toNode(row)]));
      };
      return {
        rows: found,
        scan,
        before: await versionsAt(
          page.flatMap((row) =>
            row.before_version === null ? [] : [{ eventId: row.event_id, version: row.before_version }],
          ),
          w.from,
        ),
        after: await versionsAt(
          page.map((row) => ({ eventId: row.event_id, version: row.after_version })),
          w.to,
        ),
      };
    });
    const edges = rows.slice(0, w.first).map((row) => {
      const afterNode = after.get(`${row.event_id}/${row.after_version}`);
      // A version found by the first statement is never deleted: only a swap could lose it, and
      // onActiveGeneration reads every statement from one generation.
      if (!afterNode) throw new Error(`version ${row.after_version} of event ${row.event_id} went missing`);
      return {
        cursor: encodeChangeCursor({ recordedFrom: row.cursor_recorded_from, eventId: row.event_id }),
        node: {
          kind: row.kind,
          eventId: row.event_id,
          recordedAt: row.recorded_from,
          mergedIntoId: row.kind === 'MERGED' ? row.merged_into : null,
          before: row.before_version === null ? null : (before.get(`${row.event_id}/${row.before_version}`) ?? null),
          after: afterNode,
        },
      };
    });
    // A page that examined as many versions as it may stopped there: the next one goes on after
    // the last it examined, which may lie beyond its last change (or the page may hold none).
    const stoppedEarly =
      scan !== undefined && (scan.scanned ?? 0) >= (options.scanRows ?? CHANGES_SCAN_ROWS) && scan.scanned_to_event_id;
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > w.first || Boolean(stoppedEarly),
        hasPreviousPage: w.after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: stoppedEarly
          ? encodeChangeCursor({ recordedFrom: scan!.scanned_to_recorded_from!, eventId: scan!.scanned_to_event_id! })
          : (edges.at(-1)?.cursor ?? null),
      },
    };
  }

  /** How many events match, whatever the paging. */
  async count(filter: TimelineFilter | undefined, options: RecordTimeOptions = {}): Promise<number> {
    const f = checkFilter(filter);
    const rt = checkRecordTime(options);
    return this.onActiveGeneration(async (schema) => {
      const q = new Params();
      const found = candidates(q, schema, f, rt, null);
      const { rows } = await this.pool.query<{ total: number }>(
        `WITH RECURSIVE ${[...found.ctes, `c AS (${found.sql})`].join(',\n')}
         SELECT count(${found.mayRepeat ? 'DISTINCT c.event_id' : '*'})::int AS total FROM c`,
        q.values,
      );
      return rows[0]!.total;
    });
  }

  /** The version current at asOf (or now), retracted or not; null when there is none. */
  async eventById(eventId: string, options: { asOf?: Date } = {}): Promise<TimelineNode | null> {
    const id = checkUuid(eventId, 'eventId');
    const rt = checkRecordTime({ asOf: options.asOf });
    const rows = await this.onActiveGeneration(async (schema) => {
      const q = new Params();
      const keys = `SELECT ev.event_id, ev.version FROM ${quoteSchema(schema)}.event_versions ev
        WHERE ev.event_id = ${q.add(id, 'uuid')} AND ${recordTimeCondition(q, 'ev', rt, true)}`;
      const asOf = rt.asOf === null ? undefined : q.add(rt.asOf, 'timestamptz');
      const sql = nodesSql(schema, [], keys, 'ASC', { card: false }, asOf);
      return nodeRows((await this.pool.query<PageRow>(this.statement(schema, sql, q.values, true))).rows);
    });
    return rows[0] ? toNode(rows[0]) : null;
  }

  /** One version as it was recorded, retracted or not, whatever became of it later; null when there is none. */
  async eventVersion(eventId: string, version: number): Promise<TimelineNode | null> {
    const id = checkUuid(eventId, 'eventId');
    checkVersion(version);
    const rows = await this.onActiveGeneration(async (schema) => {
      const q = new Params();
      const [eventParam, versionParam] = [q.add(id, 'uuid'), q.add(version, 'int')];
      const versions = `${quoteSchema(schema)}.event_versions ev WHERE ev.event_id = ${eventParam} AND ev.version = ${versionParam}`;
      const keys = `SELECT ev.event_id, ev.version FROM ${versions}`;
      // Its participants are named as they were known when this version was recorded.
      const recordedFrom = `(SELECT ev.recorded_from FROM ${versions})`;
      const sql = nodesSql(schema, [], keys, 'ASC', { card: false }, recordedFrom);
      return nodeRows((await this.pool.query<PageRow>(this.statement(schema, sql, q.values, true))).rows);
    });
    return rows[0] ? toNode(rows[0]) : null;
  }

  /** The actor as known at asOf (its version current then), or now; null when it was not known. */
  async actorById(actorId: string, options: { asOf?: Date } = {}): Promise<ActorRecord | null> {
    const id = checkUuid(actorId, 'actorId');
    return (await this.actorsByIds([id], options)).get(id) ?? null;
  }

  /**
   * Actors by id as known at asOf, or now: one statement whatever their number (a request's
   * loader batches its look-ups into it). Ids the read model did not know then are left out.
   */
  async actorsByIds(actorIds: readonly string[], options: { asOf?: Date } = {}): Promise<Map<string, ActorRecord>> {
    const ids = [...new Set(actorIds.map((id, index) => checkUuid(id, `actorIds.${index}`)))];
    const { asOf } = checkRecordTime({ asOf: options.asOf });
    const found = new Map<string, ActorRecord>();
    if (ids.length === 0) return found;
    const rows = await this.onActiveGeneration(async (schema) => {
      const s = quoteSchema(schema);
      const query =
        asOf === null
          ? this.pool.query<ActorRow>(
              `SELECT ${ACTOR_COLUMNS} FROM ${s}.actors a WHERE a.actor_id = ANY ($1::uuid[])`,
              [ids],
            )
          : this.pool.query<ActorRow>(
              `SELECT ${ACTOR_VERSION_COLUMNS} FROM ${s}.actor_versions av
                WHERE av.actor_id = ANY ($1::uuid[]) AND av.recorded_from <= $2::timestamptz AND av.recorded_to > $2::timestamptz`,
              [ids, asOf],
            );
      return (await query).rows;
    });
    for (const row of rows) found.set(row.actor_id, toActor(row));
    return found;
  }

  /** One version of an actor as the read model recorded it, whatever became of it later; null when it has none. */
  async actorVersion(actorId: string, version: number): Promise<ActorRecord | null> {
    const id = checkUuid(actorId, 'actorId');
    checkVersion(version);
    const rows = await this.onActiveGeneration(
      async (schema) =>
        (
          await this.pool.query<ActorRow>(
            `SELECT ${ACTOR_VERSION_COLUMNS} FROM ${quoteSchema(schema)}.actor_versions av
              WHERE av.actor_id = $1::uuid AND av.version = $2::int`,
            [id, version],
          )
        ).rows,
    );
    return rows[0] ? toActor(rows[0]) : null;
  }

  /** Actors by name (case-insensitive), then id; `search` is a substring of the name or an alias. */
  async actors(options: ActorsOptions = {}): Promise<Connection<ActorRecord>> {
    const { search, includeMerged, first, after } = checkActorsOptions(options);
    const q = new Params();
    const where: string[] = [];
    if (!includeMerged) where.push('a.merged_into IS NULL');
    if (search !== null) where.push(`a.search ILIKE ${q.add(`%${escapeLike(search)}%`, 'text')}`);
    if (after)
      where.push(`(lower(a.name), a.actor_id) > (${q.add(after.sortName, 'text')}, ${q.add(after.actorId, 'uuid')})`);
    const rows = await this.onActiveGeneration(
      async (schema) =>
        (
          await this.pool.query<ActorRow>(
            `SELECT ${ACTOR_COLUMNS} FROM ${quoteSchema(schema)}.actors a
              ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
              ORDER BY lower(a.name), a.actor_id
              LIMIT ${first + 1}`,
            q.values,
          )
        ).rows,
    );
    const edges = rows.slice(0, first).map((row) => ({
      cursor: encodeActorCursor({ sortName: row.sort_name, actorId: row.actor_id }),
      node: toActor(row),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  /** Matching events counted per local day, week (from Monday), month or year of their start. */
  async buckets(filter: TimelineFilter | undefined, options: BucketOptions): Promise<Bucket[]> {
    const f = checkFilter(filter);
    const rt = checkRecordTime(options);
    const { bucket, timeZone } = checkBucketOptions(options);
    return this.onActiveGeneration((schema) => this.bucketsIn(schema, f, rt, bucket, timeZone));
  }

  private async bucketsIn(
    schema: string,
    f: ReturnType<typeof checkFilter>,
    rt: ReturnType<typeof checkRecordTime>,
    bucket: keyof typeof BUCKET_UNITS,
    timeZone: string,
  ): Promise<Bucket[]> {
    const q = new Params();
    const found = candidates(q, schema, f, rt, null, true);
    const events = found.mayRepeat
      ? `SELECT DISTINCT c.event_id, c.valid_from, c.kind FROM c`
      : 'SELECT c.valid_from, c.kind FROM c';
    const sql = `WITH RECURSIVE ${[...found.ctes, `c AS (${found.sql})`].join(',\n')}
      SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket_start,
             count(*)::int AS total,
             count(*) FILTER (WHERE b.kind = 'MEETING')::int AS meeting,
             count(*) FILTER (WHERE b.kind = 'STATEMENT')::int AS statement,
             count(*) FILTER (WHERE b.kind = 'AGREEMENT')::int AS agreement
        FROM (SELECT date_trunc('${BUCKET_UNITS[bucket]}', e.valid_from AT TIME ZONE ${q.add(timeZone, 'text')}) AS bucket, e.kind
                FROM (${events}) e) b
       GROUP BY b.bucket
       ORDER BY b.bucket`;
    try {
      const { rows } = await this.pool.query<{
        bucket_start: string;
        total: number;
        meeting: number;
        statement: number;
        agreement: number;
      }>(sql, q.values);
      return rows.map((row) => ({
        bucketStart: row.bucket_start,
        total: row.total,
        byKind: { MEETING: row.meeting, STATEMENT: row.statement, AGREEMENT: row.agreement } satisfies Record<
          EventKind,
          number
        >,
      }));
    } catch (error) {
      // Intl and PostgreSQL ship their own zone databases; one may know a zone the other does not.
      if ((error as { code?: string }).code === '22023' && /time zone/i.test(String((error as Error).message))) {
        throw new QueryInputError('timeZone', `PostgreSQL does not know the time zone ${timeZone}`);
      }
      throw error;
    }
  }
}

const SWAPPED_OUT_CODES = new Set([
  '42P01', // undefined_table: the generation was dropped
  '3F000', // invalid_schema_name
  '55P03', // lock_not_available: queued behind the DROP of the old generation
  '57014', // query_canceled: the same, when statement_timeout came first
]);

/** Only a hint: the caller retries only if the active generation has changed too. */
export function mayBeSwappedOut(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (typeof code === 'string' && SWAPPED_OUT_CODES.has(code)) ||
    /could not open relation with OID/.test(String((error as Error)?.message))
  );
}

const ACTOR_COLUMNS = `a.actor_id, a.kind, a.name, a.aliases, a.country, a.cameo_code, a.merged_into, a.version, a.updated_at, a.doc,
  lower(a.name) AS sort_name`;

/** An actor_versions row in the shape of ACTOR_COLUMNS (the lists a version keeps only in its doc). */
const ACTOR_VERSION_COLUMNS = `av.actor_id, av.kind, av.name,
  ARRAY(SELECT jsonb_array_elements_text(av.doc -> 'aliases')) AS aliases, av.country,
  av.doc ->> 'cameoCode' AS cameo_code, av.merged_into, av.version, av.recorded_from AS updated_at, av.doc,
  lower(av.name) AS sort_name`;

function toActor(row: ActorRow): ActorRecord {
  return {
    actorId: row.actor_id,
    kind: row.kind,
    name: row.name,
    country: row.country,
    mergedInto: row.merged_into,
    aliases: row.aliases,
    cameoCode: row.cameo_code,
    version: row.version,
    updatedAt: row.updated_at,
    doc: row.doc,
  };
}

const ROLE_RANK = new Map<string, number>(PARTICIPANT_ROLES.map((role, rank) => [role, rank]));
const byRoleRank = (a: string, b: string) =>
  (ROLE_RANK.get(a) ?? PARTICIPANT_ROLES.length) - (ROLE_RANK.get(b) ?? PARTICIPANT_ROLES.length) ||
  (a < b ? -1 : a > b ? 1 : 0);

function summaryOf(tuple: ActorTuple | null | undefined): ActorSummary | null {
  if (!tuple || tuple.length === 1) return null;
  return {
    actorId: tuple[0],
    kind: tuple[1],
    name: tuple[2],
    country: tuple[3],
    mergedInto: tuple[4],
    version: tuple[5],
  };
}

/**
 * Participants one per actor after the merges known at the page's asOf (or now), with the roles of
 * every recorded id that resolves to it, in PARTICIPANT_ROLES order; ordered as the version's
 * actor_ids.
 */
export function toNode(row: NodeRow): TimelineNode {
  const survivors = new Map(Object.entries(row.survivors));
  const resolved = new Map<string, string>();
  for (const [merged, survivor] of survivors) if (survivor) resolved.set(merged, survivor[0]);
  const actors = new Map<string, ActorTuple>();
  const order = new Map<string, number>();
  (row.actors ?? []).forEach((tuple, index) => {
    // An actor merged since the version was written counts as its survivor.
    const id = resolved.get(tuple[0]) ?? tuple[0];
    if (!order.has(id)) order.set(id, index);
    if (!actors.has(id)) actors.set(id, id === tuple[0] ? tuple : (survivors.get(tuple[0]) ?? tuple));
  });
  const roles = new Map<string, string[]>();
  for (const p of row.doc.participants) {
    const id = resolved.get(p.actorId) ?? p.actorId;
    const list = roles.get(id);
    if (!list) roles.set(id, [p.role]);
    else if (!list.includes(p.role)) list.push(p.role);
  }
  const participants: TimelineParticipant[] = [...roles]
    .sort(
      ([a], [b]) =>
        (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) ||
        (a < b ? -1 : a > b ? 1 : 0),
    )
    .map(([actorId, list]) => ({
      actorId,
      roles: list.sort(byRoleRank),
      actor: summaryOf(
        actors.get(actorId) ?? [...survivors.values()].find((tuple) => tuple?.[0] === actorId) ?? row.named[actorId],
      ),
    }));
  return {
    eventId: row.event_id,
    version: row.version,
    recordedFrom: row.recorded_from,
    recordedTo: row.recorded_to,
    retracted: row.retracted,
    doc: resolved.size > 0 ? withSurvivors(row.doc, resolved) : row.doc,
    participants,
    reportCount: row.report_count,
  };
}

/** The doc with every merged actor id replaced by its survivor's, and the duplicates this makes removed. */
function withSurvivors(doc: DiplomaticEvent, survivors: ReadonlyMap<string, string>): DiplomaticEvent {
  const resolve = (id: string) => survivors.get(id) ?? id;
  const unique = (ids: string[]) => [...new Set(ids.map(resolve))];
  const seen = new Set<string>();
  const participants = doc.participants
    .map((p) => ({ ...p, actorId: resolve(p.actorId) }))
    .filter((p) => {
      const key = `${p.actorId} ${p.role}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return {
    ...doc,
    participants,
    statement: doc.statement
      ? {
          ...doc.statement,
          speakerId: resolve(doc.statement.speakerId),
          addresseeIds: unique(doc.statement.addresseeIds),
        }
      : doc.statement,
    agreement: doc.agreement ? { ...doc.agreement, partyIds: unique(doc.agreement.partyIds) } : doc.agreement,
  };
}

/** A stream version as the log stores it (a positive int4); node(id) has parsed it already, so this guards callers. */
function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647)
    throw new RangeError(`not a version: ${version}`);
}
