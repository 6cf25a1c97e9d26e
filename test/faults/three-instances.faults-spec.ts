import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import { freePort } from '../../src/database/embedded-postgres';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { PROJECTOR_LOCK_KEY } from '../../src/timelines/projection/projection-keys';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { eventually } from '../support/eventually';
import { faultsAvailable } from '../support/faults';
import { PgServer } from '../support/pg-cluster';
import { currenciesStatement } from '../support/story';
import { wsClient } from '../support/ws-client';

/**
 * Three instances of the service (`node dist/main.js`, one process each) on three ports against
 * one database, under writes and reads, with a live subscriber on each. The instance that
 * projects is killed with SIGKILL: another takes over the projection within 5 s, every
 * subscriber on the surviving instances hears every change once (none lost, none repeated), and
 * the read model then equals a rebuild from the log.
 */
const available = faultsAvailable();
let server: PgServer;
let url: string;
let pool: Pool;
let editorKey: string;
const instances: Instance[] = [];

interface Instance {
  child: ChildProcess;
  url: string;
  output(): string;
}

async function startInstance(): Promise<Instance> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['TEST_DATABASE_URL', 'NODE_OPTIONS']) delete env[key];
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...env,
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '1',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const instance = { child, url: `http://127.0.0.1:${port}`, output: () => output };
  await eventually(
    `instance on ${port} to be ready`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the instance exited:\n${output}`);
      return (await fetch(`${instance.url}/health/ready`).catch(() => undefined))?.status === 200;
    },
    60_000,
  );
  return instance;
}

async function leaderPid(): Promise<number | undefined> {
  const { rows } = await pool.query<{ application_name: string }>(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 AND l.granted`,
    [PROJECTOR_LOCK_KEY],
  );
  const match = /^timeline-projector-(\d+)$/.exec(rows[0]?.application_name ?? '');
  return match ? Number(match[1]) : undefined;
}

async function record(instance: Instance, title: string): Promise<{ eventId: string; position: string }> {
  const response = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${editorKey}` },
    body: JSON.stringify({
      query: 'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId position } }',
      variables: { input: { ...currenciesStatement, title } },
    }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data.recordEvent;
}

async function readPage(instance: Instance): Promise<void> {
  const response = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ timeline(first: 20) { edges { node { eventId title } } } }' }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  expect(body.errors).toBeUndefined();
}

interface Heard {
  eventId: string;
  version: number;
  position: bigint;
}

function subscribe(instance: Instance) {
  const heard: Heard[] = [];
  const client = wsClient({ url: instance.url } as RunningService);
  const dispose = client.subscribe(
    { query: 'subscription { timelineUpdated(filter: {}) { position event { eventId version } } }' },
    {
      next: (result) => {
        const update = (result.data as any)?.timelineUpdated;
        if (update)
          heard.push({
            eventId: update.event.eventId,
            version: update.event.version,
            position: BigInt(update.position),
          });
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return { instance, heard, close: () => (dispose(), void client.dispose()) };
}

(available.run ? describe : describe.skip)(`three instances, the projecting one killed${available.reason}`, () => {
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    server = await PgServer.primary();
    url = await server.createDatabase('faults_instances');
    // The demo story's actors (and events), recorded as `npm run seed:demo` does; it migrates first.
    execFileSync(process.execPath, ['dist/cli/seed-demo.main.js'], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    });
    pool = new Pool({ connectionString: url, max: 3 });
    editorKey = (await new ApiKeysRepository(pool).create('faults-editor', 'editor')).key;
    for (let i = 0; i < 3; i += 1) instances.push(await startInstance());
  }, 300_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill('SIGKILL');
    await pool?.end();
    await server?.destroy();
  });

  it('moves the projection within 5 s, and every surviving subscriber hears every change once', async () => {
    await eventually('an instance to lead the projection', async () => (await leaderPid()) !== undefined, 30_000);
    const leaderProcess = await leaderPid();
    const leader = instances.find((instance) => instance.child.pid === leaderProcess)!;
    expect(leader).toBeDefined();
    const survivors = instances.filter((instance) => instance !== leader);

    // A subscription counts from when its instance registers it, which no message tells: record
    // until each has heard one, then count only what comes after.
    const subscribers = instances.map(subscribe);
    let first: bigint | undefined;
    let mark = 0n;
    await eventually(
      'every subscriber to hear a change',
      async () => {
        mark = BigInt((await record(instances[0]!, 'warm-up')).position);
        first ??= mark;
        return subscribers.every((subscriber) => subscriber.heard.some((heard) => heard.position >= first!));
      },
      30_000,
      200,
    );

    // Writes and reads on every instance, then the projecting one is killed mid-stream.
    const written: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const target = instances[i % 3]!;
      const [answer] = await Promise.all([record(target, `before the kill ${i}`), readPage(instances[(i + 1) % 3]!)]);
      written.push(answer.eventId);
    }
    leader.child.kill('SIGKILL');
    for (let i = 0; i < 12; i += 1) {
      const target = survivors[i % 2]!;
      const [answer] = await Promise.all([record(target, `after the kill ${i}`), readPage(survivors[(i + 1) % 2]!)]);
      written.push(answer.eventId);
    }
    await eventually(
      'another instance to lead the projection',
      async () => {
        const pid = await leaderPid();
        return pid !== undefined && survivors.some((instance) => instance.child.pid === pid);
      },
      5_000,
      50,
    );

    // Each surviving subscriber hears each write once, in log order, nothing twice.
    for (const subscriber of subscribers.filter((s) => s.instance !== leader)) {
      await eventually(
        'a surviving subscriber to hear every write',
        () =>
          written.every((eventId) =>
            subscriber.heard.some((heard) => heard.eventId === eventId && heard.position > mark),
          ),
        30_000,
      );
      const after = subscriber.heard.filter((heard) => heard.position > mark);
      const keys = after.map((heard) => `${heard.eventId}@${heard.version}`);
      expect(new Set(keys).size).toBe(keys.length);
      const positions = after.map((heard) => heard.position);
      expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    }
    for (const subscriber of subscribers) subscriber.close();

    // The read model the survivors projected equals a rebuild from the log.
    const store = new PostgresEventStore(pool);
    const head = await store.headPosition();
    const active = (await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state')).rows[0]!
      .active_schema;
    await eventually(
      'the projection to reach the head of the log',
      async () => BigInt((await pool.query(`SELECT position FROM ${active}.checkpoint`)).rows[0].position) === head,
      30_000,
    );
    const rebuilt = await rebuildReadModel({ connectionString: url, store, dropPrevious: false });
    expect(await generationDifferences(pool, active, rebuilt.schema)).toEqual([]);
  }, 300_000);
});
