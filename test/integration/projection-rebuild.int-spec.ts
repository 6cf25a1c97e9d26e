import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { decideEvent, evolveEvent, initialEventState } from '../../src/diplomacy/events/event-decider';
import type { DiplomaticEventEvent } from '../../src/diplomacy/events/event-types';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { ActiveSchema } from '../../src/timelines/projection/active-schema';
import { REBUILD_LOCK_KEY, TIMELINE_CHANGES_CHANNEL } from '../../src/timelines/projection/projection-keys';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { RebuildInProgressError, rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { addVisitMerges, tehranMergeIds as mergeIds } from '../../src/timelines/projection/testing/tehran-merge-log';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import {
  CHANGE_OF_EVENT_TYPE,
  parseTimelineChange,
  type TimelineChange,
} from '../../src/timelines/projection/timeline-change';
import { eventually, notificationsDelivered } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Blue/green rebuilds: a rebuild from the whole log equals, row for row, what the live runner
 * built incrementally (in small batches, across an actor merge and event merges), and the swap neither loses nor
 * repeats anything while the log is being written and the runner is projecting.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
let activeSchema: ActiveSchema;

const activeNow = async () =>
  (await db.pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state')).rows[0]!.active_schema;
/** A statement waits for a lock on a table of the generation `schema` (the rebuild's DROP, here). */
const dropWaiting = async (schema: string) =>
  (
    await db.pool.query<{ waiting: boolean }>(
      `SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE NOT l.granted AND n.nspname = $1) AS waiting`,
      [schema],
    )
  ).rows[0]!.waiting;
const schemas = async () =>
  (
    await db.pool.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_' ORDER BY 1`)
  ).rows.map((r) => r.nspname);

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, batchSize: 2, pollIntervalMs: 200 });
  runner.start();
  activeSchema = new ActiveSchema(db.pool, { connectionString: db.url, refreshMs: 60_000 });
  await activeSchema.start();
});

afterAll(async () => {
  await runner?.stop();
  await activeSchema?.stop();
  await notifications?.stop();
  await db.drop();
});

describe('a rebuild', () => {
  it('produces the same read model, row for row, as the live runner did batch by batch', async () => {
    const log = tehranLog();
    addVisitMerges(log); // event merges and a split, after the actor merge
    log.commit();
    for (const transaction of log.take()) await store.appendBatch(transaction);
    await runner.whenCaughtUp(30_000);

    // Batches of 3: revisions and merges land in later batches than the versions they supersede,
    // which the rebuild closes only after its bulk phase (deferredCloses).
    const result = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false, batchSize: 3 });
    expect(result).toMatchObject({ schema: 'rm_2', previousSchema: 'rm_1', previousDropped: false });
    expect(result.events).toBe(Number((await db.pool.query('SELECT count(*) FROM events')).rows[0].count));
    expect(await activeNow()).toBe('rm_2');
    expect(await generationDifferences(db.pool, 'rm_1', 'rm_2')).toEqual([]);
    // The keys and indexes it builds after projecting are all there, as the migration made them for rm_1.
    const indexes = async (schema: string) =>
      (
        await db.pool.query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
          [schema],
        )
      ).rows.map((row) => `${row.indexname}: ${row.indexdef.replaceAll(`${schema}.`, 'rm.')}`);
    expect(await indexes('rm_2')).toEqual(await indexes('rm_1'));
    expect((await indexes('rm_2')).length).toBeGreaterThan(10);
    await eventually('the swap to be announced', () => activeSchema.current === 'rm_2', 10_000);
    expect(activeSchema.current).toBe('rm_2'); // told by read_model_swapped, long before its refresh
  });

  it('leaves the live runner projecting into the new generation', async () => {
    const facts = tehranLog(); // the facts an application would load for these events
    const stored = await store.readStream(`event-${ids.visit}`);
    const state = stored
      .filter((event) => CHANGE_OF_EVENT_TYPE[event.type])
      .reduce((folded, event) => evolveEvent(folded, event as unknown as DiplomaticEventEvent), initialEventState());
    const decided = decideEvent(
      {
        type: 'ReviseEvent',
        data: { eventId: ids.visit, reason: 'date in the title', title: 'Putin visits Tehran (19 July)' },
        context: { actors: facts.actorFacts, events: facts.eventFacts },
      },
      state,
    );
    await store.append(`event-${ids.visit}`, decided, { expectedVersion: stored.length });
    await runner.whenCaughtUp(10_000);
    const { rows } = await db.pool.query(
      `SELECT max(version) AS v, count(*)::int AS n FROM rm_2.event_versions WHERE event_id = $1`,
      [ids.visit],
    );
    // 4 versions of its own, 3 from the merges (two reports absorbed, one released), and the revision.
    expect(rows[0]).toMatchObject({ n: 8 });
    const { rows: old } = await db.pool.query(
      `SELECT count(*)::int AS n FROM rm_1.event_versions WHERE event_id = $1`,
      [ids.visit],
    );
    expect(old[0].n).toBe(7);
    await db.pool.query('DROP SCHEMA rm_1 CASCADE');
  });

  it('swaps while the log is written and projected, without losing or repeating a change', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const announced: TimelineChange[] = [];
    listener.on('notification', (message) => {
      const change = parseTimelineChange(message.payload ?? '');
      if (change) announced.push(change);
    });
    await listener.query(`LISTEN ${TIMELINE_CHANGES_CHANNEL}`);
    try {
      let batches = 0;
      const counting = runner.onBatch(() => (batches += 1));
      const writing = appendSyntheticLog(store, { events: 4000, seed: 11, streamsPerTransaction: 20 });
      // The rebuild starts once the runner is projecting the new writes, so both run at once.
      await eventually('the runner projecting the new writes', () => batches > 0, 30_000, 10);
      counting();
      const result = await rebuildReadModel({ connectionString: db.url, store, batchSize: 250 });
      expect(result).toMatchObject({ schema: 'rm_3', previousSchema: 'rm_2', previousDropped: true });
      await writing;
      // A deadline, not a claim about speed: 4,000 events in batches of 2 on a loaded machine.
      await runner.whenCaughtUp(90_000);
      await notificationsDelivered(listener, db.pool, TIMELINE_CHANGES_CHANNEL);
      expect(await schemas()).toEqual(['rm_3']);

      // What the runner and the rebuild made together equals a rebuild from scratch.
      // Its deferred closes staged in the database batch by batch, as a long log's are.
      const fresh = await rebuildReadModel({
        connectionString: db.url,
        store,
        dropPrevious: false,
        closesInMemory: 1,
        batchSize: 250,
      });
      expect(await generationDifferences(db.pool, 'rm_3', fresh.schema)).toEqual([]);

      // Every change announced once, and the last announcement of each event is its current version.
      const pairs = announced.map((change) => `${change.eventId}@${change.version}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      const { rows } = await db.pool.query<{ event_id: string; version: number }>(
        `SELECT event_id::text, max(version) AS version FROM ${fresh.schema}.event_versions GROUP BY event_id`,
      );
      const lastAnnounced = new Map(announced.map((change) => [change.eventId, change.version]));
      const fixed = new Set<string>([...Object.values(ids), ...Object.values(mergeIds)]);
      const synthetic = rows.filter((row) => !fixed.has(row.event_id));
      expect(synthetic.length).toBeGreaterThan(2000);
      for (const row of synthetic)
        expect([row.event_id, lastAnnounced.get(row.event_id)]).toEqual([row.event_id, row.version]);
    } finally {
      await listener.end();
    }
  }, 180_000);

  it('refuses to run beside another rebuild', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [REBUILD_LOCK_KEY]);
      await expect(rebuildReadModel({ connectionString: db.url, store })).rejects.toBeInstanceOf(
        RebuildInProgressError,
      );
    } finally {
      await other.end();
    }
  });

  it('drops the old generation only after the queries still reading it are done', async () => {
    const before = await activeNow();
    const reader = new Client({ connectionString: db.url });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query(`SELECT count(*) FROM ${before}.event_versions`);
      const rebuilding = rebuildReadModel({
        connectionString: db.url,
        store,
        dropLockTimeoutMs: 200,
        dropAttempts: 100,
      });
      await eventually('the swap', async () => (await activeNow()) !== before, 30_000);
      expect(await activeNow()).not.toBe(before);
      // The rebuild's DROP waits on the reader's lock: it has tried, and has been held off.
      await eventually('the DROP to wait for the reader', () => dropWaiting(before), 30_000, 10);
      expect(await schemas()).toContain(before); // still there while the reader's transaction is open
      await reader.query('COMMIT');
      const result = await rebuilding;
      expect(result.previousDropped).toBe(true);
      expect(await schemas()).toEqual([result.schema]);
    } finally {
      await reader.end();
    }
  }, 60_000);
});
