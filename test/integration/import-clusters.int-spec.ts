import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulkImport } from '../../src/admin/import/bulk-import';
import { inputFiles } from '../../src/admin/import/input-files';
import { ImportService } from '../../src/admin/import/import.service';
import { importFile, logCounts, textStream } from '../../src/admin/import/testing/import-fixtures';
import { decideEventMerge, evolveEvent, initialEventState, type DiplomaticEventEvent } from '../../src/diplomacy';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { StoredEvent } from '../../src/event-store/types';
import { clusterEventId, reportIdFor } from '../../src/imports';
import { GDELT_EXPORT as GDELT, ICEWS_SAMPLE as ICEWS } from '../../src/imports/testing/collect';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { TimelineQueries } from '../../src/timelines/queries/timeline-queries';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Clustering on import (src/imports/clustering.ts) on the real files of test/fixtures/data: rows of
 * one occurrence become one event carrying every row as a report, and every way of importing the
 * same rows (again, in overlapping halves in either order, twice at once) ends with the same events.
 */
const databases: TestDatabase[] = [];
async function database(
  batchSize?: number,
): Promise<{ db: TestDatabase; store: PostgresEventStore; service: ImportService }> {
  const db = await createTestDatabase();
  databases.push(db);
  const store = new PostgresEventStore(db.pool);
  return { db, store, service: new ImportService(db.pool, store, batchSize) };
}
afterAll(async () => {
  for (const db of databases) await db.drop();
});

/**
 * What the log says of every event, as it stands: its current fields, its reports' ids, and its
 * sources as a set (they join in the order their reports came; everything else must not depend on it).
 */
async function events(store: PostgresEventStore): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const byStream = new Map<string, { type: string; data: Record<string, unknown>; eventId: string }[]>();
  for (const event of await store.readStreamType('event')) {
    const list = byStream.get(event.streamId) ?? [];
    list.push(event);
    byStream.set(event.streamId, list);
  }
  for (const [streamId, stored] of byStream) {
    let state = initialEventState();
    const reports: string[] = [];
    for (const event of stored) {
      state = evolveEvent(state, { type: event.type, data: event.data } as DiplomaticEventEvent);
      if (event.type === 'EventRecorded') reports.push(event.eventId);
      if (event.type === 'ReportAttached') reports.push((event.data.report as { reportId: string }).reportId);
    }
    if (state.status === 'NOT_RECORDED') throw new Error(`${streamId} holds no event`);
    const { sources, revisionCount: _revisions, ...rest } = state;
    found.set(state.eventId, {
      ...rest,
      sources: [...sources].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1)),
      reports: reports.sort(),
    });
  }
  return found;
}

/**
 * The events with their actors' ids replaced by labels in order of first appearance: which of two
 * descriptors that match each other (by alias and country) is registered first, and so gives the
 * actor its id, depends on the order of the rows, clustered or not (src/admin/import/actor-index.ts).
 */
function withActorLabels(found: Map<string, Record<string, unknown>>): string[] {
  const labels = new Map<string, string>();
  const ordered = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [, event] of ordered)
    for (const { actorId } of event.participants as { actorId: string }[])
      if (!labels.has(actorId)) labels.set(actorId, `actor#${labels.size + 1}`);
  return ordered.map(([eventId, event]) =>
    JSON.stringify({ eventId, ...event }).replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      (id) => labels.get(id) ?? id,
    ),
  );
}

/** Lines from..to (1-based, inclusive) of a file, with ICEWS' header first when the slice lacks it. */
function slice(path: string, from: number, to: number): string {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = path.endsWith('.tab') && from > 1 ? [lines[0]] : [];
  return `${[...header, ...lines.slice(from - 1, to)].join('\n')}\n`;
}

const NOR_RUS_MEETINGS = clusterEventId('v1|MEETING|NOR-RUS|2019-10-24@UTC|04');
const NOR_RUS_STATEMENTS = clusterEventId('v1|STATEMENT|NOR-RUS|2019-10-24@UTC|03');

describe('the GDELT slice of 24 Oct 2019, clustered by day', () => {
  let whole: Awaited<ReturnType<typeof database>>;
  let wholeEvents: Map<string, Record<string, unknown>>;
  beforeAll(async () => {
    whole = await database();
  });

  it('gathers its 761 rows into 612 events, 149 rows attached as reports', async () => {
    const { summary, rejects } = await importFile(whole.service, GDELT, { format: 'gdelt' });
    expect(summary).toMatchObject({
      imported: 612,
      reportsAttached: 149,
      eventsRevised: 0,
      alreadyPresent: 0,
      rejected: 151,
    });
    expect(rejects).toHaveLength(151);
    expect(await logCounts(whole.db.pool)).toEqual({ ActorRegistered: 180, EventRecorded: 612, ReportAttached: 149 });
    wholeEvents = await events(whole.store);
    expect(wholeEvents.size).toBe(612);
  });

  it('makes the 15 Norway-Russia meetings one event carrying all 15 reports, the 2 intents to meet another', async () => {
    const meetings = wholeEvents.get(NOR_RUS_MEETINGS)!;
    expect(meetings.reports).toHaveLength(15);
    expect(meetings.attachedReports).toBe(14);
    // The report with the most articles (4), then the most specific code, then the lowest id: 881992275 (044).
    expect(meetings).toMatchObject({
      kind: 'MEETING',
      cameoCode: '044',
      start: { value: '2019-10-24', precision: 'DAY', timeZone: 'UTC' },
    });
    expect(meetings.summary).toMatch(/^GDELT event 881992275,/);
    expect(meetings.reports).toContain(reportIdFor('GDELT', '881992275'));
    expect(meetings.sources).toHaveLength(1); // one Reuters article
    expect(wholeEvents.get(NOR_RUS_STATEMENTS)!.reports).toHaveLength(2);

    await catchUpReadModel(whole.db.pool, whole.db.url, whole.store);
    const queries = new TimelineQueries(whole.db.pool, async () => 'rm_1');
    const page = await queries.timeline({ dyad: { countries: ['NOR', 'RUS'] } }, { first: 50 });
    // "17 events, every one of them from the same Reuters article" before clustering: now two.
    const found = page.edges.map(({ node }) => [node.doc.kind, node.reportCount, node.eventId]);
    expect(found.sort()).toEqual([
      ['MEETING', 15, NOR_RUS_MEETINGS],
      ['STATEMENT', 2, NOR_RUS_STATEMENTS],
    ]);
    expect(page.edges.map(({ node }) => node.reportCount).reduce((a, b) => a + b, 0)).toBe(17);
  });

  it('keeps the report count of each version in the read model, and a rebuild ends with the same rows', async () => {
    const { rows } = await whole.db.pool.query<{ version: number; report_count: number; sources: number }>(
      `SELECT version, report_count, jsonb_array_length(doc -> 'sources') AS sources
         FROM rm_1.event_versions WHERE event_id = $1 ORDER BY version`,
      [NOR_RUS_MEETINGS],
    );
    expect(rows.map((row) => row.report_count)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.sources))).toEqual(new Set([1]));
    const rebuilt = await rebuildReadModel({ connectionString: whole.db.url, store: whole.store, dropPrevious: false });
    expect(rebuilt.schema).toBe('rm_2');
    expect(await generationDifferences(whole.db.pool, 'rm_1', 'rm_2')).toEqual([]);
  });

  it('pins the reports of its three other busiest pairs', () => {
    const reports = (key: string) => (wholeEvents.get(clusterEventId(key))!.reports as string[]).length;
    expect(reports('v1|MEETING|JPN-TKM|2019-10-24@UTC|04')).toBe(15);
    expect(reports('v1|MEETING|BRA-CHN|2019-10-24@UTC|04')).toBe(12);
    expect(reports('v1|MEETING|GBR-USA|2019-10-24@UTC|04')).toBe(10);
  });

  it('imported again adds nothing', async () => {
    const { summary } = await importFile(whole.service, GDELT, { format: 'gdelt' });
    expect(summary).toMatchObject({ imported: 0, reportsAttached: 0, eventsRevised: 0, alreadyPresent: 761 });
    expect(await logCounts(whole.db.pool)).toEqual({ ActorRegistered: 180, EventRecorded: 612, ReportAttached: 149 });
  });

  it.each([
    ['first half, then second', [1, 1300], [800, 2111]],
    ['second half, then first', [800, 2111], [1, 1300]],
  ])('in two overlapping halves (%s) ends with the same events', async (_order, a, b) => {
    const halves = await database(100);
    const first = await importFile(halves.service, textStream(slice(GDELT, a[0]!, a[1]!)), { format: 'gdelt' });
    const second = await importFile(halves.service, textStream(slice(GDELT, b[0]!, b[1]!)), { format: 'gdelt' });
    expect(first.summary.imported + second.summary.imported).toBe(612);
    expect(first.summary.reportsAttached + second.summary.reportsAttached).toBe(149);
    expect(second.summary.alreadyPresent).toBeGreaterThan(0);
    expect(withActorLabels(await events(halves.store))).toEqual(withActorLabels(wholeEvents));
  });

  it.each([
    ['alone', false],
    ['while another import of their middle runs', true],
  ])('in two overlapping halves by one backfill (%s) ends with the same events', async (_how, racing) => {
    // A backfill hands the clusters one file left to the next (ClusterCache): the second file's
    // reports join them without reading their streams again, and a cluster another import changed
    // meanwhile fails its expected version and is read again.
    const backfill = await database();
    const dir = mkdtempSync(join(tmpdir(), 'dtl-clusters-backfill-'));
    try {
      writeFileSync(join(dir, '20191024143000.export.CSV'), slice(GDELT, 1, 1300));
      writeFileSync(join(dir, '20191024144500.export.CSV'), slice(GDELT, 800, 2111));
      const files = await inputFiles([dir], dir);
      const [run, other] = await Promise.all([
        new BulkImport(backfill.db.pool, backfill.store).run(files, { format: 'gdelt', cluster: 'day' }),
        racing
          ? importFile(backfill.service, textStream(slice(GDELT, 600, 1500)), { format: 'gdelt' })
          : Promise.resolve(undefined),
      ]);
      expect(run.filesImported).toBe(2);
      expect(run.total.imported + (other?.summary.imported ?? 0)).toBe(612);
      expect(run.total.reportsAttached + (other?.summary.reportsAttached ?? 0)).toBe(149);
      const found = await events(backfill.store);
      if (racing) {
        // Two imports registering the same new actors at once may each register some of them
        // (see Known limits): which events hold which reports is what must not change.
        const reports = (all: Map<string, Record<string, unknown>>) =>
          new Map([...all].map(([eventId, event]) => [eventId, event.reports]));
        expect(reports(found)).toEqual(reports(wholeEvents));
      } else expect(withActorLabels(found)).toEqual(withActorLabels(wholeEvents));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imported twice at once ends with the same events, each recorded and each report attached once', async () => {
    const racing = await database(150);
    const [one, two] = await Promise.all([
      importFile(racing.service, GDELT, { format: 'gdelt' }),
      importFile(racing.service, GDELT, { format: 'gdelt' }),
    ]);
    expect(one.summary.imported + two.summary.imported).toBe(612);
    expect(one.summary.reportsAttached + two.summary.reportsAttached).toBe(149);
    // Batches of 150 rows: a report of a later batch may rank first and revise its event (EventRevised).
    const { EventRevised: _revisions, ...counts } = await logCounts(racing.db.pool);
    expect(counts).toEqual({ ActorRegistered: 180, EventRecorded: 612, ReportAttached: 149 });
    expect(await events(racing.store)).toEqual(wholeEvents);
  });

  it('with cluster none imports one event per row, as before clustering', async () => {
    const apart = await database();
    const { summary } = await importFile(apart.service, GDELT, { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({ imported: 761, reportsAttached: 0, eventsRevised: 0 });
    expect(await logCounts(apart.db.pool)).toEqual({ ActorRegistered: 180, EventRecorded: 761 });
  });
});

describe('a report that ranks first, arriving after the event was recorded', () => {
  const rows = readFileSync(GDELT, 'utf8').split('\n');
  const row = (externalId: string) => `${rows.find((line) => line.startsWith(`${externalId}\t`))!}\n`;
  // Two of the Norway-Russia meeting rows: 881992274 (044, 2 articles) and 881992278 (046, 4 articles).
  const weaker = row('881992274');
  const stronger = row('881992278');

  it('revises the event to its fields with an ordinary revision; the other order needs none and ends alike', async () => {
    const late = await database();
    await importFile(late.service, textStream(weaker), { format: 'gdelt' });
    const { summary } = await importFile(late.service, textStream(stronger), { format: 'gdelt' });
    expect(summary).toMatchObject({ imported: 0, reportsAttached: 1, eventsRevised: 1 });
    const log = await late.store.readStream(`event-${NOR_RUS_MEETINGS}`);
    expect(log.map((event) => event.type)).toEqual(['EventRecorded', 'ReportAttached', 'EventRevised']);
    expect(log[2]!.data).toMatchObject({
      changes: { cameoCode: '046' },
      previous: { cameoCode: '044' },
      reason: expect.stringMatching(
        /^report GDELT 881992278 ranks first among the event's reports \(4 articles, CAMEO 046\)/,
      ),
    });

    const early = await database();
    await importFile(early.service, textStream(stronger), { format: 'gdelt' });
    const second = await importFile(early.service, textStream(weaker), { format: 'gdelt' });
    expect(second.summary).toMatchObject({ imported: 0, reportsAttached: 1, eventsRevised: 0 });
    expect(withActorLabels(await events(early.store))).toEqual(withActorLabels(await events(late.store)));
  });
});

describe('reports of a cluster an editor merged into another event', () => {
  const rows = readFileSync(GDELT, 'utf8').split('\n');
  const row = (externalId: string) => `${rows.find((line) => line.startsWith(`${externalId}\t`))!}\n`;
  const JPN_TKM_MEETINGS = clusterEventId('v1|MEETING|JPN-TKM|2019-10-24@UTC|04');

  /** The editor's merge, decided by the domain and appended as mergeEvents appends it. */
  async function merge(store: PostgresEventStore, survivorId: string, duplicateId: string): Promise<void> {
    const [survivor, duplicate] = await Promise.all(
      [survivorId, duplicateId].map((id) => store.readStream(`event-${id}`)),
    );
    const fold = (stored: StoredEvent[]) =>
      stored.reduce(
        (state, event) => evolveEvent(state, { type: event.type, data: event.data } as DiplomaticEventEvent),
        initialEventState(),
      );
    const decided = decideEventMerge({
      survivorId,
      survivor: fold(survivor!),
      duplicates: [{ eventId: duplicateId, state: fold(duplicate!), provenance: null }],
      reason: 'one meeting, as the editor reads it',
    });
    const append = (stored: StoredEvent[], events: DiplomaticEventEvent[]) => ({
      streamId: stored[0]!.streamId,
      streamType: 'event',
      expectedVersion: stored.at(-1)!.streamVersion,
      events: events.map((event) => ({ type: event.type, data: event.data })),
    });
    await store.appendBatch([
      append(survivor!, decided.survivorEvents),
      append(duplicate!, decided.duplicateEvents[0]!.events),
    ]);
  }

  it('join the survivor, which they never revise, and the merged cluster gains nothing', async () => {
    const { db, store, service } = await database();
    // A Norway-Russia meeting row (044, 2 articles) and a Japan-Turkmenistan one: two events.
    await importFile(service, textStream(row('881992274') + row('881992007')), { format: 'gdelt' });
    // Projected live as the log grows: the import, then the merge, then the next import.
    await catchUpReadModel(db.pool, db.url, store);
    await merge(store, JPN_TKM_MEETINGS, NOR_RUS_MEETINGS);
    await catchUpReadModel(db.pool, db.url, store);
    const survivorBefore = (await events(store)).get(JPN_TKM_MEETINGS)!;

    // A Norway-Russia row that would rank first (046, 4 articles) and revise its own cluster.
    const { summary, rejects } = await importFile(service, textStream(row('881992278')), { format: 'gdelt' });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({ imported: 0, reportsAttached: 1, eventsRevised: 0 });
    expect((await store.readStream(`event-${NOR_RUS_MEETINGS}`)).map((event) => event.type)).toEqual([
      'EventRecorded',
      'EventMerged',
    ]);
    const survivorLog = await store.readStream(`event-${JPN_TKM_MEETINGS}`);
    expect(survivorLog.map((event) => event.type)).toEqual(['EventRecorded', 'EventAbsorbed', 'ReportAttached']);
    const survivor = (await events(store)).get(JPN_TKM_MEETINGS)!;
    expect(survivor).toMatchObject({ title: survivorBefore.title, cameoCode: survivorBefore.cameoCode });
    // Its own report, the merged cluster's and the new one.
    expect(survivor.attachedReports).toBe(2);

    // Importing the row again adds nothing.
    const again = await importFile(service, textStream(row('881992278')), { format: 'gdelt' });
    expect(again.summary).toMatchObject({ imported: 0, reportsAttached: 0, alreadyPresent: 1 });

    // The read model: one meeting with three reports; a rebuild of this log (reports and a merge) equals it.
    await catchUpReadModel(db.pool, db.url, store);
    const page = await new TimelineQueries(db.pool, async () => 'rm_1').timeline({}, { first: 10 });
    expect(page.edges.map(({ node }) => [node.eventId, node.reportCount])).toEqual([[JPN_TKM_MEETINGS, 3]]);
    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(await generationDifferences(db.pool, 'rm_1', rebuilt.schema)).toEqual([]);
  });
});

describe('the ICEWS sample, clustered by day', () => {
  let wholeEvents: Map<string, Record<string, unknown>>;

  it('gathers its 1,913 rows into 962 events, pinned for its busiest pairs and days', async () => {
    const whole = await database();
    const { summary } = await importFile(whole.service, ICEWS, { format: 'icews' });
    expect(summary).toMatchObject({ imported: 962, reportsAttached: 951, rejected: 0 });
    wholeEvents = await events(whole.store);
    const reports = (key: string) => (wholeEvents.get(clusterEventId(key))!.reports as string[]).length;
    expect(reports('v1|MEETING|PRK-USA|2018-06-01@UTC|04')).toBe(156);
    expect(reports('v1|MEETING|PRK-USA|2018-06-02@UTC|04')).toBe(76);
    expect(reports('v1|MEETING|PRK-RUS|2018-06-01@UTC|04')).toBe(58);
    expect(reports('v1|STATEMENT|PRK-USA|2018-06-01@UTC|03')).toBe(25);
  });

  it.each([
    ['first half, then second', [1, 2500], [1800, 3706]],
    ['second half, then first', [1800, 3706], [1, 2500]],
  ])('in two overlapping halves (%s) ends with the same events', async (_order, a, b) => {
    const halves = await database(200);
    const first = await importFile(halves.service, textStream(slice(ICEWS, a[0]!, a[1]!)), { format: 'icews' });
    const second = await importFile(halves.service, textStream(slice(ICEWS, b[0]!, b[1]!)), { format: 'icews' });
    expect(first.summary.imported + second.summary.imported).toBe(962);
    expect(withActorLabels(await events(halves.store))).toEqual(withActorLabels(wholeEvents));
  });
});
