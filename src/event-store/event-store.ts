import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ConcurrencyError, EventIdConflictError, InvalidAppendError } from './errors';
import type { EventStoreObserver } from './event-store-observer';
import type { EventStore } from './event-store-port';
import { EVENT_LOG_CHANNEL } from './log-notifications';
import {
  LOG_START,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventToAppend,
  type ExpectedVersion,
  type LogCheckpoint,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamAppend,
} from './types';
import { UpcasterRegistry } from './upcasters';

export type { EventStoreObserver } from './event-store-observer';
export type { StreamAppend } from './types';

export const MAX_EVENTS_PER_APPEND = 10_000;
export const MAX_READ_ALL_LIMIT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VERSION = 2_147_483_647;

const EVENT_COLUMNS =
  'global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

/**
 * The append-only event log in PostgreSQL. Every write goes through the `append_events` SQL
 * function (one statement, one transaction); reads are plain indexed selects.
 */
export class PostgresEventStore implements EventStore {
  private notifying: 'idle' | 'sending' | 'again' = 'idle';
  /** The highest read bound seen (see readAll): transactions below it have all finished appending. */
  private lastReadBound: bigint | undefined;

  constructor(
    private readonly pool: Pool,
    readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    private readonly observer: EventStoreObserver = {},
    private readonly notifyOnCommit = true,
  ) {}

  async append(streamId: string, events: EventToAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const [result] = await this.appendBatch([{ streamId, events, ...options }]);
    return result!;
  }

  /**
   * Appends to several streams in one transaction: all of it or none of it, each stream checked
   * against its own expected version. The fast path for imports.
   */
  async appendBatch(batch: StreamAppend[]): Promise<AppendResult[]> {
    const streams = this.toPayload(batch);
    const started = process.hrtime.bigint();
    const results = await this.appendOrRecogniseRetry(streams, batch);
    const written = results.reduce((sum, result) => sum + (result.duplicate ? 0 : result.positions.length), 0);
    if (written > 0) {
      this.observer.appended?.(batch.length, written, Number(process.hrtime.bigint() - started) / 1e9);
      this.signalCommit();
    }
    return results;
  }

  /**
   * The fast path writes without looking for retried requests first. Only when it fails the way a
   * retry fails (the version moved on, or an event id is taken) are the event ids looked up: a
   * stream whose events are all stored already, with the same content, is a retry and answered
   * with its first result; the other streams of the batch are appended again.
   */
  private async appendOrRecogniseRetry(streams: StreamPayload[], batch: StreamAppend[]): Promise<AppendResult[]> {
    try {
      const { rows } = await this.pool.query<{ stream_id: string; next_version: number; positions: string[] }>({
        name: 'event_store_append',
        text: 'SELECT stream_id, next_version, positions FROM append_events($1::jsonb)',
        values: [JSON.stringify(streams)],
      });
      const byStream = new Map(rows.map((row) => [row.stream_id, row]));
      return streams.map((stream) => {
        const row = byStream.get(stream.stream_id)!;
        return {
          streamId: row.stream_id,
          nextVersion: row.next_version,
          positions: row.positions.map((position) => BigInt(position)),
          duplicate: false,
        };
      });
    } catch (error) {
      const pgError = error as { code?: string; constraint?: string };
      const retryLike =
        pgError.code === 'ESCON' || (pgError.code === '23505' && pgError.constraint === 'events_event_id_key');
      if (!retryLike) throw this.translate(error, batch);
      const retried = await this.recogniseRetries(streams);
      if (retried.size === 0) throw this.translate(error, batch);
      const rest = streams.filter((stream) => !retried.has(stream.stream_id));
      const appended = rest.length > 0 ? await this.appendOrRecogniseRetry(rest, batch) : [];
      const byStream = new Map([...retried, ...appended.map((result) => [result.streamId, result] as const)]);
      return streams.map((stream) => byStream.get(stream.stream_id)!);
    }
  }

  /** Streams of the batch whose events are all stored already, with their first results. */
  private async recogniseRetries(streams: StreamPayload[]): Promise<Map<string, AppendResult>> {
    const { rows } = await this.pool.query<{
      event_id: string;
      stream_id: string;
      stream_version: number;
      global_position: string;
      type: string;
      schema_version: number;
      data: unknown;
    }>(
      `SELECT event_id, stream_id, stream_version, global_position, type, schema_version, data
         FROM events WHERE event_id = ANY($1::uuid[])`,
      [streams.flatMap((stream) => stream.events.map((event) => event.id))],
    );
    const stored = new Map(rows.map((row) => [row.event_id, row]));
    const retried = new Map<string, AppendResult>();
    for (const stream of streams) {
      const found = stream.events.map((event) => stored.get(event.id));
      if (found.every((row) => row === undefined)) continue;
      const same = found.every(
        (row, i) =>
          row !== undefined &&
          row.stream_id === stream.stream_id &&
          row.type === stream.events[i]!.type &&
          row.schema_version === stream.events[i]!.schema_version &&
          // As jsonb holds it: what JSON keeps of the object, so like is compared with like.
          jsonEqual(row.data, JSON.parse(JSON.stringify(stream.events[i]!.data))),
      );
      if (!same) {
        throw new EventIdConflictError(
          stream.stream_id,
          found.filter((row) => row !== undefined).map((row) => row.event_id),
        );
      }
      const ordered = found.map((row) => row!).sort((a, b) => a.stream_version - b.stream_version);
      retried.set(stream.stream_id, {
        streamId: stream.stream_id,
        nextVersion: ordered.at(-1)!.stream_version,
        positions: ordered.map((row) => BigInt(row.global_position)),
        duplicate: true,
      });
    }
    return retried;
  }

  /**
   * Wakes readers (LogNotifications) after a commit. Sent from here rather than inside the append
   * transaction, where a NOTIFY would hold a cluster-wide lock until the commit is flushed and so
   * serialise every append; and coalesced, so a burst of appends costs one or two notifications.
   */
  private signalCommit(): void {
    if (!this.notifyOnCommit) return;
    if (this.notifying !== 'idle') {
      this.notifying = 'again';
      return;
    }
    this.notifying = 'sending';
    const send = (): void => {
      this.pool
        .query(`SELECT pg_notify('${EVENT_LOG_CHANNEL}', '')`)
        .catch(() => undefined) // readers also poll; a lost wake-up only delays them
        .finally(() => {
          if (this.notifying === 'again') {
            this.notifying = 'sending';
            send();
          } else {
            this.notifying = 'idle';
          }
        });
    };
    send();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'event_store_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events
              WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3 AND recorded_at < $4
              ORDER BY stream_version`,
      values: [
        streamId,
        options.fromVersion ?? 1,
        options.toVersion ?? MAX_VERSION,
        options.recordedBefore ?? 'infinity',
      ],
    });
    return rows.map((row) => this.toStoredEvent(row));
  }

  /** Several whole streams in one round trip (for loading the facts a command refers to). */
  async readStreams(streamIds: string[]): Promise<Map<string, StoredEvent[]>> {
    const streams = new Map<string, StoredEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_version`,
      [[...streams.keys()]],
    );
    for (const row of rows) streams.get(row.stream_id)!.push(this.toStoredEvent(row));
    return streams;
  }

  /** Events by id, wherever they are stored, in log order (a retried command looks for its own). */
  async readEvents(eventIds: string[]): Promise<StoredEvent[]> {
    const ids = eventIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
      [ids],
    );
    return rows.map((row) => this.toStoredEvent(row));
  }

  /**
   * The whole log in a commit-safe order, for projections.
   *
   * A global position is taken when a row is inserted, not when its transaction commits, so a
   * reader that asked for `global_position > last` could pass position 10 while its transaction
   * was still open and never see it once it commits. Here events are ordered by (transaction id,
   * position), and only events of transactions older than every transaction still appending are
   * returned (event_log_read_bound, see the EventLog migration): those can no longer change, and every
   * transaction that appends later has a larger id, so nothing is ever skipped. The cost: an event
   * becomes readable only once every older append has committed (a slow append holds readers back
   * for as long as it stays open), and a page that reaches the bound reads the lock table.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? LOG_START;
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_READ_ALL_LIMIT) {
      throw new RangeError(`readAll limit must be an integer from 1 to ${MAX_READ_ALL_LIMIT}`);
    }
    // A bound read earlier stays safe for good: every transaction below it had finished appending,
    // and later appenders take larger ids. So while pages below it come back full (a reader
    // catching up), one statement per page will do; a short page asks for a fresh bound, so that
    // caughtUp always means caught up with the log as it is now.
    const remembered = this.lastReadBound;
    let rows = remembered === undefined ? undefined : await this.readAllPage(after, remembered, limit);
    if (rows === undefined || rows.length < limit) {
      // Two statements, so two snapshots: the bound first, then the events (see the migration).
      const { rows: found } = await this.pool.query<{ bound: string }>({
        name: 'event_store_read_bound',
        text: 'SELECT event_log_read_bound()::text AS bound',
      });
      const bound = BigInt(found[0]!.bound);
      if (this.lastReadBound === undefined || bound > this.lastReadBound) this.lastReadBound = bound;
      rows = await this.readAllPage(after, bound, limit);
    }
    const events = rows.map((row) => this.toStoredEvent(row));
    const last = events.at(-1);
    return {
      events,
      checkpoint: last ? { transactionId: last.transactionId, position: last.globalPosition } : after,
      caughtUp: events.length < limit,
    };
  }

  private async readAllPage(after: LogCheckpoint, bound: bigint, limit: number): Promise<EventRow[]> {
    const { rows } = await this.pool.query<EventRow>({
      name: 'event_store_read_all',
      text: `SELECT ${EVENT_COLUMNS} FROM events
              WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < $3::xid8
              ORDER BY transaction_id, global_position
              LIMIT $4`,
      values: [after.transactionId.toString(), after.position.toString(), bound.toString(), limit],
    });
    return rows;
  }

  /**
   * Before a read of the whole log (a rebuild): `VACUUM (ANALYZE)` of the events table when more
   * than a tenth of its rows came after its last vacuum, as after a bulk import, before autovacuum
   * (or where it is off). Read unvacuumed, every row's first read looks its transaction up and
   * rewrites the page (hint bits), and the planner knows nothing of the new rows: the 1M-event
   * bench log, rebuilt right after it was written, projected in 163 s; in 128 s after this
   * vacuum, which took 2.1 s (`npm run bench:rebuild -- --fresh`). Returns whether it ran.
   */
  async settleForFullRead(): Promise<boolean> {
    const { rows } = await this.pool.query<{ unsettled: boolean }>(
      `SELECT coalesce(greatest(n_ins_since_vacuum, n_mod_since_analyze) > 0.1 * greatest(n_live_tup, 1), false) AS unsettled
         FROM pg_stat_user_tables WHERE relid = 'events'::regclass`,
    );
    if (!rows[0]?.unsettled) return false;
    await this.pool.query('VACUUM (ANALYZE) events');
    return true;
  }

  /** The highest global position stored (committed), 0 for an empty log. */
  async headPosition(): Promise<bigint> {
    const { rows } = await this.pool.query<{ head: string | null }>('SELECT max(global_position) AS head FROM events');
    return BigInt(rows[0]?.head ?? 0);
  }

  /** Which of these streams exist already. */
  async existingStreams(streamIds: string[]): Promise<Set<string>> {
    if (streamIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ stream_id: string }>({
      name: 'event_store_existing_streams',
      text: 'SELECT stream_id FROM streams WHERE stream_id = ANY($1::text[])',
      values: [streamIds],
    });
    return new Set(rows.map((row) => row.stream_id));
  }

  /** Which of these event ids the log holds (an import's reports, whose ids derive from their rows). */
  async existingEvents(eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ event_id: string }>({
      name: 'event_store_existing_events',
      text: 'SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])',
      values: [eventIds],
    });
    return new Set(rows.map((row) => row.event_id));
  }

  /**
   * How many events follow a place in the log, counted up to `limit` (a reader deciding whether
   * catching up is cheap stops counting there).
   */
  async countAfter(after: LogCheckpoint, limit: number): Promise<number> {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`countAfter limit must be a positive integer, got ${limit}`);
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT $3) AS tail`,
      [after.transactionId.toString(), after.position.toString(), limit],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Every event after a place in the log whose stream id starts with `streamPrefix`, in log
   * order. Unlike readAll it does not wait for older appends still open: for a reader that wants
   * the committed tail now, and meets anything it missed through its own checkpoint later.
   */
  async readAfter(after: LogCheckpoint, streamPrefix: string): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND starts_with(stream_id, $3)
        ORDER BY transaction_id, global_position`,
      [after.transactionId.toString(), after.position.toString(), streamPrefix],
    );
    return rows.map((row) => this.toStoredEvent(row));
  }

  /**
   * Every event of the streams of one type, in log order. Streams are looked up by type first:
   * far fewer rows than the log, and one index probe each.
   */
  async readStreamType(streamType: string): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS.split(', ')
        .map((column) => `e.${column}`)
        .join(', ')}
         FROM streams s JOIN events e ON e.stream_id = s.stream_id
        WHERE s.stream_type = $1
        ORDER BY e.transaction_id, e.global_position`,
      [streamType],
    );
    return rows.map((row) => this.toStoredEvent(row));
  }

  /** The stream's current version, 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [
      streamId,
    ]);
    return rows[0]?.version ?? 0;
  }

  private toStoredEvent(row: EventRow): StoredEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      globalPosition: BigInt(row.global_position),
      transactionId: BigInt(row.transaction_id),
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      eventId: row.event_id,
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }

  private toPayload(batch: StreamAppend[]): StreamPayload[] {
    if (batch.length === 0) throw new InvalidAppendError('nothing to append: the batch is empty');
    const seen = new Set<string>();
    const streams = batch.map(({ streamId, events, expectedVersion = 'any', streamType }) => {
      if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200) {
        throw new InvalidAppendError('a stream id must be a string of 1 to 200 characters');
      }
      if (seen.has(streamId)) throw new InvalidAppendError(`stream ${streamId} appears twice in one batch`);
      seen.add(streamId);
      if (!Array.isArray(events) || events.length === 0) {
        throw new InvalidAppendError(`nothing to append to stream ${streamId}`);
      }
      if (events.length > MAX_EVENTS_PER_APPEND) {
        throw new InvalidAppendError(`at most ${MAX_EVENTS_PER_APPEND} events per stream in one append`);
      }
      return {
        stream_id: streamId,
        stream_type: streamType ?? (streamId.includes('-') ? streamId.slice(0, streamId.indexOf('-')) : streamId),
        expected: expectedToText(expectedVersion),
        events: events.map((event) => this.eventPayload(streamId, event)),
      };
    });
    return streams;
  }

  private eventPayload(streamId: string, event: EventToAppend): EventPayload {
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > 200) {
      throw new InvalidAppendError(`an event type in stream ${streamId} must be a string of 1 to 200 characters`);
    }
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
      throw new InvalidAppendError(`the data of a ${event.type} event must be a JSON object`);
    }
    if (event.eventId !== undefined && !UUID.test(event.eventId)) {
      throw new InvalidAppendError(`event id "${event.eventId}" is not a UUID`);
    }
    const schemaVersion = event.schemaVersion ?? this.upcasters.currentVersion(event.type);
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidAppendError(`the schema version of a ${event.type} event must be an integer >= 1`);
    }
    return {
      id: (event.eventId ?? randomUUID()).toLowerCase(),
      type: event.type,
      schema_version: schemaVersion,
      data: event.data,
      metadata: event.metadata ?? {},
    };
  }

  private translate(error: unknown, batch: StreamAppend[]): unknown {
    const pgError = error as { code?: string; detail?: string; constraint?: string };
    if (pgError.code === 'ESCON' && pgError.detail) {
      const detail = JSON.parse(pgError.detail) as { streamId: string; actual: number | null };
      const expected = batch.find((append) => append.streamId === detail.streamId)?.expectedVersion ?? 'any';
      this.observer.conflicted?.();
      return new ConcurrencyError(detail.streamId, expected, detail.actual ?? 0);
    }
    if (pgError.code === '23505' && pgError.constraint === 'events_event_id_key') {
      // Two events of one request share an id, or two streams raced for one id.
      return new EventIdConflictError(batch.length === 1 ? batch[0]!.streamId : '(batch)', [
        /\((.*)\)=\((.*)\)/.exec(pgError.detail ?? '')?.[2] ?? 'unknown',
      ]);
    }
    return error;
  }
}

interface EventPayload {
  id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

interface StreamPayload {
  stream_id: string;
  stream_type: string;
  expected: string;
  events: EventPayload[];
}

/** Equality as jsonb sees it: key order does not matter. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(bRecord).length &&
    aKeys.every((key) => key in bRecord && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]))
  );
}

function expectedToText(expected: ExpectedVersion): string {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 0 && expected <= MAX_VERSION) {
    return String(expected);
  }
  throw new InvalidAppendError(
    `expected version must be a version number >= 0, 'no_stream', 'stream_exists' or 'any', got ${String(expected)}`,
  );
}
