import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore, type StreamAppend } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { eventStreamId } from '../../src/diplomacy/stream-ids';
import { effectiveRecordTime } from '../../src/timelines/projection/log-order';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import type { DomainLogBuilder } from '../../src/timelines/projection/testing/domain-log-builder';
import { activeSchemaFrom, TimelineQueries } from '../../src/timelines/queries/index';
import { waitForAsOf } from '../../src/timelines/read-your-writes';
import { clockPast } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * "As known at T" is a fact once given: an answer asOf a moment the service answered for does not
 * change later, whatever was still in flight when it answered. Here an append is held open (the
 * store's own append path, in a transaction left uncommitted) while later appends commit, and the
 * projector is stopped and started again; every answer given meanwhile is asked again at the end,
 * and after a rebuild, and must be the same. Answers that could still change are refused instead.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
let status: ProjectionStatus;
let queries: TimelineQueries;
let log: DomainLogBuilder;

/** A wait that, while an append is held open, ends in a refusal (a bound, not a measurement). */
const SHORT_WAIT_MS = 300;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, batchSize: 3, pollIntervalMs: 100 });
  status = new ProjectionStatus(db.pool, runner, 20);
  queries = new TimelineQueries(db.pool, activeSchemaFrom(db.pool));
  log = tehranLog();
  await log.appendTo(store);
  runner.start();
  await caughtUp();
});

afterAll(async () => {
  await runner?.stop();
  await notifications?.stop();
  await db?.drop();
});

async function caughtUp(): Promise<void> {
  const head = await store.headPosition();
  if (!(await status.waitForPosition(head, 30_000))) throw new Error(`the read model did not reach ${head}`);
}

/** What a client reads asOf a moment: the whole timeline, retracted events too, and one event. */
async function read(asOf: Date): Promise<string> {
  const page = await queries.timeline({}, { asOf, includeRetracted: true, first: 100 });
  const visit = await queries.eventById(ids.visit, { asOf });
  return JSON.stringify({ page: page.edges.map((edge) => edge.node), visit });
}

/** An answer as the service gives it: after the wait for the horizon, or refused (undefined). */
async function answer(asOf: Date, waitMs = 5_000): Promise<string | undefined> {
  try {
    await waitForAsOf(status, asOf, waitMs);
  } catch (error) {
    expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('SERVICE_UNAVAILABLE');
    return undefined;
  }
  return read(asOf);
}

/** The next transaction the domain decides, to append with the store of our choice. */
function decided(step: (builder: DomainLogBuilder) => boolean): StreamAppend[] {
  if (!step(log)) throw new Error('the domain refused the step');
  log.commit();
  return log.take().flat();
}

function recordEvent(eventId: string, title: string) {
  return (builder: DomainLogBuilder) =>
    builder.recordEvent({
      eventId,
      kind: 'MEETING',
      title,
      start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      participants: [
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: ids.raisi, role: 'PARTICIPANT' },
      ],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    });
}

const bucket = async (streamId: string) =>
  (await db.pool.query<{ bucket: number }>('SELECT hashtext($1) & 255 AS bucket', [streamId])).rows[0]!.bucket;

/** A new event id whose stream does not share an append lock with these streams (else its append would wait). */
async function eventIdApartFrom(streamIds: string[]): Promise<string> {
  const taken = new Set(await Promise.all(streamIds.map(bucket)));
  for (;;) {
    const id = randomUUID();
    if (!taken.has(await bucket(eventStreamId(id)))) return id;
  }
}

const plusMs = (moment: Date, ms: number) => new Date(moment.getTime() + ms);
const horizons: Date[] = [];
async function horizon(): Promise<Date> {
  const { horizon: found } = await status.recordTimeHorizon();
  horizons.push(found!);
  return found!;
}

describe('asOf answers', () => {
  /** Every answer given, by the moment it was asked asOf. */
  const given = new Map<number, string>();
  let firstEvent: string;
  let recordedAt: Date;
  let heldAt: Date;
  let naiveNow: string;
  let now: Date;

  it('asOf a moment just after an event was recorded waits for the projection, then includes it', async () => {
    firstEvent = randomUUID();
    await store.appendBatch(decided(recordEvent(firstEvent, 'Talks recorded just now')));
    recordedAt = (await store.readStream(eventStreamId(firstEvent)))[0]!.recordedAt;
    const asOf = plusMs(recordedAt, 1);
    const first = await answer(asOf);
    expect(first).toContain(firstEvent);
    given.set(asOf.getTime(), first!);
    expect((await horizon()).getTime()).toBeGreaterThan(asOf.getTime());
  });

  it('refuses what an append held open could still change, and answers what it cannot', async () => {
    await clockPast(plusMs(recordedAt, 1));
    const held: PoolClient = await db.pool.connect();
    try {
      await held.query('BEGIN');
      const heldStore = new PostgresEventStore(held as unknown as Pool, store.upcasters, {}, false);
      const heldEvent = randomUUID();
      await heldStore.appendBatch(decided(recordEvent(heldEvent, 'Appended in a transaction held open')));
      heldAt = (await heldStore.readStream(eventStreamId(heldEvent)))[0]!.recordedAt;

      // Later appends commit, on streams whose append locks the held transaction does not hold.
      const laterEvent = await eventIdApartFrom([eventStreamId(heldEvent)]);
      await store.appendBatch(decided(recordEvent(laterEvent, 'Committed while the other append is open')));
      const later = (await store.readStream(eventStreamId(laterEvent)))[0]!;
      now = plusMs(later.recordedAt, 1);
      await clockPast(now);
      const caught = runner.whenCaughtUp(30_000);
      await caught; // the projector has read what it can: not the later event, which waits for the held one
      naiveNow = await read(now);
      expect(naiveNow).not.toContain(laterEvent);

      const before = await horizon();
      expect(before.getTime()).toBeLessThanOrEqual(heldAt.getTime());
      expect(await answer(plusMs(recordedAt, 1))).toBe(given.get(recordedAt.getTime() + 1));
      expect(await answer(plusMs(heldAt, 1), SHORT_WAIT_MS)).toBeUndefined();
      expect(await answer(now, SHORT_WAIT_MS)).toBeUndefined();
      // Inside the horizon: final, and given.
      const inside = new Date(before.getTime() - 1);
      given.set(inside.getTime(), (await answer(inside))!);

      // The projector stops; the held append commits, and another after it, none of it projected yet.
      await runner.stop();
      await held.query('COMMIT');
    } finally {
      held.release();
    }
    const whilePaused = randomUUID();
    await store.appendBatch(decided(recordEvent(whilePaused, 'Recorded while the projector was stopped')));
    expect(await answer(plusMs(heldAt, 1), SHORT_WAIT_MS)).toBeUndefined();
    expect(await answer(now, SHORT_WAIT_MS)).toBeUndefined();
    const paused = await horizon();
    expect(paused.getTime()).toBeLessThanOrEqual(heldAt.getTime());
    const inside = new Date(paused.getTime() - 1);
    given.set(inside.getTime(), (await answer(inside))!);
  });

  it('after the projector resumes, every answer given is the same, and the refused ones are answered', async () => {
    runner.start();
    await caughtUp();
    for (const [asOf, first] of given) expect(await answer(new Date(asOf))).toBe(first);
    const afterwards = await answer(now);
    expect(afterwards).toBeDefined();
    // What a read without the horizon would have given for `now` while the append was held: not final.
    expect(afterwards).not.toBe(naiveNow);
    expect(await answer(plusMs(heldAt, 1))).toBeDefined();
    await horizon();
    for (let i = 1; i < horizons.length; i += 1)
      expect(horizons[i]!.getTime()).toBeGreaterThanOrEqual(horizons[i - 1]!.getTime());
  });

  it('record times are the running latest insert time along the log order', async () => {
    const schema = await activeSchemaFrom(db.pool)();
    const { rows } = await db.pool.query<{ event_id: string; version: number; recorded_from: Date }>(
      `SELECT event_id, version, recorded_from FROM ${schema}.event_versions`,
    );
    const stored = new Map(rows.map((row) => [`event-${row.event_id}:${row.version}`, row.recorded_from.getTime()]));
    let latest: Date | null = null;
    let compared = 0;
    for (let page = await store.readAll({ limit: 50 }); page.events.length > 0;) {
      for (const event of page.events) {
        latest = effectiveRecordTime(latest, event.recordedAt);
        const row = stored.get(`${event.streamId}:${event.streamVersion}`);
        if (row === undefined) continue;
        expect(row).toBe(latest.getTime());
        compared += 1;
      }
      page = await store.readAll({ after: page.checkpoint, limit: 50 });
    }
    expect(compared).toBe(rows.length);
  });

  it('a rebuild gives the same record times, and the same answers', async () => {
    const before = await activeSchemaFrom(db.pool)();
    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(await generationDifferences(db.pool, before, rebuilt.schema)).toEqual([]);
    for (const [asOf, first] of given) expect(await answer(new Date(asOf))).toBe(first);
  });
});
