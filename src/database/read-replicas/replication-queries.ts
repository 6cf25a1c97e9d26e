import type { Pool } from 'pg';

/** The primary's current WAL position, in bytes since 0/0. */
export async function primaryWalPosition(pool: Pool): Promise<bigint> {
  const { rows } = await pool.query<{ lsn: string }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn`,
  );
  return BigInt(rows[0]!.lsn);
}

/**
 * How far a standby has replayed the primary's WAL, in bytes since 0/0 (what its queries see). A
 * server that is not in recovery (a promoted standby) answers its own position: it is as fresh as
 * it gets.
 */
export async function replayedWalPosition(pool: Pool): Promise<bigint> {
  const { rows } = await pool.query<{ lsn: string | null }>(
    `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')
                  ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') END)::text AS lsn`,
  );
  return BigInt(rows[0]?.lsn ?? '0');
}
