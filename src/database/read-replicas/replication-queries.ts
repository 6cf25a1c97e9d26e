import type { Pool } from 'pg';

/** The primary's current WAL position, in bytes since 0/0. */
export async function primaryWalPosition(pool: Pool): Promise<bigint> {
  const { rows } = await pool.query<{ lsn: string }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn`,
  );
  return BigInt(rows[0]!.lsn);
}

/** A server named as a read replica that is not a standby: it is never read from. */
export class NotAStandbyError extends Error {
  constructor() {
    super('it is not a standby (pg_is_in_recovery() is false)');
    this.name = 'NotAStandbyError';
  }
}

/**
 * How far a standby has replayed the primary's WAL, in bytes since 0/0 (what its queries see).
 * A server not in recovery is refused (NotAStandbyError): its WAL positions count on another
 * timeline than the primary's (a promoted standby after a failover, another primary named by
 * mistake), so comparing them with the primary's says nothing about what it holds, and a
 * higher one would pass it as current while it serves other data.
 */
export async function replayedWalPosition(pool: Pool): Promise<bigint> {
  const { rows } = await pool.query<{ standby: boolean; lsn: string | null }>(
    `SELECT pg_is_in_recovery() AS standby, pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::text AS lsn`,
  );
  if (!rows[0]?.standby) throw new NotAStandbyError();
  return BigInt(rows[0].lsn ?? '0');
}
