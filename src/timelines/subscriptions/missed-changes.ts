import type { Pool } from 'pg';
import { LogQueries } from '../../event-store/log-queries';
import { compareLogPlaces } from '../projection/log-order';
import { EVENT_STREAM_PREFIX } from '../projection/read-model.repository';
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
 * lost its LISTEN connection missed. The log gives the order (a page of event-stream places after
 * `after`); the read model gives the versions at those places and how far it has projected, in one
 * statement so that both are of one snapshot. Places beyond that are not read here: they will be
 * announced when they are projected.
 */
export async function readChangesAfter(
  pool: Pool,
  schema: string,
  after: LogPlace,
): Promise<{ changes: TimelineChange[]; last: LogPlace; more: boolean }> {
  const places = await new LogQueries(pool).placesAfter(
    {
      position: BigInt(after.position),
      transactionId: after.transactionId === undefined ? undefined : BigInt(after.transactionId),
    },
    { streamPrefix: EVENT_STREAM_PREFIX, limit: PAGE },
  );
  if (places.length === 0) return { changes: [], last: after, more: false };
  const { rows } = await pool.query<{
    i: string | null;
    event_id: string | null;
    recorded_from: Date | null;
    transaction_id: string;
    position: string;
  }>(
    `SELECT k.i::text, v.event_id::text, v.recorded_from, c.transaction_id::text, c.position::text
       FROM ${checkedSchema(schema)}.checkpoint c
       LEFT JOIN (unnest($1::uuid[], $2::integer[]) WITH ORDINALITY AS k(event_id, version, i)
                  JOIN ${schema}.event_versions v ON v.event_id = k.event_id AND v.version = k.version) ON true
      ORDER BY k.i`,
    [
      places.map((place) => place.streamId.slice(EVENT_STREAM_PREFIX.length)),
      places.map((place) => place.streamVersion),
    ],
  );
  const projected = rows[0]
    ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) }
    : undefined;
  // Projection runs in log order: the places up to its checkpoint are the projected ones.
  const within = projected
    ? places.filter(
        (place) =>
          compareLogPlaces({ transactionId: place.transactionId, position: place.globalPosition }, projected) <= 0,
      )
    : [];
  const changes: TimelineChange[] = [];
  for (const row of rows) {
    if (row.i === null) continue;
    const place = places[Number(row.i) - 1]!;
    const change = CHANGE_OF_EVENT_TYPE[place.type];
    if (change)
      changes.push({
        eventId: row.event_id!,
        version: place.streamVersion,
        position: place.globalPosition.toString(),
        change,
        recordedAt: row.recorded_from!.toISOString(),
      });
  }
  const lastPlace = within.at(-1);
  return {
    changes,
    last: lastPlace
      ? { position: lastPlace.globalPosition.toString(), transactionId: lastPlace.transactionId.toString() }
      : after,
    more: places.length === PAGE && within.length === places.length,
  };
}

/** Where the generation's projection stands: changes after it are yet to be announced. */
export async function projectedUpTo(pool: Pool, schema: string): Promise<LogPlace> {
  const { rows } = await pool.query<{ transaction_id: string; position: string }>(
    `SELECT transaction_id::text, position::text FROM ${schema}.checkpoint`,
  );
  const row = rows[0];
  return row ? { position: row.position, transactionId: row.transaction_id } : { position: '0', transactionId: '0' };
}

function checkedSchema(schema: string): string {
  if (!/^rm_[0-9]+$/.test(schema)) throw new Error(`not a read-model schema name: ${schema}`);
  return schema;
}
