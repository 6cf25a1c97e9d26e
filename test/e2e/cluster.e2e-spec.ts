import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import { freePort } from '../../src/database/embedded-postgres';
import { PROJECTOR_LOCK_KEY } from '../../src/timelines/projection/projection-keys';
import { eventually } from '../support/eventually';
import { actors, visitWithSlip } from '../support/story';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * `node dist/main.js` with WEB_CONCURRENCY=2: a primary and two workers on one port. Which worker
 * answered is in the X-Worker header (its cluster number), on HTTP answers and WebSocket upgrades.
 */
let db: TestDatabase;
let dir: string;
let editor: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  db = await createTestDatabase();
  const { key } = await new ApiKeysRepository(db.pool).create('cluster-editor', 'editor');
  editor = { authorization: `Bearer ${key}` };
  dir = await mkdtemp(join(tmpdir(), 'dtl-cluster-'));
  await chmod(dir, 0o755);
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { ...childEnv, NODE_ENV: 'production', PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
  // The primary says so once every worker is listening.
  await until(started, 'the workers to start', async () => output.includes('runs 2 workers'));
  return started;
}

async function until(started: Started, what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (started.child.exitCode !== null) throw new Error(`the service exited early:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${started.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks /health until each of the two workers has answered (round-robin: a few requests). */
async function workersAnswering(started: Started): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < 50 && seen.size < 2; i += 1) {
    const response = await fetch(`${started.url}/health`);
    expect(response.status).toBe(200);
    seen.add(response.headers.get('x-worker') ?? 'none');
  }
  return seen;
}

/** The OS pid of the process whose projector session holds the lock, from its application_name. */
async function leaderPid(): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ application_name: string }>(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 AND l.granted`,
    [PROJECTOR_LOCK_KEY],
  );
  const match = /^timeline-projector-(\d+)$/.exec(rows[0]?.application_name ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The pids of the processes with a projector session: one per worker (the leader, and standbys). */
async function projectorSessions(): Promise<number[]> {
  const { rows } = await db.pool.query<{ application_name: string }>(
    `SELECT DISTINCT application_name FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'timeline-projector-%'`,
  );
  return rows.map((row) => Number(row.application_name.split('-').pop()));
}

/** Which workers answered the writes (so that the summed metrics below sum two workers). */
const writers = new Set<string>();

/** Over a new connection each time: the primary hands connections to the workers in turn. */
function graphql(
  started: Started,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: Record<string, any>; errors?: unknown[] }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${started.url}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...editor },
      },
      (res) => {
        writers.add(String(res.headers['x-worker']));
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Subscriber {
  worker: string;
  heard: number;
  socket: WebSocket;
}

/** A graphql-ws subscriber to every timeline change, on whichever worker took its socket. */
function subscribe(started: Started): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${started.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const subscriber: Subscriber = { worker: 'none', heard: 0, socket };
    socket.on('upgrade', (response) => (subscriber.worker = String(response.headers['x-worker'])));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: 'subscription { timelineUpdated(filter: {}) { change } }' },
          }),
        );
        resolve(subscriber);
      } else if (message.type === 'next') {
        subscriber.heard += 1;
      }
    });
  });
}

describe('WEB_CONCURRENCY=2', () => {
  it('serves one port from two workers, one projecting, each delivering subscriptions; SIGTERM stops all', async () => {
    const metricsPort = await freePort();
    const service = await start({ DATABASE_URL: db.url, METRICS_PORT: String(metricsPort) });
    expect(await workersAnswering(service)).toEqual(new Set(['1', '2']));

    // Both workers have projector sessions; exactly one holds the lock.
    await until(
      service,
      'both workers to try for the projector lock',
      async () => (await projectorSessions()).length === 2,
    );
    await until(service, 'a worker to lead the projection', async () => (await leaderPid()) !== undefined);
    const leader = (await leaderPid())!;
    const workerPids = await projectorSessions();
    expect(workerPids).toContain(leader);
    expect(workerPids).not.toContain(service.child.pid); // the primary runs no projector

    for (const actor of actors) {
      const answer = await graphql(
        service,
        'mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId } }',
        {
          input: actor,
        },
      );
      expect(answer.errors).toBeUndefined();
    }
    // Sockets until both workers hold one.
    const subscribers: Subscriber[] = [];
    while (new Set(subscribers.map((s) => s.worker)).size < 2) {
      expect(subscribers.length).toBeLessThan(20);
      subscribers.push(await subscribe(service));
    }
    const onEach = ['1', '2'].map((worker) => subscribers.find((s) => s.worker === worker)!);
    // A subscription counts from when its worker registers it, which no message tells: record
    // events until each has heard one (each hears them through its own hub's LISTEN).
    await until(service, 'a subscriber on each worker to hear a change', async () => {
      if (onEach.every((s) => s.heard > 0)) return true;
      const answer = await graphql(
        service,
        'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }',
        {
          input: visitWithSlip,
        },
      );
      expect(answer.errors).toBeUndefined();
      return onEach.every((s) => s.heard > 0);
    });
    for (const s of subscribers) s.socket.close();

    // The primary serves METRICS_PORT with the workers' metrics summed: appends made on either count.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const appended = Number(/^eventstore_appended_events_total (\d+)$/m.exec(metrics)?.[1]);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(writers).toEqual(new Set(['1', '2']));
    expect(appended).toBe(rows[0]!.n);
    expect((await fetch(`${service.url}/metrics`)).status).toBe(404);

    // The leader killed: the other worker takes the lock, and the primary forks a new worker.
    process.kill(leader, 'SIGKILL');
    await until(service, 'another worker to take over the projection', async () => {
      const now = await leaderPid();
      return now !== undefined && now !== leader;
    });
    expect(workerPids).toContain(await leaderPid());
    await until(service, 'the primary to restart the dead worker', async () =>
      service.output().includes('restarting it'),
    );
    await until(service, 'the restarted worker to take part', async () => (await projectorSessions()).length === 2);

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    // Their sessions end as the workers close them (the server notices a moment later).
    await eventually("the workers' projector sessions to end", async () => (await projectorSessions()).length === 0);
  });

  it('owns the embedded PostgreSQL in the primary, and stops it last', async () => {
    const pgDir = join(dir, 'postgres');
    const service = await start({ EMBEDDED_PG_DIR: pgDir });
    expect(await workersAnswering(service)).toEqual(new Set(['1', '2']));
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(true);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
    expect(service.output()).not.toMatch(/"level":50/); // no worker failed against a stopped database
  });

  it('refuses to start when the workers would exceed the connection budget', async () => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: { ...childEnv, DATABASE_URL: db.url, WEB_CONCURRENCY: '4', DATABASE_MAX_CONNECTIONS: '100', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr!.on('data', (chunk) => (output += chunk));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
    expect(output).toContain('The connection budget is exceeded: 4 worker(s) x 12 connections');
    expect(output).toContain('INSTANCES 3');
  });

  it('exits non-zero, stopping the workers that did start, when a worker cannot start', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '0.0.0.0', resolve));
    try {
      const childEnv: NodeJS.ProcessEnv = { ...process.env };
      for (const key of ['TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
      const child = spawn(process.execPath, ['dist/main.js'], {
        env: { ...childEnv, NODE_ENV: 'production', DATABASE_URL: db.url, WEB_CONCURRENCY: '2', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(1);
      expect(output).toContain('EADDRINUSE');
      expect(output).toContain('A worker could not start');
      await eventually('no worker left with a session', async () => (await projectorSessions()).length === 0);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('restarts dead workers with a back-off, and gives up with exit 1 on a crash loop', async () => {
    const service = await start({ DATABASE_URL: db.url });
    const killed = new Set<number>();
    const deaths = () => service.output().split('A worker died').length - 1;
    while (service.child.exitCode === null) {
      let victim: number | undefined;
      await eventually(
        'a live worker to kill',
        async () => {
          if (service.child.exitCode !== null) return true;
          victim = (await projectorSessions()).find((pid) => !killed.has(pid));
          return victim !== undefined;
        },
        60_000,
        100,
      );
      if (victim === undefined) break;
      const before = deaths();
      killed.add(victim);
      process.kill(victim, 'SIGKILL');
      await eventually('the primary to see it die', () => deaths() > before || service.child.exitCode !== null);
      expect(killed.size).toBeLessThanOrEqual(6);
    }
    expect(await service.exited).toBe(1);
    expect(killed.size).toBe(6); // five restarts, then the sixth death within a minute ends it
    expect(service.output()).toContain('Workers keep dying');
  }, 120_000);
});
