import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { addVisitMerges, tehranMergeIds as merge } from '../../src/timelines/projection/testing/tehran-merge-log';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { TimelineQueries } from '../../src/timelines/queries/timeline-queries';
import type { TimelineFilter } from '../../src/timelines/queries/query-types';
import { clockPast } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Merges in the read model: bitemporal like every other change. A merge makes new versions, so
 * that the timeline as known before it shows the reports apart and after it one event with all
 * their sources; a split brings the duplicate back; a rebuild gives the same rows as the live
 * runner did in small batches.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
let queries: TimelineQueries;
/** The reported visit's versions: recorded, merged, split (their record times). */
let recorded: Date;
let merged: Date;
let split: Date;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, batchSize: 2, pollIntervalMs: 200 });
  runner.start();
  const log = tehranLog();
  addVisitMerges(log);
  log.commit();
  for (const transaction of log.take()) {
    await store.appendBatch(transaction);
    // Each transaction in a millisecond of its own: the test reads the state as of each version's
    // record time (ms precision), which must not also show the next transaction.
    await clockPast(new Date());
  }
  await runner.whenCaughtUp(30_000);
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  const { rows } = await db.pool.query<{ recorded_from: Date }>(
    `SELECT recorded_from FROM rm_1.event_versions WHERE event_id = $1 ORDER BY version`,
    [merge.reportedVisit],
  );
  expect(rows).toHaveLength(3);
  [recorded, merged, split] = rows.map((row) => row.recorded_from) as [Date, Date, Date];
  expect(recorded.getTime()).toBeLessThan(merged.getTime());
  expect(merged.getTime()).toBeLessThan(split.getTime());
});

afterAll(async () => {
  await runner?.stop();
  await notifications?.stop();
  await db.drop();
});

const visits: TimelineFilter = { eventIds: [ids.visit, merge.reportedVisit, merge.lateReport] };
const byRaisi: TimelineFilter = { actorIds: { anyOf: [ids.raisi] }, kinds: ['MEETING'] };
const onTheDay: TimelineFilter = { dyad: { countries: ['RUS', 'IRN'] }, kinds: ['MEETING'] };
const shown = async (filter: TimelineFilter, asOf?: Date) =>
  (await queries.timeline(filter, { first: 100, ...(asOf ? { asOf } : {}) })).edges.map((e) => e.node.eventId).sort();
const sourcesOf = async (eventId: string, asOf?: Date) =>
  (await queries.eventById(eventId, asOf ? { asOf } : {}))!.doc.sources.map((s) => [
    s.publisher,
    (s as { mergedFrom?: string }).mergedFrom ?? null,
  ]);

describe('a merge in the read model', () => {
  it('shows the reports apart as known before the merge, one event after it, and the split one apart again', async () => {
    const all = [ids.visit, merge.reportedVisit, merge.lateReport].sort();
    expect(await shown(visits, recorded)).toEqual(all);
    // The late report was merged in a later transaction: as known at the first merge, it is still apart.
    expect(await shown(visits, merged)).toEqual([ids.visit, merge.lateReport].sort());
    expect(await shown(visits, split)).toEqual([ids.visit, merge.reportedVisit].sort());
    expect(await shown(visits)).toEqual([ids.visit, merge.reportedVisit].sort());
  });

  it('leaves the participants’ and countries’ indexes, counts and buckets alike', async () => {
    for (const filter of [byRaisi, onTheDay]) {
      expect(await shown(filter, recorded)).toEqual(expect.arrayContaining([merge.reportedVisit, merge.lateReport]));
      expect(await shown(filter, merged)).not.toContain(merge.reportedVisit);
      expect(await shown(filter)).not.toContain(merge.lateReport);
      expect(await queries.count(filter, { asOf: recorded })).toBe((await queries.count(filter, { asOf: merged })) + 1);
    }
    const day = async (asOf: Date) =>
      (await queries.buckets(visits, { bucket: 'DAY', timeZone: 'Asia/Tehran', asOf }))[0]!.total;
    expect([await day(recorded), await day(merged), await day(split)]).toEqual([3, 2, 2]);
  });

  it('gives the survivor the duplicates’ sources, each with where it came from, while they are merged', async () => {
    expect(await sourcesOf(ids.visit, recorded)).toEqual([
      ['Reuters', null],
      ['AP', null],
    ]);
    expect(await sourcesOf(ids.visit, merged)).toEqual([
      ['Reuters', null],
      ['AP', null],
      ['IRNA', merge.reportedVisit],
    ]);
    expect(await sourcesOf(ids.visit)).toEqual([
      ['Reuters', null],
      ['AP', null],
      ['TASS', merge.lateReport],
    ]);
    const survivor = await queries.eventById(ids.visit);
    expect(survivor!.doc.absorbed?.map((a) => a.eventId)).toEqual([merge.lateReport]);
  });

  it('answers a duplicate by id with the event it was merged into, and the timeline with it when retracted ones are asked for', async () => {
    expect((await queries.eventById(merge.lateReport))!.doc.mergedInto).toBe(ids.visit);
    expect((await queries.eventById(merge.reportedVisit, { asOf: merged }))!.doc.mergedInto).toBe(ids.visit);
    expect((await queries.eventById(merge.reportedVisit, { asOf: recorded }))!.doc.mergedInto).toBeUndefined();
    expect((await queries.eventById(merge.reportedVisit))!.doc.mergedInto).toBeUndefined();
    const withRetracted = await queries.timeline(visits, { first: 10, includeRetracted: true });
    const late = withRetracted.edges.find((edge) => edge.node.eventId === merge.lateReport)!.node;
    expect(late.retracted).toBe(true);
    expect(late.doc.mergedInto).toBe(ids.visit);
  });

  it('is rebuilt from the log to the same rows as the live runner wrote batch by batch', async () => {
    const result = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(result.schema).toBe('rm_2');
    expect(await generationDifferences(db.pool, 'rm_1', 'rm_2')).toEqual([]);
  });
});
