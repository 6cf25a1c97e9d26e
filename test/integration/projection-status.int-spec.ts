import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Registry } from 'prom-client';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { checkProjectionHealth } from '../../src/timelines/projection/projection-health';
import { registerProjectionMetrics } from '../../src/timelines/projection/projection-metrics';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** How far behind the read model is, as health, metrics and "wait until visible" see it. */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
let status: ProjectionStatus;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications });
  status = new ProjectionStatus(db.pool, runner);
});

afterAll(async () => {
  await runner?.stop();
  await notifications?.stop();
  await db.drop();
});

describe('the projection status', () => {
  it('starts at the beginning of an empty log', async () => {
    expect(await status.status()).toEqual({
      activeSchema: 'rm_1',
      checkpoint: { transactionId: 0n, position: 0n },
      headPosition: 0n,
      lagEvents: 0,
      lagSeconds: 0,
      runningHere: false,
      lastBatchAt: null,
      // Without DATABASE_READ_URL: no read replicas.
      replicas: [],
    });
  });

  it('counts the events not projected yet, and their age, while no runner runs', async () => {
    const log = tehranLog();
    const appended = await log.appendTo(store);
    const lagging = await eventually('the unprojected events to be 0.3 s old', async () => {
      const now = await status.status();
      return now.lagSeconds >= 0.3 && now;
    });
    expect(lagging.lagEvents).toBe(appended);
    expect(lagging.headPosition).toBe(await store.headPosition());
    expect(lagging.lagSeconds).toBeGreaterThanOrEqual(0.3);
    expect(lagging.lagSeconds).toBeLessThan(30);

    const registry = new Registry();
    registerProjectionMetrics(registry, status);
    const text = await registry.metrics();
    expect(text).toContain(`projection_lag_events ${appended}`);
    expect(text).toMatch(/^projection_lag_seconds 0\.[3-9]|^projection_lag_seconds [1-9]/m);

    const health = await checkProjectionHealth(new HealthIndicatorService(), status, { maxLagSeconds: 0.1 });
    expect(health.projection).toMatchObject({ status: 'degraded', lagEvents: appended, runningHere: false });
  });

  it('waits until the read model covers a position, and reports caught up', async () => {
    const head = await store.headPosition();
    const waited = status.waitForPosition(head, 20_000);
    runner.start();
    expect(await waited).toBe(true);
    const caughtUp = await status.status();
    expect(caughtUp).toMatchObject({
      checkpoint: { position: head },
      headPosition: head,
      lagEvents: 0,
      lagSeconds: 0,
      runningHere: true,
    });
    expect(caughtUp.lastBatchAt).toBeInstanceOf(Date);
    const health = await checkProjectionHealth(new HealthIndicatorService(), status);
    expect(health.projection).toMatchObject({ status: 'up', lagEvents: 0, activeSchema: 'rm_1', runningHere: true });
  });

  it('answers false when the position does not become visible in time', async () => {
    const started = Date.now();
    expect(await status.waitForPosition((await store.headPosition()) + 1000n, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('sees an append become visible at once when following live (woken, not polled)', async () => {
    const [{ positions }] = await store.appendBatch([
      { streamId: 'probe-latency', events: [{ type: 'Probed', data: {} }] },
    ]);
    const started = Date.now();
    expect(await status.waitForPosition(positions[0]!, 5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000); // typically 10-30 ms; generous for a busy machine
  });
});
