import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/database/embedded-postgres';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The service process killed (kill -9) in the middle of projecting a long log: whatever it had
 * committed stays, whatever it had not is done again by the next runner, and the result equals a
 * rebuild from scratch. Needs the ProjectionModule in the service, enabled by default.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let child: ChildProcess | undefined;

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  await appendSyntheticLog(store, { events: 30_000, seed: 3 });
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db.drop();
});

const checkpoint = async () => BigInt((await db.pool.query('SELECT position FROM rm_1.checkpoint')).rows[0].position);

describe('a projecting service killed with SIGKILL', () => {
  it('loses nothing and applies nothing twice: the next runner ends where a rebuild does', async () => {
    const head = await store.headPosition();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['TEST_DATABASE_URL', 'NODE_OPTIONS']) delete env[key];
    let output = '';
    child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...env,
        NODE_ENV: 'production',
        WEB_CONCURRENCY: '1',
        DATABASE_URL: db.url,
        PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child!.on('exit', (_code, signal) => resolve(signal)),
    );

    const deadline = Date.now() + 90_000;
    while ((await checkpoint()) === 0n) {
      if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the service did not start projecting:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = await checkpoint();
    expect(atKill).toBeGreaterThan(0n);
    expect(atKill).toBeLessThan(head); // killed mid-projection

    const notifications = new LogNotifications(db.url);
    await notifications.start();
    const runner = new ProjectionRunner({ connectionString: db.url, store, notifications, lockRetryMs: 200 });
    try {
      runner.start();
      await runner.whenCaughtUp(120_000);
    } finally {
      await runner.stop();
      await notifications.stop();
    }
    expect(await checkpoint()).toBe(head);

    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(await generationDifferences(db.pool, 'rm_1', rebuilt.schema)).toEqual([]);
  }, 300_000);
});
