import type { Actor } from '../../diplomacy/actors/actor-types';
import type { DiplomaticEvent } from '../../diplomacy/events/event-types';
import { joinStoredEvent, LogQueries } from '../../event-store/log-queries';
import type { LogCheckpoint } from '../../event-store/types';
import { cardSql } from '../read-model/read-model-ddl';
import { TIMELINE_CHANGES_CHANNEL } from './projection-keys';
import type { ActorRow, ActorVersionRow, EventVersionRow, ParticipantRow } from './read-model-rows';
import type { Queryable } from './serial-queries';
import { CATCH_UP_NOTICE, CHANGE_OF_EVENT_TYPE, encodeTimelineChange, type TimelineChange } from './timeline-change';

export interface VersionToClose {
  eventId: string;
  version: number;
  recordedTo: string;
}

/** Everything a batch changes in a generation. */
export interface ReadModelWrites {
  /** Stored versions that a version of this batch supersedes: their record-time interval ends. */
  closes: VersionToClose[];
  versions: EventVersionRow[];
  participants: ParticipantRow[];
  actors: ActorRow[];
  /** New versions of actors, oldest first; each closes the actor's version stored before it. */
  actorVersions: ActorVersionRow[];
}

const ACTOR_RECORD = `actor_id uuid, kind text, name text, aliases text[], country text, cameo_code text, merged_into uuid,
  version integer, position bigint, updated_at timestamptz, doc jsonb`;

const ACTOR_VERSION_RECORD = `actor_id uuid, version integer, position bigint, recorded_from timestamptz, recorded_to timestamptz,
  kind text, name text, country text, merged_into uuid, doc jsonb`;

/**
 * The projection's reads and writes of one read-model generation, on the caller's connection (and
 * in the caller's transaction, if any). A batch is written by one statement. Callers that send
 * without awaiting (see projectEvents) pass a SerialQueries.
 */
export class ReadModelRepository {
  /**
   * `reader`, when given, answers currentVersions and actors instead of `db`: a rebuild reads on a
   * second connection while its writes queue on the first, so that mapping a batch need not wait
   * for the previous batch's write. Only for a writer whose cache holds everything it wrote that
   * may not be committed yet (see rebuild.ts).
   */
  constructor(
    private readonly db: Queryable,
    readonly schema: string,
    private readonly reader: Queryable = db,
  ) {
    if (!/^rm_[0-9]+$/.test(schema)) throw new Error(`not a read-model schema name: ${schema}`);
  }

  /** The latest version (number and state) of each of these diplomatic events that has one. */
  async currentVersions(eventIds: string[]): Promise<Map<string, { version: number; doc: DiplomaticEvent }>> {
    const found = new Map<string, { version: number; doc: DiplomaticEvent }>();
    if (eventIds.length === 0) return found;
    // By version, not by recorded_to: a rebuild closes superseded versions only at the end (deferredCloses).
    // One primary-key probe per id, whatever the statistics say: a generation being rebuilt has none
    // until it is analysed, and a planner guessing then chose parallel scans of the whole table.
    const { rows } = await this.reader.query<{ event_id: string; version: number; doc: DiplomaticEvent }>(
      `SELECT v.event_id, v.version, v.doc FROM unnest($1::uuid[]) AS k(event_id)
        CROSS JOIN LATERAL (SELECT event_id, version, doc FROM ${this.schema}.event_versions
                             WHERE event_id = k.event_id ORDER BY version DESC LIMIT 1) AS v`,
      [eventIds],
    );
    for (const row of rows) found.set(row.event_id, { version: row.version, doc: row.doc });
    return found;
  }

  async actors(actorIds: string[]): Promise<Map<string, Actor>> {
    const found = new Map<string, Actor>();
    if (actorIds.length === 0) return found;
    const { rows } = await this.reader.query<{ actor_id: string; doc: Actor }>(
      `SELECT actor_id, doc FROM ${this.schema}.actors WHERE actor_id = ANY($1::uuid[])`,
      [actorIds],
    );
    for (const row of rows) found.set(row.actor_id, row.doc);
    return found;
  }

  /**
   * One statement (data-modifying CTEs) for all of a batch's rows and, when given, the checkpoint:
   * one round trip, and atomic even outside a transaction. Rows travel as typed arrays, several
   * times cheaper for PostgreSQL than JSON records; list columns are joined by commas, which
   * uuids, ISO codes, roles and topics never contain (the mapping checks).
   *
   * A version without a doc is a first version whose doc is what evolveEvent makes of
   * EventRecorded, the initial members with the event's data over them: `||` does that to the
   * stored jsonb, so most docs are never serialised, sent and parsed again.
   */
  async write(writes: ReadModelWrites, checkpoint?: LogCheckpoint & { recordTime: Date | null }): Promise<void> {
    const { closes, versions, participants, actors, actorVersions } = writes;
    const rows = closes.length + versions.length + participants.length + actors.length + actorVersions.length;
    if (!checkpoint && rows === 0) return;
    const s = this.schema;
    const v = <T>(pick: (row: EventVersionRow) => T) => versions.map(pick);
    const p = <T>(pick: (row: ParticipantRow) => T) => participants.map(pick);
    const values: unknown[] = [
      // $1-$3 closes
      closes.map((c) => c.eventId),
      closes.map((c) => c.version),
      closes.map((c) => c.recordedTo),
      // $4-$22 versions
      v((r) => r.event_id),
      v((r) => r.version),
      v((r) => r.position),
      v((r) => r.recorded_from),
      v((r) => r.recorded_to),
      v((r) => r.retracted),
      v((r) => r.kind),
      v((r) => r.title),
      v((r) => r.valid_from),
      v((r) => r.valid_to),
      v((r) => r.start_precision),
      v((r) => r.location_country),
      v((r) => r.cameo_code),
      v((r) => r.cameo_root),
      v((r) => r.topics.join(',')),
      v((r) => r.countries.join(',')),
      v((r) => r.actor_ids.join(',')),
      v((r) => r.search_body),
      v((r) => (r.doc === null ? null : JSON.stringify(r.doc))),
      // $23-$32 participants
      p((r) => r.event_id),
      p((r) => r.version),
      p((r) => r.actor_id),
      p((r) => r.roles.join(',')),
      p((r) => r.actor_country),
      p((r) => r.valid_from),
      p((r) => r.valid_to),
      p((r) => r.recorded_from),
      p((r) => r.recorded_to),
      p((r) => r.retracted),
      // $33 actors and $34 their versions: few, and with nested lists
      JSON.stringify(actors),
      JSON.stringify(actorVersions),
      // $35 versions' merged ids
      v((r) => r.merged_ids.join(',')),
      // $36 versions' report counts
      v((r) => r.report_count),
    ];
    let last = 'SELECT 1';
    if (checkpoint) {
      values.push(
        checkpoint.transactionId.toString(),
        checkpoint.position.toString(),
        checkpoint.recordTime?.toISOString() ?? null,
      );
      last = `UPDATE ${s}.checkpoint SET transaction_id = $37::xid8, position = $38::bigint, record_time = $39::timestamptz,
                updated_at = now()`;
    }
    await this.db.query(
      `WITH closing AS (
         SELECT * FROM unnest($1::uuid[], $2::integer[], $3::timestamptz[]) AS c(event_id, version, recorded_to)
       ),
       closed_versions AS (
         UPDATE ${s}.event_versions v SET recorded_to = c.recorded_to
           FROM closing c WHERE v.event_id = c.event_id AND v.version = c.version
       ),
       closed_participants AS (
         UPDATE ${s}.event_participants p SET recorded_to = c.recorded_to
           FROM closing c WHERE p.event_id = c.event_id AND p.version = c.version
       ),
       new_versions AS (
         INSERT INTO ${s}.event_versions
           (event_id, version, position, recorded_from, recorded_to, retracted, kind, title, valid_from, valid_to,
            start_precision, location_country, cameo_code, cameo_root, topics, countries, actor_ids, search, doc, card, merged_ids,
            report_count)
         SELECT r.event_id, r.version, r.position, r.recorded_from, r.recorded_to, r.retracted, r.kind, r.title,
                r.valid_from, r.valid_to, r.start_precision, r.location_country, r.cameo_code, r.cameo_root,
                string_to_array(r.topics, ','), string_to_array(r.countries, ','), string_to_array(r.actor_ids, ',')::uuid[],
                setweight(to_tsvector('english', r.title), 'A') || setweight(to_tsvector('english', r.search_body), 'B'),
                d.doc, ${cardSql('d.doc')}, string_to_array(r.merged_ids, ',')::uuid[], r.report_count
           FROM unnest($4::uuid[], $5::integer[], $6::bigint[], $7::timestamptz[], $8::timestamptz[], $9::boolean[],
                       $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[],
                       $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $35::text[],
                       $36::integer[])
             AS r(event_id, version, position, recorded_from, recorded_to, retracted, kind, title, valid_from, valid_to,
                  start_precision, location_country, cameo_code, cameo_root, topics, countries, actor_ids, search_body, doc,
                  merged_ids, report_count)
           ${joinStoredEvent('e', { when: 'r.doc IS NULL', positionExpression: 'r.position', type: 'EventRecorded' })}
           CROSS JOIN LATERAL (
             SELECT coalesce(r.doc::jsonb, jsonb_build_object('status', 'RECORDED', 'retractionReason', null,
                                                             'agreementStatusHistory', '[]'::jsonb, 'revisionCount', 0) || e.data) AS doc
           ) d
       ),
       new_participants AS (
         INSERT INTO ${s}.event_participants
           (event_id, version, actor_id, roles, actor_country, valid_from, valid_to, recorded_from, recorded_to, retracted)
         SELECT event_id, version, actor_id, string_to_array(roles, ','), actor_country, valid_from, valid_to, recorded_from, recorded_to, retracted
           FROM unnest($23::uuid[], $24::integer[], $25::uuid[], $26::text[], $27::text[], $28::timestamptz[],
                       $29::timestamptz[], $30::timestamptz[], $31::timestamptz[], $32::boolean[])
             AS r(event_id, version, actor_id, roles, actor_country, valid_from, valid_to, recorded_from, recorded_to, retracted)
       ),
       upserted_actors AS (
         INSERT INTO ${s}.actors
           (actor_id, kind, name, aliases, country, cameo_code, merged_into, version, position, updated_at, search, doc)
         SELECT r.actor_id, r.kind, r.name, r.aliases, r.country, r.cameo_code, r.merged_into, r.version, r.position,
                r.updated_at, lower(r.name || ' ' || array_to_string(r.aliases, ' ')), r.doc
           FROM jsonb_to_recordset($33::jsonb) AS r(${ACTOR_RECORD})
         ON CONFLICT (actor_id) DO UPDATE SET
           kind = excluded.kind, name = excluded.name, aliases = excluded.aliases, country = excluded.country,
           cameo_code = excluded.cameo_code, merged_into = excluded.merged_into, version = excluded.version,
           position = excluded.position, updated_at = excluded.updated_at, search = excluded.search, doc = excluded.doc
       ),
       new_actor_versions AS (
         SELECT * FROM jsonb_to_recordset($34::jsonb) AS r(${ACTOR_VERSION_RECORD})
       ),
       -- The version each actor had before this batch ends where the batch's first one starts. The
       -- statement's parts share one snapshot: the rows inserted beside it are not seen here.
       closed_actor_versions AS (
         UPDATE ${s}.actor_versions av SET recorded_to = n.recorded_from
           FROM (SELECT DISTINCT ON (actor_id) actor_id, recorded_from FROM new_actor_versions ORDER BY actor_id, version) n
          WHERE av.actor_id = n.actor_id AND av.recorded_to = 'infinity'
       ),
       inserted_actor_versions AS (
         INSERT INTO ${s}.actor_versions
           (actor_id, version, position, recorded_from, recorded_to, kind, name, country, merged_into, doc)
         SELECT actor_id, version, position, recorded_from, recorded_to, kind, name, country, merged_into, doc
           FROM new_actor_versions
       )
       ${last}`,
      values,
    );
  }

  /**
   * Keeps closes for closeStagedVersions in a temporary table of this session: a rebuild hands
   * them over as they pile up, so its memory does not grow with the log (a close is about 150
   * bytes in Node; a 10M-event log supersedes millions of versions).
   */
  async stageCloses(closes: VersionToClose[]): Promise<void> {
    if (closes.length === 0) return;
    await this.db.query(
      'CREATE TEMPORARY TABLE IF NOT EXISTS rebuild_closes (event_id uuid, version integer, recorded_to timestamptz)',
    );
    for (let k = 0; k < closes.length; k += CLOSES_PER_STATEMENT) {
      const chunk = closes.slice(k, k + CLOSES_PER_STATEMENT);
      await this.db.query(
        'INSERT INTO rebuild_closes SELECT * FROM unnest($1::uuid[], $2::integer[], $3::timestamptz[])',
        [chunk.map((c) => c.eventId), chunk.map((c) => c.version), chunk.map((c) => c.recordedTo)],
      );
    }
  }

  /**
   * Ends the record-time interval of every stored version staged by stageCloses at once: a
   * rebuild's closes, deferred until after its bulk phase (see ProjectBatchOptions.deferredCloses).
   * Through the temporary table with statistics, so that the planner hashes the closes and reads
   * each table once: from an unnest() it could not tell how many distinct keys there were, and
   * hashed the whole tables instead (millions of participant rows, spilling to disk).
   */
  async closeStagedVersions(): Promise<void> {
    const s = this.schema;
    const { rows } = await this.db.query<{ staged: boolean }>(
      `SELECT to_regclass('pg_temp.rebuild_closes') IS NOT NULL AS staged`,
    );
    if (!rows[0]?.staged) return;
    try {
      await this.db.query('ANALYZE rebuild_closes');
      await this.db.query(
        `UPDATE ${s}.event_versions v SET recorded_to = c.recorded_to
           FROM rebuild_closes c WHERE v.event_id = c.event_id AND v.version = c.version`,
      );
      await this.db.query(
        `UPDATE ${s}.event_participants p SET recorded_to = c.recorded_to
           FROM rebuild_closes c WHERE p.event_id = c.event_id AND p.version = c.version`,
      );
    } finally {
      await this.db.query('DROP TABLE IF EXISTS rebuild_closes');
    }
  }

  /** The effective record time of the last event the generation applied (see effectiveRecordTime); null when none. */
  async recordTime(): Promise<Date | null> {
    const { rows } = await this.reader.query<{ record_time: Date | null }>(
      `SELECT record_time FROM ${this.schema}.checkpoint`,
    );
    return rows[0]?.record_time ?? null;
  }

  /** The generation's checkpoint, locked until the transaction ends. */
  async lockCheckpoint(): Promise<LogCheckpoint> {
    const { rows } = await this.db.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, position::text FROM ${this.schema}.checkpoint FOR UPDATE`,
    );
    const row = rows[0];
    if (!row) throw new Error(`${this.schema}.checkpoint has no row`);
    return { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) };
  }

  /**
   * The changes that versions of this generation made between two places of the log, coalesced
   * per event as a batch announces them (the version current at the end; RECORDED when the event
   * was recorded in between). For a rebuild's swap: what its generation projected that the old
   * generation had not, so listeners hear of it.
   */
  async changesBetween(after: LogCheckpoint, upTo: LogCheckpoint): Promise<TimelineChange[]> {
    const rows = await new LogQueries(this.db).versionsBetween(`${this.schema}.event_versions`, after, upTo);
    // Every version, in log order, as the live projector announces them.
    const changes: TimelineChange[] = [];
    for (const row of rows) {
      const change = CHANGE_OF_EVENT_TYPE[row.type];
      if (!change) continue;
      changes.push({
        eventId: row.eventId,
        version: row.version,
        position: row.position,
        change,
        recordedAt: row.recordedFrom.toISOString(),
      });
    }
    return changes;
  }

  /**
   * For a rebuild's swap: announces what this generation projected between two places that the
   * old one had not, each change on its own when the log holds at most `limit` event-stream
   * entries there, else one CATCH_UP_NOTICE. A generation far behind (one that never projected,
   * a log written with the projector off) would otherwise send a NOTIFY per change inside the
   * swap's transaction, under the generation lock that stops the live projector: 30.7 s for a
   * 1M-event log, and a flood that closed every subscriber as a slow consumer.
   */
  async announceBetween(after: LogCheckpoint, upTo: LogCheckpoint, limit: number): Promise<'each' | 'catch-up'> {
    const places = await new LogQueries(this.db).placesAfter(after, {
      streamPrefix: EVENT_STREAM_PREFIX,
      upTo,
      limit: limit + 1,
    });
    if (places.length > limit) {
      await this.db.query(`SELECT pg_notify('${TIMELINE_CHANGES_CHANNEL}', $1)`, [CATCH_UP_NOTICE]);
      return 'catch-up';
    }
    if (places.length > 0) await this.announce(await this.changesBetween(after, upTo));
    return 'each';
  }

  /** Delivered to listeners when (and only if) the transaction commits. */
  async announce(changes: TimelineChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.query(
      `SELECT pg_notify('${TIMELINE_CHANGES_CHANNEL}', payload) FROM unnest($1::text[]) WITH ORDINALITY AS n(payload, i) ORDER BY i`,
      [changes.map(encodeTimelineChange)],
    );
  }
}

/** Closes sent per statement into the temporary table (3 arrays of this length: a few MiB). */
const CLOSES_PER_STATEMENT = 50_000;

/** The stream ids of diplomatic events: `event-<event id>`. */
export const EVENT_STREAM_PREFIX = 'event-';
