import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * `node dist/main.js` with its embedded PostgreSQL, ended every way it can end short of SIGKILL:
 * each time the postmaster must be gone afterwards, or it holds the data directory and the next
 * start is refused. Every test starts on the same data directory, so each also proves that the
 * one before it left the directory free. An uncaught exception comes from a preloaded fixture, so
 * production code carries no test hook.
 */
const FIXTURE = resolve('test/security/fixtures/fail-on-sigusr2.cjs');
let dir: string;
let pgDir: string;
const children: ChildProcess[] = [];
const held: ClientRequest[] = [];
let blocker: Server | undefined;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'dtl-exit-'));
  await chmod(dir, 0o755); // PostgreSQL runs as the postgres user and must reach its directory
  pgDir = join(dir, 'postgres');
}, 120_000);

afterEach(async () => {
  for (const req of held.splice(0)) req.destroy();
  await new Promise<void>((done) => (blocker ? blocker.close(() => done()) : done()));
  blocker = undefined;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of postgresProcessesOn(pgDir)) process.kill(pid, 'SIGINT');
  await until(() => postgresProcessesOn(pgDir).length === 0, 'the test PostgreSQL to stop');
  await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  httpPort: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function start(env: Record<string, string> = {}): Promise<Started> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
  const httpPort = await freePort();
  const child = spawn(process.execPath, ['-r', FIXTURE, 'dist/main.js'], {
    env: {
      ...childEnv,
      NODE_ENV: 'production',
      // One process: these are the exits of a single process (cluster.e2e-spec.ts has the primary's).
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      EMBEDDED_PG_DIR: pgDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, httpPort, output: () => output, exited };
}

/** Polls a condition until it holds, failing after a deadline (no fixed sleeps). */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function healthy(started: Started): Promise<void> {
  await until(async () => {
    if (started.child.exitCode !== null) throw new Error(`service exited early:\n${started.output()}`);
    try {
      return (await fetch(`http://127.0.0.1:${started.httpPort}/health/ready`)).status === 200;
    } catch {
      return false; // not listening yet
    }
  }, 'the service to become ready');
}

async function exitOf(started: Started, timeoutMs = 30_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the service did not exit:\n${started.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([started.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** First line of postmaster.pid: the postmaster's pid, read while the service runs. */
function postmasterPid(): number {
  return Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Alive: the pid exists and is not a zombie waiting for a parent that may never reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** PostgreSQL processes started on this data directory (`postgres -D <dir>`), zombies aside. */
function postgresProcessesOn(dataDir: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv.some((arg, i) => arg === dataDir && argv[i - 1] === '-D') && alive(pid);
      } catch {
        return false; // exited while we looked
      }
    });
}

async function expectPostgresGone(pid: number): Promise<void> {
  await until(() => !alive(pid), `postmaster ${pid} to stop`, 15_000);
  expect(alive(pid)).toBe(false);
  expect(postgresProcessesOn(pgDir)).toEqual([]);
}

/**
 * A request whose body never finishes, so that a graceful shutdown waits for it. Resolves once
 * the server has parsed its headers: Node answers `Expect: 100-continue` only then, so the
 * request is in flight for certain, not idle in a queue that a shutdown could drop.
 */
function holdRequest(port: number): Promise<void> {
  return new Promise((inFlight, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 1000, expect: '100-continue' },
    });
    req.on('continue', () => {
      req.write('{"query":');
      inFlight();
    });
    req.on('error', reject); // later errors (the process going away) no longer matter
    held.push(req);
  });
}

describe('the embedded PostgreSQL stops on every exit path', () => {
  it('SIGHUP: a graceful shutdown that stops PostgreSQL', async () => {
    const service = await start();
    await healthy(service);
    const pid = postmasterPid();
    expect(alive(pid)).toBe(true);

    service.child.kill('SIGHUP');
    expect(await exitOf(service)).toEqual({ code: 0, signal: null });
    expect(service.output()).toContain('Shutting down');
    await expectPostgresGone(pid);
  });

  it('a second SIGINT during a shutdown held up by a request: PostgreSQL stopped at once, exit 130', async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: '600000' });
    await healthy(service);
    const pid = postmasterPid();
    await holdRequest(service.httpPort);

    service.child.kill('SIGINT');
    await until(() => service.output().includes('Shutting down'), 'the graceful shutdown to begin');
    expect(alive(pid)).toBe(true); // the held request keeps the graceful shutdown waiting
    service.child.kill('SIGINT');

    expect(await exitOf(service)).toEqual({ code: 130, signal: null });
    expect(service.output()).toContain('SIGINT again while shutting down');
    await expectPostgresGone(pid);
  });

  it('an uncaught exception: logged, shut down, PostgreSQL stopped, exit 1', async () => {
    const service = await start();
    await healthy(service);
    const pid = postmasterPid();

    service.child.kill('SIGUSR2'); // the fixture throws from a timer
    expect(await exitOf(service)).toEqual({ code: 1, signal: null });
    expect(service.output()).toContain('fixture: uncaught exception on SIGUSR2');
    expect(service.output()).toContain('Uncaught exception: shutting down');
    await expectPostgresGone(pid);
  });

  it('an unhandled rejection: logged, shut down, PostgreSQL stopped, exit 1', async () => {
    const service = await start({ FAILURE: 'rejection' });
    await healthy(service);
    const pid = postmasterPid();

    service.child.kill('SIGUSR2');
    expect(await exitOf(service)).toEqual({ code: 1, signal: null });
    expect(service.output()).toContain('fixture: unhandled rejection on SIGUSR2');
    await expectPostgresGone(pid);
  });

  it('a start that fails after PostgreSQL started (HTTP port taken): PostgreSQL stopped, exit 1', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((done) => blocker!.listen(port, '127.0.0.1', done));

    const service = await start({ PORT: String(port) });
    expect(await exitOf(service, 60_000)).toEqual({ code: 1, signal: null });
    expect(service.output()).toContain('Embedded PostgreSQL is running');
    expect(service.output()).toContain('EADDRINUSE');
    await until(() => postgresProcessesOn(pgDir).length === 0, 'PostgreSQL to stop', 15_000);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);

    // The directory is free: the next start on it answers.
    const next = await start();
    await healthy(next);
    next.child.kill('SIGTERM');
    expect(await exitOf(next)).toEqual({ code: 0, signal: null });
  });
});
