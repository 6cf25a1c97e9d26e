import type { Pool } from 'pg';
import { CHANGE_OF_EVENT_TYPE, type TimelineChange } from '../projection/timeline-change';

/** A place in the log, in the order the projector reads it: (transaction id, global position). */
export interface LogPlace {
  position: string;
  /** Unknown for a place heard of through a notification: looked up from the log when needed. */
  transactionId?: string;
}

const PAGE = 500;

/**
 * The changes the read model holds after a place in the log, in log order: what a listener that
 * lost its LISTEN connection missed. The read model keeps each version's log position; the log
 * gives the order (a version is in the read model only once projected, so nothing unprojected is
 * read here: it will be announced when it is).
 */
export async function readChangesAfter(pool: Pool, schema: string, after: LogPlace): Promise<{ changes: TimelineChange[]; last: LogPlace; more: boolean }> {
  const { rows } = await pool.query<{ event_id: string; version: number; position: string; transaction_id: string; type: string; recorded_from: Date }>(
    `SELECT v.event_id::text, v.version, e.global_position::text AS position, e.transaction_id::text, e.type, v.recorded_from
       FROM events e
       JOIN ${schema}.event_versions v
         ON e.stream_id LIKE 'event-%' AND v.event_id = substring(e.stream_id FROM 7)::uuid AND v.version = e.stream_version
      WHERE (e.transaction_id, e.global_position) >
            (COALESCE($1::xid8, (SELECT transaction_id FROM events WHERE global_position = $2::bigint), '0'::xid8), $2::bigint)
      ORDER BY e.transaction_id, e.global_position
      LIMIT ${PAGE}`,
    [after.transactionId ?? null, after.position],
  );
  const changes: TimelineChange[] = [];
  for (const row of rows) {
    const change = CHANGE_OF_EVENT_TYPE[row.type];
    if (change) changes.push({ eventId: row.event_id, version: row.version, position: row.position, change, recordedAt: row.recorded_from.toISOString() });
  }
  const lastRow = rows.at(-1);
  return { changes, last: lastRow ? { position: lastRow.position, transactionId: lastRow.transaction_id } : after, more: rows.length === PAGE };
}

/** Where the generation's projection stands: changes after it are yet to be announced. */
export async function projectedUpTo(pool: Pool, schema: string): Promise<LogPlace> {
  const { rows } = await pool.query<{ transaction_id: string; position: string }>(
    `SELECT transaction_id::text, position::text FROM ${schema}.checkpoint`,
  );
  const row = rows[0];
  return row ? { position: row.position, transactionId: row.transaction_id } : { position: '0', transactionId: '0' };
}
