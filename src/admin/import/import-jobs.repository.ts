import type { Pool } from 'pg';
import type { ClusterMode, ImportFormat } from '../../imports';
import type { ImportProgress, ImportSummary } from './import-summary';

/** Advisory lock class of the per-principal check before a job is added ("IMJB"; the ledger's is "IMPL"). */
export const JOB_LOCK_CLASS = 1_229_802_050;

/** The status stored; `abandoned` is derived when read (a running row whose heartbeat is too old). */
export type StoredJobStatus = 'running' | 'succeeded' | 'failed';
export type ImportJobStatus = StoredJobStatus | 'abandoned';

export interface NewImportJob {
  id: string;
  principal: string;
  format: ImportFormat;
  dryRun: boolean;
  allEvents: boolean;
  cluster: ClusterMode;
  contentBytes: number;
  /** host:pid of the process running it, for whoever looks at the table. */
  runner: string;
}

export interface ImportJobRow extends Omit<NewImportJob, 'runner'> {
  status: ImportJobStatus;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  lines: number;
  bytesRead: number;
  imported: number;
  alreadyPresent: number;
  skipped: number;
  rejected: number;
  summary: ImportSummary | null;
  error: string | null;
}

interface DatabaseRow {
  id: string;
  principal: string;
  format: ImportFormat;
  dry_run: boolean;
  all_events: boolean;
  cluster: ClusterMode;
  content_bytes: string;
  status: ImportJobStatus;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  lines: string;
  bytes_read: string;
  imported: string;
  already_present: string;
  skipped: string;
  rejected: string;
  summary: ImportSummary | null;
  error: string | null;
}

export interface JobLimits {
  /** A running job whose heartbeat is older than this is abandoned. */
  abandonedAfterMs: number;
  /** Running (not abandoned) jobs one principal may have, over every process and instance. */
  perPrincipal: number;
  /** Finished (and abandoned) jobs stay readable this long, and at most `kept` of them. */
  keptForMs: number;
  kept: number;
}

/** Every column, with the status as clients see it: running with an old heartbeat is abandoned. */
const COLUMNS = `id, principal, format, dry_run, all_events, cluster, content_bytes,
  CASE WHEN status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
       THEN 'abandoned' ELSE status END AS status,
  started_at, heartbeat_at, finished_at, lines, bytes_read, imported, already_present, skipped, rejected, summary, error`;

/**
 * The table import_jobs (migration 1796400000000-ImportJobs). Times are the database's clock, so
 * that instances with clocks apart agree on what is abandoned.
 */
export class ImportJobsRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Adds a running job, unless its principal already has `perPrincipal` running ones (answers
   * how many then): checked and added under a lock on the principal, so two workers cannot both
   * take the last place.
   */
  async add(job: NewImportJob, limits: JobLimits): Promise<ImportJobRow | { running: number }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCK_CLASS, job.principal]);
        const { rows: counted } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM import_jobs
            WHERE principal = $2 AND status = 'running'
              AND heartbeat_at >= now() - make_interval(secs => $1::double precision / 1000)`,
          [limits.abandonedAfterMs, job.principal],
        );
        const running = counted[0]!.n;
        if (running >= limits.perPrincipal) {
          await client.query('ROLLBACK');
          return { running };
        }
        const { rows } = await client.query<DatabaseRow>(
          `INSERT INTO import_jobs (id, principal, format, dry_run, all_events, cluster, content_bytes, runner, status)
           VALUES ($2, $3, $4, $5, $6, $7, $8, $9, 'running')
           RETURNING ${COLUMNS}`,
          [
            limits.abandonedAfterMs,
            job.id,
            job.principal,
            job.format,
            job.dryRun,
            job.allEvents,
            job.cluster,
            job.contentBytes,
            job.runner,
          ],
        );
        await client.query('COMMIT');
        return fromDatabase(rows[0]!);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  }

  async find(id: string, abandonedAfterMs: number): Promise<ImportJobRow | undefined> {
    const { rows } = await this.pool.query<DatabaseRow>(`SELECT ${COLUMNS} FROM import_jobs WHERE id = $2`, [
      abandonedAfterMs,
      id,
    ]);
    return rows[0] && fromDatabase(rows[0]);
  }

  /** The most recently started jobs first. */
  async recent(first: number, abandonedAfterMs: number): Promise<ImportJobRow[]> {
    const { rows } = await this.pool.query<DatabaseRow>(
      `SELECT ${COLUMNS} FROM import_jobs ORDER BY started_at DESC, id LIMIT $2`,
      [abandonedAfterMs, first],
    );
    return rows.map(fromDatabase);
  }

  /** Progress and heartbeat; a job already finished (or taken as such) is left as it is. */
  async progress(id: string, progress: ImportProgress): Promise<void> {
    await this.pool.query(
      `UPDATE import_jobs
          SET heartbeat_at = now(), lines = $2, bytes_read = $3, imported = $4, already_present = $5, skipped = $6, rejected = $7
        WHERE id = $1 AND status = 'running'`,
      [
        id,
        progress.lines,
        progress.bytes,
        progress.imported,
        progress.alreadyPresent,
        progress.skipped,
        progress.rejected,
      ],
    );
  }

  async heartbeat(id: string): Promise<void> {
    await this.pool.query(`UPDATE import_jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  async succeed(id: string, summary: ImportSummary, bytesRead: number): Promise<void> {
    await this.pool.query(
      `UPDATE import_jobs
          SET status = 'succeeded', finished_at = now(), heartbeat_at = now(), summary = $2, bytes_read = $3,
              lines = $4, imported = $5, already_present = $6, skipped = $7, rejected = $8
        WHERE id = $1`,
      [
        id,
        JSON.stringify(summary),
        bytesRead,
        summary.lines,
        summary.imported,
        summary.alreadyPresent,
        summary.skipped,
        summary.rejected,
      ],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.pool.query(
      `UPDATE import_jobs SET status = 'failed', finished_at = now(), heartbeat_at = now(), error = $2 WHERE id = $1`,
      [id, error],
    );
  }

  /**
   * Deletes jobs finished (or abandoned) longer ago than `keptForMs`, and all but the newest
   * `kept` of the others that are not running: the table stays small whatever the traffic.
   */
  async prune(limits: JobLimits): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH ended AS (
         SELECT id, coalesce(finished_at, heartbeat_at) AS ended_at,
                row_number() OVER (ORDER BY started_at DESC, id) AS newest
           FROM import_jobs
          WHERE status <> 'running' OR heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
       )
       DELETE FROM import_jobs j USING ended
        WHERE j.id = ended.id
          AND (ended.ended_at < now() - make_interval(secs => $2::double precision / 1000) OR ended.newest > $3)`,
      [limits.abandonedAfterMs, limits.keptForMs, limits.kept],
    );
    return rowCount ?? 0;
  }
}

function fromDatabase(row: DatabaseRow): ImportJobRow {
  return {
    id: row.id,
    principal: row.principal,
    format: row.format,
    dryRun: row.dry_run,
    allEvents: row.all_events,
    cluster: row.cluster,
    contentBytes: Number(row.content_bytes),
    status: row.status,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    finishedAt: row.finished_at,
    lines: Number(row.lines),
    bytesRead: Number(row.bytes_read),
    imported: Number(row.imported),
    alreadyPresent: Number(row.already_present),
    skipped: Number(row.skipped),
    rejected: Number(row.rejected),
    summary: row.summary,
    error: row.error,
  };
}
