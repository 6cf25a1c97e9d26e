import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { EVENT_LOG_CHANNEL, LogNotifications } from '../../src/event-store/log-notifications';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
});
afterAll(async () => {
  await notifications.stop();
  await db.drop();
});

describe('LogNotifications', () => {
  it('wakes a waiting reader when an append commits', async () => {
    const started = Date.now();
    const woken = notifications.waitForCommit(10_000);
    await store.append('notify-1', [{ type: 'Happened', data: {} }]);
    await woken;
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not wake anyone for an append that is rolled back', async () => {
    let wakes = 0;
    let markerHeard = false;
    const marker = `marker-${crypto.randomUUID()}`;
    const unsubscribe = notifications.onCommit((payload) => {
      if (payload === marker) markerHeard = true;
      else wakes += 1;
    });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT * FROM append_events($1::jsonb)', [
        JSON.stringify([
          {
            stream_id: 'notify-2',
            stream_type: 'notify',
            expected: 'any',
            events: [{ id: crypto.randomUUID(), type: 'X', data: {} }],
          },
        ]),
      ]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await store.append('notify-3', [{ type: 'Committed', data: {} }]);
    await notifications.waitForCommit(5_000);
    // Notifications arrive in commit order: once a marker sent now is heard, any wake the two
    // appends could cause has arrived.
    await db.pool.query('SELECT pg_notify($1, $2)', [EVENT_LOG_CHANNEL, marker]);
    await eventually('the marker notification', () => markerHeard);
    unsubscribe();
    expect(wakes).toBe(1);
  });

  it('reconnects after its connection is killed and wakes readers so they re-read', async () => {
    let wakes = 0;
    const unsubscribe = notifications.onCommit(() => (wakes += 1));
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                          WHERE datname = current_database() AND application_name = 'event-log-listener'`);
    await eventually('the wake after reconnecting', () => wakes > 0, 5_000);
    expect(wakes).toBeGreaterThan(0); // the wake after reconnecting
    const before = wakes;
    const woken = notifications.waitForCommit(10_000);
    await store.append('notify-4', [{ type: 'AfterReconnect', data: {} }]);
    await woken;
    unsubscribe();
    expect(wakes).toBeGreaterThan(before);
  });
});
