import type { QueryResult, QueryResultRow } from 'pg';
import type { LogCheckpoint } from './types';

/** A pool or one connection (a transaction's, say): the log is read on whichever the caller holds. */
export interface LogQueryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

/** How far the log is ahead of a place in it. */
export interface LogLag {
  headPosition: bigint;
  /** Log events after the place, counted up to the limit asked for. */
  lagEvents: number;
  /** Age of the first event after the place, by the database's clock; 0 when there is none. */
  lagSeconds: number;
}

/** Where an event is in the log, without its data. */
export interface LogEventPlace {
  streamId: string;
  streamVersion: number;
  type: string;
  globalPosition: bigint;
  transactionId: bigint;
}

/**
 * A place to read after. The transaction id may be unknown (a place heard of through a
 * notification carries only the position): it is then looked up from the log.
 */
export interface LogPlaceAfter {
  position: bigint;
  transactionId?: bigint;
}

/**
 * Reads of the log for those that keep their own state beside it (read-model generations, the
 * subscription hub): on the connection they hand in, so that a read may share their transaction
 * and snapshot. Every place is in the commit-safe (transaction id, position) order of readAll.
 */
export class LogQueries {
  constructor(private readonly db: LogQueryable) {}

  /** The head, how many events follow the place (up to `limit`), and how old the first of them is: one statement. */
  async lag(after: LogCheckpoint, limit: number): Promise<LogLag> {
    const { rows } = await this.db.query<{ head: string | null; lag_events: string; lag_seconds: number | null }>(
      `SELECT (SELECT max(global_position) FROM events)::text AS head,
              (SELECT count(*) FROM (SELECT 1 FROM events
                                      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
                                      LIMIT ${positiveInteger(limit)}) AS unprojected) AS lag_events,
              (SELECT greatest(0, extract(epoch FROM clock_timestamp() - recorded_at))::float8 FROM events
                WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
                ORDER BY transaction_id, global_position LIMIT 1) AS lag_seconds`,
      [after.transactionId.toString(), after.position.toString()],
    );
    const row = rows[0]!;
    return { headPosition: BigInt(row.head ?? 0), lagEvents: Number(row.lag_events), lagSeconds: row.lag_seconds ?? 0 };
  }

  /**
   * A time at or below the record time (`recorded_at`) of every event after the place in log
   * order, those committed and those still to be appended (see the EffectiveRecordTime
   * migration's event_log_record_time_floor), with the database's clock. `floor` is null when
   * more than 1,000 events follow the place (the floor is then not worth its scan). Outside a
   * REPEATABLE READ transaction only: its readings need a snapshot each.
   */
  async recordTimeFloor(after: LogCheckpoint): Promise<{ floor: Date | null; now: Date }> {
    const { rows } = await this.db.query<{ floor: Date | null; now: Date }>(
      'SELECT event_log_record_time_floor($1::xid8, $2::bigint) AS floor, clock_timestamp() AS now',
      [after.transactionId.toString(), after.position.toString()],
    );
    return { floor: rows[0]!.floor, now: rows[0]!.now };
  }

  /** The log place of the event at this global position; undefined when there is none (yet). */
  async placeOf(position: bigint): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.db.query<{ transaction_id: string }>(
      'SELECT transaction_id::text FROM events WHERE global_position = $1',
      [position.toString()],
    );
    return rows[0] ? { transactionId: BigInt(rows[0].transaction_id), position } : undefined;
  }

  /**
   * The places of the events of streams whose ids start with `streamPrefix`, after `after` and up
   * to `upTo` (inclusive) when given, at most `limit` of them when given, in log order.
   */
  async placesAfter(
    after: LogPlaceAfter,
    options: { streamPrefix: string; upTo?: LogCheckpoint; limit?: number },
  ): Promise<LogEventPlace[]> {
    const { rows } = await this.db.query<{
      stream_id: string;
      stream_version: number;
      type: string;
      position: string;
      transaction_id: string;
    }>(
      `SELECT stream_id, stream_version, type, global_position::text AS position, transaction_id::text
         FROM events
        WHERE (transaction_id, global_position) >
              (COALESCE($1::xid8, (SELECT transaction_id FROM events WHERE global_position = $2::bigint), '0'::xid8), $2::bigint)
          AND ($4::xid8 IS NULL OR (transaction_id, global_position) <= ($4::xid8, $5::bigint))
          AND starts_with(stream_id, $3)
        ORDER BY transaction_id, global_position
        ${options.limit === undefined ? '' : `LIMIT ${positiveInteger(options.limit)}`}`,
      [
        after.transactionId?.toString() ?? null,
        after.position.toString(),
        options.streamPrefix,
        options.upTo?.transactionId.toString() ?? null,
        options.upTo?.position.toString() ?? null,
      ],
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      type: row.type,
      globalPosition: BigInt(row.position),
      transactionId: BigInt(row.transaction_id),
    }));
  }

  /**
   * The event versions a read model keeps in `versionsTable` (event_id, version = stream version
   * of an `event-<uuid>` stream, recorded_from) for the log's events between two places, in log
   * order. One statement: the rebuild's swap announces these inside its lock, and a version of
   * the statement split in two (log places, then versions) let announcements arrive out of order
   * in projection-rebuild.int-spec.ts for a reason not yet found.
   */
  async versionsBetween(
    versionsTable: string,
    after: LogCheckpoint,
    upTo: LogCheckpoint,
  ): Promise<{ eventId: string; version: number; position: string; type: string; recordedFrom: Date }[]> {
    if (!/^rm_[0-9]+\.event_versions$/.test(versionsTable))
      throw new Error(`not a read model's versions table: ${versionsTable}`);
    const { rows } = await this.db.query<{
      event_id: string;
      version: number;
      position: string;
      type: string;
      recorded_from: Date;
    }>(
      `SELECT v.event_id::text, v.version, e.global_position::text AS position, e.type, v.recorded_from
         FROM events e
         JOIN ${versionsTable} v
           ON e.stream_id LIKE 'event-%' AND v.event_id = substring(e.stream_id FROM 7)::uuid AND v.version = e.stream_version
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
          AND (e.transaction_id, e.global_position) <= ($3::xid8, $4::bigint)
        ORDER BY e.transaction_id, e.global_position`,
      [
        after.transactionId.toString(),
        after.position.toString(),
        upTo.transactionId.toString(),
        upTo.position.toString(),
      ],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      version: row.version,
      position: row.position,
      type: row.type,
      recordedFrom: row.recorded_from,
    }));
  }
}

/**
 * `LEFT JOIN` of the stored data of the event of type `type` at the global position
 * `positionExpression`, under `alias` (its `data` column is as stored, not upcast), for a caller's
 * statement that would otherwise send that data back to the database: the projection's first
 * versions are built from it in SQL. A fragment, so that the statement stays one round trip
 * while only the store names the log's table.
 */
export function joinStoredEvent(
  alias: string,
  options: { positionExpression: string; type: string; when?: string },
): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(options.type)) throw new Error(`not an event type: ${options.type}`);
  const when = options.when ? `${options.when} AND ` : '';
  return `LEFT JOIN events ${alias} ON ${when}${alias}.global_position = ${options.positionExpression} AND ${alias}.type = '${options.type}'`;
}

function positiveInteger(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`expected a positive integer, got ${n}`);
  return n;
}
