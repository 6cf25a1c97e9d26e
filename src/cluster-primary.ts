import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { Client } from 'pg';
import {
  chooseWorkers,
  ConnectionBudgetError,
  instanceShare,
  type ServerConnections,
} from './config/connection-budget';
import type { AppConfig } from './config/env';
import { EMBEDDED_DATABASE_NAME } from './database/connect';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { clusterMetrics } from './observability/cluster-metrics';
import { closeMetricsListener, listenForMetrics } from './observability/metrics-listener';

/** A message between the primary and its workers. */
export const WORKER_READY = 'dtl:worker-ready';
export const WORKER_SHUTDOWN = 'dtl:worker-shutdown';

/** A worker that dies this often within the window is a crash loop: the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

export class ClusterStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterStartError';
  }
}

export interface PrimaryOptions {
  env: Record<string, string | undefined>;
  config: AppConfig;
  cores: number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Called when the workers keep dying: the primary must leave (non-zero). */
  onGiveUp(reason: string): void;
}

export interface RunningPrimary {
  workers: number;
  url: string;
  /** Workers finish their requests and exit; then the embedded PostgreSQL stops, last. */
  shutdown(): Promise<void>;
}

let killedAll = false;

/** For exits that cannot wait (a second signal, a shutdown past its deadline), even during the start. */
export function killWorkersNow(): void {
  killedAll = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
}

/**
 * The primary of WEB_CONCURRENCY > 1: it owns the embedded PostgreSQL (when there is no
 * DATABASE_URL), checks the connection budget, forks the workers that serve the port, restarts
 * one that dies (with a back-off; a crash loop ends the service) and shuts them down before
 * PostgreSQL. It opens no pool and runs no migrations: each worker migrates under the migration
 * advisory lock, so the first applies them and the others find nothing to do.
 */
export async function startPrimary(options: PrimaryOptions): Promise<RunningPrimary> {
  const { config, log } = options;
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log.info({ dataDir: config.embeddedPgDir }, 'No DATABASE_URL: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedPgDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE_NAME,
      warn: (message) => log.warn(message),
    });
    databaseUrl = embedded.url;
  }
  const url = databaseUrl;

  const live = new Set<Worker>();
  const exited = new Map<Worker, Promise<number>>();
  const restartTimers = new Set<NodeJS.Timeout>();
  const deaths: number[] = [];
  let stopping = false;
  let forks = 0;
  let workers: number;
  let metricsServer: Server | undefined;

  const fork = (): Worker => {
    forks += 1;
    const worker = cluster.fork({
      DATABASE_URL: url,
      WEB_CONCURRENCY: String(workers),
      CLUSTER_WORKER_ID: String(forks),
    });
    live.add(worker);
    exited.set(
      worker,
      new Promise((resolve) =>
        worker.once('exit', (code, signal) => {
          live.delete(worker);
          resolve(code ?? (signal ? 128 : 1));
        }),
      ),
    );
    return worker;
  };

  try {
    const share = instanceShare(config, await serverConnections(url, config.databaseConnectTimeoutMs));
    try {
      workers = chooseWorkers(options, share);
    } catch (error) {
      throw error instanceof ConnectionBudgetError ? new ClusterStartError(error.message) : error;
    }
    log.info({ workers, share }, `Starting ${workers} workers`);
    // All must start: one that exits before it is ready (a port taken, a failed migration) ends the start.
    await Promise.all(Array.from({ length: workers }, () => whenReady(fork())));
    if (config.metricsPort !== undefined) {
      // One port, one answer for the whole instance: the workers' metrics summed here.
      const metrics = clusterMetrics();
      metricsServer = await listenForMetrics({
        port: config.metricsPort,
        host: config.metricsHost,
        token: config.metricsToken,
        ...metrics,
        onError: (error) => log.error({ err: error }, "Collecting the workers' metrics failed"),
      });
      log.info(`Metrics of all workers on http://${config.metricsHost}:${config.metricsPort}/metrics`);
    }
  } catch (error) {
    for (const worker of live) worker.process.kill('SIGKILL');
    await Promise.all(exited.values());
    if (metricsServer) await closeMetricsListener(metricsServer);
    await embedded?.stop();
    throw error;
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping || killedAll) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > MAX_RESTARTS) {
      options.onGiveUp(`${deaths.length} workers died within ${RESTART_WINDOW_MS / 1000} s`);
      return;
    }
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (deaths.length - 1));
    log.warn({ workerPid: worker.process.pid, code, signal, restartInMs: delay }, 'A worker died: restarting it');
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) fork();
    }, delay);
    restartTimers.add(timer);
  });

  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    (stopped ??= (async () => {
      stopping = true;
      for (const timer of restartTimers) clearTimeout(timer);
      const stoppedWorkers = [...live].map((worker) => exited.get(worker)!);
      for (const worker of live) {
        // A message, not a signal: a worker that got the terminal's SIGINT itself must not take
        // a second signal for a second Ctrl-C and cut its requests off.
        if (worker.isConnected()) worker.send({ type: WORKER_SHUTDOWN });
        else worker.process.kill('SIGTERM');
      }
      const codes = await Promise.all(stoppedWorkers);
      if (metricsServer) await closeMetricsListener(metricsServer);
      await embedded?.stop();
      const failed = codes.filter((code) => code !== 0).length;
      if (failed > 0) throw new Error(`${failed} worker(s) did not stop cleanly`);
    })());

  return { workers, url, shutdown };
}

function whenReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new ClusterStartError(`A worker could not start (exit code ${code ?? signal}): see its output above`));
    worker.once('exit', onExit);
    worker.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== WORKER_READY) return;
      worker.off('exit', onExit);
      resolve();
    });
  });
}

async function serverConnections(url: string, connectTimeoutMs: number): Promise<ServerConnections> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: Math.max(connectTimeoutMs, 5_000),
    application_name: 'diplomatic-timeline-primary',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: string; reserved: string }>(
      `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved`,
    );
    return { maxConnections: Number(rows[0]!.max), superuserReserved: Number(rows[0]!.reserved) };
  } finally {
    await client.end();
  }
}
