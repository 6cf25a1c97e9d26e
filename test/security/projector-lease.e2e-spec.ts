import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import { freePort } from '../../src/database/embedded-postgres';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { PROJECTOR_LOCK_KEY } from '../../src/timelines/projection/projection-keys';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Two `node dist/main.js` instances; the one leading the projection is stopped with SIGSTOP. Its
 * process answers nothing, but its kernel keeps the TCP connection alive: only the server-side
 * idle timeout of the projector's session (short here) ends its lease. The other instance then
 * projects what is written through it; once the old leader resumes it writes nothing, and the
 * read model equals a rebuild from the log.
 */
const SESSION_TIMEOUT_MS = 3_000;

interface Instance {
  child: ChildProcess;
  url: string;
  output: () => string;
}

let db: TestDatabase;
let editor: Record<string, string>;
const instances: Instance[] = [];

async function startInstance(): Promise<Instance> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['TEST_DATABASE_URL', 'NODE_OPTIONS']) delete env[key];
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...env,
      NODE_ENV: 'production',
      // One process per instance: the leader's pid is the instance's (cluster.e2e-spec.ts has workers).
      WEB_CONCURRENCY: '1',
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      PROJECTOR_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const instance = { child, url: `http://127.0.0.1:${port}`, output: () => output };
  instances.push(instance);
  await until(`instance on port ${port} to answer`, async () => {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
    return (
      (await fetch(`${instance.url}/health/live`)
        .then((response) => response.status)
        .catch(() => 0)) === 200
    );
  });
  return instance;
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}\n${instances.map((i) => i.output().slice(-3000)).join('\n---\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function gql(
  instance: Instance,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, any>;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

/** The OS pid of the instance whose projector session holds the lock, from its application_name. */
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

async function checkpoint(): Promise<bigint> {
  const { rows } = await db.pool.query<{ position: string }>('SELECT position::text FROM rm_1.checkpoint');
  return BigInt(rows[0]!.position);
}

async function logSize(): Promise<number> {
  return (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
}

const REGISTER = `mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId version position } }`;

async function register(instance: Instance, name: string): Promise<bigint> {
  const answer = await gql(instance, REGISTER, { input: { kind: 'ORGANIZATION', name } }, editor);
  expect(answer.errors).toBeUndefined();
  return BigInt(answer.data!.registerActor.position as string);
}

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  db = await createTestDatabase();
  const { key } = await new ApiKeysRepository(db.pool).create('lease-editor', 'editor');
  editor = { authorization: `Bearer ${key}` };
}, 300_000);

afterAll(async () => {
  for (const { child } of instances) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
  }
  await db?.drop();
});

describe('a projector leader stopped with SIGSTOP', () => {
  it('loses the lead to the standby, which projects what is written; resumed, it writes nothing', async () => {
    const first = await startInstance();
    const second = await startInstance();
    await until('one instance to lead the projection', async () => (await leaderPid()) !== undefined);
    const leaderPidNow = (await leaderPid())!;
    const [stopped, standby] = first.child.pid === leaderPidNow ? [first, second] : [second, first];
    expect(stopped.child.pid).toBe(leaderPidNow);

    await register(stopped, 'Before the stop');
    stopped.child.kill('SIGSTOP');
    const before = await logSize();
    const positions: bigint[] = [];
    for (const name of [
      'Written while the leader is stopped 1',
      'Written while the leader is stopped 2',
      'Written while the leader is stopped 3',
    ]) {
      positions.push(await register(standby, name));
    }
    expect(await logSize()).toBe(before + 3);

    // The server ends the stopped leader's idle session; the standby takes the lock and projects.
    await until('the standby to take over', async () => (await leaderPid()) === standby.child.pid, 30_000);
    await until(
      'the standby to project what was written through it',
      async () => (await checkpoint()) >= positions.at(-1)!,
    );
    const status = await gql(standby, `{ projectionStatus { runningHere lagEvents } }`);
    expect(status.data!.projectionStatus).toMatchObject({ runningHere: true });

    // Resumed, the old leader finds its session gone: it stands by and writes nothing.
    const atResume = await checkpoint();
    stopped.child.kill('SIGCONT');
    await until('the old leader to notice it lost the lead', async () => {
      const answer = await gql(stopped, `{ projectionStatus { runningHere } }`).catch(() => undefined);
      return answer?.data?.projectionStatus?.runningHere === false;
    });
    expect(await leaderPid()).toBe(standby.child.pid);
    expect(await checkpoint()).toBe(atResume);
    expect(stopped.output()).toMatch(/Projection stopped/);

    // Written through the old leader now, projected by the new one.
    const last = await register(stopped, 'Written through the resumed instance');
    await until('the new leader to project it', async () => (await checkpoint()) >= last);
    expect(await leaderPid()).toBe(standby.child.pid);

    const store = new PostgresEventStore(db.pool);
    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(await generationDifferences(db.pool, 'rm_1', rebuilt.schema)).toEqual([]);
  }, 240_000);
});
