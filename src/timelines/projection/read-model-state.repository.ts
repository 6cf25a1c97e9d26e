import { LogQueries, type LogLag } from '../../event-store/log-queries';
import type { LogCheckpoint } from '../../event-store/types';
import { readModelDdl } from '../read-model/read-model-ddl';
import { PROJECTOR_LOCK_KEY, READ_MODEL_SWAPPED_CHANNEL } from './projection-keys';
import type { Queryable } from './serial-queries';

export const MAX_LAG_EVENTS = 1_000_000;

export interface GenerationCheckpoint {
  checkpoint: LogCheckpoint;
  updatedAt: Date;
  /** The effective record time of the event at the checkpoint (see effectiveRecordTime); null before any. */
  recordTime: Date | null;
}

export type { LogLag };

const SCHEMA_NAME = /^rm_[0-9]+$/;

/**
 * Which read-model generation is active, the generations that exist, their checkpoints, and how
 * far the log is ahead of one: everything about read models that is not a projection write.
 */
export class ReadModelStateRepository {
  private readonly log: LogQueries;

  constructor(private readonly db: Queryable) {
    this.log = new LogQueries(db);
  }

  async activeSchema(): Promise<string> {
    const { rows } = await this.db.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
    const schema = rows[0]?.active_schema;
    if (!schema) throw new Error('read_model_state has no row: the TimelineReadModel migration has not run');
    return schema;
  }

  async checkpointOf(schema: string): Promise<GenerationCheckpoint> {
    const { rows } = await this.db.query<{
      transaction_id: string;
      position: string;
      updated_at: Date;
      record_time: Date | null;
    }>(`SELECT transaction_id::text, position::text, updated_at, record_time FROM ${checked(schema)}.checkpoint`);
    const row = rows[0];
    if (!row) throw new Error(`${schema}.checkpoint has no row`);
    return {
      checkpoint: { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
      updatedAt: row.updated_at,
      recordTime: row.record_time,
    };
  }

  /** Existing generation schemas, oldest first. */
  async generations(): Promise<string[]> {
    const { rows } = await this.db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$' ORDER BY substring(nspname FROM 4)::bigint`,
    );
    return rows.map((row) => row.nspname);
  }

  /**
   * Run in a transaction of the caller's: the schema appears whole or not at all. `now` may hold
   * statements back (for the caller to run later); by default every statement runs.
   */
  async createGeneration(schema: string, now: (statement: string) => boolean = () => true): Promise<void> {
    for (const statement of readModelDdl(schema)) if (now(statement)) await this.db.query(statement);
  }

  /** Waits at most lockTimeoutMs for queries still reading the generation; throws (55P03) if they outlast it. */
  async dropGeneration(schema: string, lockTimeoutMs: number): Promise<void> {
    await this.db.query(`SET lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    try {
      await this.db.query(`DROP SCHEMA IF EXISTS ${checked(schema)} CASCADE`);
    } finally {
      await this.db.query('RESET lock_timeout');
    }
  }

  /** Inside the swap transaction; listeners hear of it when it commits. */
  async activate(schema: string): Promise<void> {
    await this.db.query('UPDATE read_model_state SET active_schema = $1, swapped_at = now()', [checked(schema)]);
    await this.db.query(`SELECT pg_notify('${READ_MODEL_SWAPPED_CHANNEL}', $1)`, [schema]);
  }

  /** How far the log is ahead of a checkpoint; lagEvents counted up to MAX_LAG_EVENTS. */
  lag(after: LogCheckpoint): Promise<LogLag> {
    return this.log.lag(after, MAX_LAG_EVENTS);
  }

  /** A floor under the record times of the events after a place (see LogQueries.recordTimeFloor), and the clock. */
  recordTimeFloor(after: LogCheckpoint): Promise<{ floor: Date | null; now: Date }> {
    return this.log.recordTimeFloor(after);
  }

  /** The log place of the event at this global position; undefined when there is none (yet). */
  placeOf(position: bigint): Promise<LogCheckpoint | undefined> {
    return this.log.placeOf(position);
  }

  /** Whether some session, on any instance, holds the projector lock. */
  async projectorRunning(): Promise<boolean> {
    const { rows } = await this.db.query<{ running: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted) AS running`,
      [PROJECTOR_LOCK_KEY],
    );
    return rows[0]?.running ?? false;
  }
}

function checked(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a read-model schema name: ${schema}`);
  return schema;
}
