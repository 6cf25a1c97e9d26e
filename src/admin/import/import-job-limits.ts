import type { JobLimits } from './import-jobs.repository';

/** What bounds import jobs (startImport); the README's "Import and export" lists them. */
export interface ImportJobLimits extends JobLimits {
  /** Jobs one process runs at once (each holds its content, up to 5 MB, until it ends). */
  perProcess: number;
  /** How often a running job tells the table it is alive, progress or not. */
  heartbeatMs: number;
  /** Progress is written at most this often (the last one always is). */
  progressEveryMs: number;
  /** The import reports progress at least every this many lines. */
  progressLines: number;
  /** importJobs(first) answers at most this many. */
  listMax: number;
  /** On shutdown, running jobs are stopped and given this long to write down that they stopped. */
  shutdownWaitMs: number;
}

export const IMPORT_JOB_LIMITS: Readonly<ImportJobLimits> = {
  perProcess: 2,
  perPrincipal: 2,
  // Twelve missed heartbeats: a job is abandoned only when its process is surely gone (or frozen).
  heartbeatMs: 5_000,
  abandonedAfterMs: 60_000,
  progressEveryMs: 250,
  progressLines: 100,
  keptForMs: 7 * 24 * 3_600_000,
  kept: 1_000,
  listMax: 50,
  shutdownWaitMs: 5_000,
};
