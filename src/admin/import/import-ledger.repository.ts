import type { Pool, PoolClient } from 'pg';
import type { ImportSummary } from './import-summary';

/** A file as the ledger knows it. */
export interface LedgerKey {
  name: string;
  size: number;
  sha256: Buffer;
}

/** Advisory lock class of the ledger's file locks (the log's appends use another). */
export const FILE_LOCK_CLASS = 1_229_803_340;

/**
 * The backfill ledger (table import_ledger): which files have been imported whole. A file is
 * written down only after all its batches committed, in its own statement: a run killed between
 * the two imports the file again next time, and finds its events present.
 */
export class ImportLedgerRepository {
  constructor(private readonly pool: Pool) {}

  async isDone(key: LedgerKey): Promise<boolean> {
    const { rows } = await this.pool.query(
      'SELECT 1 FROM import_ledger WHERE file_name = $1 AND sha256 = $2 AND size = $3',
      [key.name, key.sha256, key.size],
    );
    return rows.length > 0;
  }

  async record(key: LedgerKey, summary: ImportSummary): Promise<void> {
    // Another run may have recorded the same file meanwhile (after --reimport): one row stays.
    await this.pool.query(
      `INSERT INTO import_ledger (file_name, size, sha256, format, lines, imported, reports_attached, already_present, rejected, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (file_name, sha256) DO NOTHING`,
      [
        key.name,
        key.size,
        key.sha256,
        summary.format,
        summary.lines,
        summary.imported,
        summary.reportsAttached,
        summary.alreadyPresent,
        summary.rejected,
        summary.correlationId,
      ],
    );
  }

  /**
   * Holds a session lock on the file's content while `work` runs, so that two runs given the same
   * files import each once: the second waits for the first, then finds the file done. The lock
   * goes with the session, so a killed run leaves none behind.
   */
  async whileLocked<T>(key: LedgerKey, work: () => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    const objectId = fileLockId(key.sha256);
    let released = false;
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [FILE_LOCK_CLASS, objectId]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [FILE_LOCK_CLASS, objectId]).catch((error: Error) => {
          released = true;
          client.release(error);
        });
      }
    } finally {
      if (!released) client.release();
    }
  }
}

/** The second key of a file's advisory lock (the first is FILE_LOCK_CLASS): from its sha256. */
export function fileLockId(sha256: Buffer): number {
  return sha256.readInt32BE(0);
}
