import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Client, Pool } from 'pg';
import WebSocket from 'ws';
import { ReadRouter } from '../../src/database/read-replicas/read-router';
import type { RunningService } from '../../src/service';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';
import { eventually } from '../support/eventually';
import { faultsAvailable } from '../support/faults';
import { once } from '../support/ws-client';
import { PgServer } from '../support/pg-cluster';
import { currenciesStatement } from '../support/story';
import { apiKeyHeader, seedStory, startTestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';

/**
 * Reads on a real streaming replica (a primary and a standby of the test's own, see
 * pg-cluster.ts): a query is answered by the replica; an editor's write is seen at once with
 * minPosition; a replica that lags too far or stops sends reads to the primary with no error to
 * clients, and serves again once back; its lag shows in /health, /metrics and projectionStatus.
 *
 * Which database answered is told by content: with the standby's replay paused, an event written
 * on the primary is missing from the replica's answers only.
 */
const available = faultsAvailable();
let primary: PgServer;
let standby: PgServer;
let service: RunningService;
let standbyUrl: string;
let editor: Record<string, string>;
let wsClient: WsClient | undefined;

const HUNG_MS = 10_000;
const RECORD = 'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId position } }';
const TIMELINE = 'query($p: String) { timeline(first: 100, minPosition: $p) { edges { node { eventId title } } } }';
const STATUS = '{ projectionStatus { lagSeconds readReplicas { state lagSeconds checkedAt } } }';

async function ask(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(HUNG_MS),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

async function record(title: string): Promise<{ eventId: string; position: string }> {
  const answer = await ask(RECORD, { input: { ...currenciesStatement, title } }, editor);
  expect(answer.errors).toBeUndefined();
  return answer.data.recordEvent;
}

async function titles(minPosition?: string): Promise<string[]> {
  const answer = await ask(TIMELINE, { p: minPosition ?? null });
  expect(answer.errors).toBeUndefined();
  return answer.data.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title);
}

const PAGE = '{ timeline(first: 100) { edges { node { title } } } }';

/** The page over GET, as a client that caches it asks (ETag, If-None-Match). */
async function getPage(ifNoneMatch?: string) {
  const response = await fetch(`${service.url}/graphql?query=${encodeURIComponent(PAGE)}`, {
    headers: { 'content-type': 'application/json', ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
    signal: AbortSignal.timeout(HUNG_MS),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as { data?: any; errors?: any[] }) : undefined;
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    titles: body?.data?.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title) as
      string[] | undefined,
  };
}

async function replica<T>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: standbyUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function replicaState(): Promise<{ state: string; lagSeconds: number | null }> {
  const answer = await ask(STATUS);
  expect(answer.errors).toBeUndefined();
  return answer.data.projectionStatus.readReplicas[0];
}

const serving = () =>
  eventually('the replica to serve reads', async () => (await replicaState()).state === 'SERVING', 30_000);

/** With replay paused: an event the primary has and the replica has not yet. */
async function withReplayPaused<T>(work: () => Promise<T>): Promise<T> {
  await replica('SELECT pg_wal_replay_pause()');
  try {
    return await work();
  } finally {
    await replica('SELECT pg_wal_replay_resume()');
  }
}

(available.run ? describe : describe.skip)(`Reads on a streaming replica${available.reason}`, () => {
  beforeAll(async () => {
    primary = await PgServer.primary();
    const url = await primary.createDatabase('replicas');
    // The standby is a copy of the whole server: it has the database, the migrations follow by WAL.
    standby = await primary.standby(['hot_standby_feedback = on']);
    standbyUrl = standby.url('replicas');
    service = await startTestApp({ url } as TestDatabase, { databaseReadUrls: [standbyUrl] });
    editor = await apiKeyHeader(service, 'editor');
    await seedStory(service);
    await serving();
  }, 180_000);

  afterAll(async () => {
    await wsClient?.dispose();
    await service?.shutdown();
    await standby?.destroy();
    await primary?.destroy();
  });

  it('answers a query from the replica, and an editor its own write at once (minPosition)', async () => {
    const before = await record('before the pause');
    // Caught up: the replica has the write (the answer waited for it there).
    expect(await titles(before.position)).toContain('before the pause');

    await withReplayPaused(async () => {
      const written = await record('written while replay is paused');
      // A plain query is answered by the replica, which has not replayed the write.
      const plain = await titles();
      expect(plain).toContain('before the pause');
      expect(plain).not.toContain('written while replay is paused');
      // The editor's read with minPosition: the replica cannot have it, the primary answers it.
      expect(await titles(written.position)).toContain('written while replay is paused');
    });

    // Replay resumed: the replica catches up and answers with the write.
    await eventually('the replica to have the write', async () =>
      (await titles()).includes('written while replay is paused'),
    );
    const after = await record('after the pause');
    expect(await titles(after.position)).toContain('after the pause');
  }, 60_000);

  it('tags an answer from the replica with the replica’s position: never a 304 for data it lacked', async () => {
    await serving();
    const lacking = await withReplayPaused(async () => {
      const written = await record('written before a cached page');
      // The primary's read model has it (minPosition waited there); the replica's has not.
      expect(await titles(written.position)).toContain('written before a cached page');
      const page = await getPage();
      expect(page.status).toBe(200);
      expect(page.titles).not.toContain('written before a cached page');
      return page;
    });
    await eventually('the replica to have the write', async () =>
      (await titles()).includes('written before a cached page'),
    );
    // Tagged with the replica's position then, the page no longer matches once the replica moved on.
    const revalidated = await getPage(lacking.etag!);
    expect(revalidated.status).toBe(200);
    expect(revalidated.titles).toContain('written before a cached page');
    // Unchanged since: 304.
    expect((await getPage(revalidated.etag!)).status).toBe(304);
  }, 60_000);

  it('shows lag in /health, /metrics and projectionStatus, and reads the primary past the allowed lag', async () => {
    await serving();
    await withReplayPaused(async () => {
      await record('written while the replica lags');
      // Past DATABASE_READ_MAX_LAG_MS (5 s by default) reads go to the primary: the write shows.
      const lagging = await eventually(
        'the replica to be reported lagging',
        async () => {
          const state = await replicaState();
          return state.state === 'LAGGING' ? state : undefined;
        },
        30_000,
      );
      expect(lagging.lagSeconds).toBeGreaterThan(5);
      expect(await titles()).toContain('written while the replica lags');

      const health = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(HUNG_MS) });
      expect(health.status).toBe(200);
      const body = (await health.json()) as any;
      expect(body.status).toBe('degraded');
      expect(body.details.readReplicas.status).toBe('degraded');
      expect(body.details.readReplicas.replicas[0].state).toBe('lagging');
      expect(body.details.readReplicas.replicas[0].lagSeconds).toBeGreaterThan(5);

      const metrics = await (await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(HUNG_MS) })).text();
      const lag = /^read_replica_lag_seconds\{replica="127\.0\.0\.1:\d+\/replicas"\} ([0-9.e+]+)$/m.exec(metrics);
      expect(Number(lag?.[1])).toBeGreaterThan(5);
      expect(metrics).toMatch(/^read_replica_serving\{replica="127\.0\.0\.1:\d+\/replicas"\} 0$/m);
    });

    await serving();
    const health = (await (
      await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(HUNG_MS) })
    ).json()) as any;
    expect(health.details.readReplicas).toEqual({ status: 'up', replicas: [{ state: 'serving', lagSeconds: 0 }] });
    const metrics = await (await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(HUNG_MS) })).text();
    expect(metrics).toMatch(/^read_replica_serving\{replica="127\.0\.0\.1:\d+\/replicas"\} 1$/m);
  }, 90_000);

  it('reads the primary with no error while the replica is stopped, and the replica again once back', async () => {
    await serving();
    // Reads under way while the standby stops: every one is answered, none with an error.
    const stopping = standby.stop('fast');
    let stopped = false;
    void stopping.then(() => (stopped = true));
    let reads = 0;
    while (!stopped) {
      const answers = await Promise.all([ask(TIMELINE), ask(TIMELINE), ask(STATUS)]);
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      reads += 1;
      expect(reads).toBeLessThan(1_000);
    }
    await stopping;

    await eventually('the replica to be reported down', async () => (await replicaState()).state === 'DOWN');
    // Down: reads and writes go on, on the primary.
    const written = await record('written while the replica is down');
    expect(await titles(written.position)).toContain('written while the replica is down');
    expect(await titles()).toContain('written while the replica is down');

    await standby.start();
    await serving();
    // Back and caught up: it answers again (it lacks what is written while its replay is paused).
    await withReplayPaused(async () => {
      await record('written after the replica came back');
      expect(await titles()).not.toContain('written after the replica came back');
    });
  }, 120_000);

  it('delivers every change to subscribers (re-read where it is), and reads your writes over the socket', async () => {
    await serving();
    wsClient = createClient({
      url: `${service.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const heard: string[] = [];
    wsClient.subscribe<{ timelineUpdated: { event: { title: string } } }>(
      { query: 'subscription { timelineUpdated { change event { title } } }' },
      {
        next: ({ data }) => void heard.push(data!.timelineUpdated.event.title),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await eventually(
      'the subscription to reach the hub',
      () => service.app.get(TimelineUpdatesHub).subscriberCount === 1,
    );

    await record('heard from the replica');
    // Replay paused: the replica lacks the change, so it is re-read on the primary (not dropped).
    await withReplayPaused(async () => {
      const written = await record('heard while the replica lags');
      // A query over the socket with minPosition reads one database too: the primary, which has it.
      const answer = await once(wsClient!, TIMELINE, { p: written.position });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title)).toContain(
        'heard while the replica lags',
      );
      await eventually('the change the replica lacks to be heard', () =>
        heard.includes('heard while the replica lags'),
      );
    });
    expect(heard).toContain('heard from the replica');
    expect(heard.filter((title) => title === 'heard while the replica lags')).toHaveLength(1);
  }, 60_000);

  it('answers on the primary a read the replica cancels for a recovery conflict', async () => {
    // Replay cancels a query in its way at once (the setting the README advises against).
    await standby.configure(['max_standby_streaming_delay = 0']);
    const primaryPool = new Pool({ connectionString: primary.url('replicas'), max: 2 });
    const replicaPool = new Pool({ connectionString: standbyUrl, max: 2 });
    const probePool = new Pool({ connectionString: standbyUrl, max: 1 });
    const router = new ReadRouter(
      primaryPool,
      primaryPool,
      [{ name: 'standby', pool: replicaPool, probePool, probe: { checkedAtMs: 0, down: true, lagMs: null } }],
      { maxLagMs: 60_000 },
    );
    try {
      await primaryPool.query('CREATE TABLE conflict_probe (n int); INSERT INTO conflict_probe VALUES (1), (2)');
      await eventually(
        'the standby to have the table',
        async () => (await replica<{ n: number }>("SELECT to_regclass('conflict_probe') IS NOT NULL AS n"))[0]!.n,
      );
      await router.start();
      expect(router.status()[0]!.state).toBe('serving');
      const conflictsBefore = Number(
        (
          await replica<{ n: string }>(
            'SELECT confl_lock::text AS n FROM pg_stat_database_conflicts WHERE datname = current_database()',
          )
        )[0]!.n,
      );

      // A read on the replica that holds the table while the primary takes an exclusive lock on it.
      const read = router.read((pool) =>
        pool.query<{ n: number }>('SELECT count(*)::int AS n, pg_sleep(3) FROM conflict_probe'),
      );
      await eventually(
        'the read to run on the standby',
        async () =>
          (
            await replica<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT count(*)::int AS n, pg_sleep%' AND state = 'active'",
            )
          )[0]!.n > 0,
      );
      await primaryPool.query('BEGIN; LOCK TABLE conflict_probe IN ACCESS EXCLUSIVE MODE; COMMIT');

      // Cancelled there (40001, conflict with recovery), answered by the primary.
      expect((await read).rows[0]!.n).toBe(2);
      const conflictsAfter = Number(
        (
          await replica<{ n: string }>(
            'SELECT confl_lock::text AS n FROM pg_stat_database_conflicts WHERE datname = current_database()',
          )
        )[0]!.n,
      );
      expect(conflictsAfter).toBeGreaterThan(conflictsBefore);
    } finally {
      await router.stop();
      await primaryPool.end();
    }
  }, 60_000);
});
