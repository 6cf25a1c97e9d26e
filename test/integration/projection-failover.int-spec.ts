import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { PROJECTOR_LOCK_KEY } from '../../src/timelines/projection/projection-keys';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Two instances, one projector: the standby takes over within seconds when the active runner's
 * connection dies (mid-batch or not) or when it stops, and continues from the checkpoint, so that
 * nothing is lost or applied twice.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let first: ProjectionRunner;
let second: ProjectionRunner;

const runnerOptions = () => ({
  connectionString: db.url,
  store,
  notifications,
  batchSize: 50,
  pollIntervalMs: 200,
  lockRetryMs: 300,
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

async function lockHolder(): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [PROJECTOR_LOCK_KEY],
  );
  return rows[0]?.pid;
}

/** The second runner's session has asked for the projector lock (and, holding nothing, waits to ask again). */
async function secondTriedTheLock(): Promise<boolean> {
  const { rows } = await db.pool.query(
    `SELECT FROM pg_stat_activity WHERE application_name = 'projector-second' AND query LIKE 'SELECT pg_try_advisory_lock(%'
        AND datname = current_database()`,
  );
  return rows.length > 0;
}

const checkpointPosition = async () =>
  BigInt((await db.pool.query('SELECT position FROM rm_1.checkpoint')).rows[0].position);

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  first = new ProjectionRunner({ ...runnerOptions(), applicationName: 'projector-first' });
  second = new ProjectionRunner({ ...runnerOptions(), applicationName: 'projector-second' });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await notifications?.stop();
  await db.drop();
});

describe('two projection runners on one database', () => {
  it('run one at a time, hand over on a lost connection and on stop, and lose or repeat nothing', async () => {
    first.start();
    await until(() => first.runningHere, 5000);
    second.start();
    await until(secondTriedTheLock, 10_000); // and stands by
    expect(second.runningHere).toBe(false);
    expect(await lockHolder()).toBe(first.backendPid);

    const writing = appendSyntheticLog(store, { events: 6000, seed: 5, streamsPerTransaction: 10 });
    await until(async () => (await checkpointPosition()) > 1500n, 60_000);

    // The active runner's connection dies, most likely in the middle of a batch.
    await db.pool.query('SELECT pg_terminate_backend($1)', [first.backendPid]);
    const takeover = await until(() => second.runningHere, 10_000);
    expect(takeover).toBeLessThan(5000);
    expect(await lockHolder()).toBe(second.backendPid);
    await until(() => !first.runningHere && first.backendPid !== undefined, 10_000); // reconnected, standing by
    const atTakeover = await checkpointPosition();
    await until(async () => (await checkpointPosition()) > atTakeover, 30_000);

    // A graceful stop finishes the batch and lets the standby in.
    await second.stop();
    await until(() => first.runningHere, 5000);

    await writing;
    const head = await store.headPosition();
    expect(await new ProjectionStatus(db.pool).waitForPosition(head, 60_000)).toBe(true);

    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(await generationDifferences(db.pool, 'rm_1', rebuilt.schema)).toEqual([]);
  }, 180_000);
});
