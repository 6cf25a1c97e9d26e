import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { DuplicateCandidateQueries } from '../../src/timelines/queries/duplicate-candidates';
import { TimelineQueries, type TimelineFilter } from '../../src/timelines/queries/index';
import { clockPast } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Actor merges are bitemporal: as known at a moment before "VLADIMIR PUTIN" (imported) was merged
 * into Putin, the two are apart on every read; from the merge on, one. The merge rewrites no
 * participant row, and a rebuild gives the same rows and the same answers.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
/** A moment after everything before the merge was recorded, and before the merge. */
let beforeMerge: Date;
let merged: Date;
let schema = 'rm_1';
const queries = () => new TimelineQueries(db.pool, async () => schema);

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, batchSize: 3, pollIntervalMs: 200 });
  runner.start();
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) {
    const isMerge = transaction.some((stream) => stream.events.some((event) => event.type === 'ActorMerged'));
    if (isMerge) {
      beforeMerge = new Date();
      await clockPast(beforeMerge);
    }
    await store.appendBatch(transaction);
    if (isMerge) {
      // A millisecond after the merge's commit (its record time has microseconds), and before
      // anything later is recorded (the next transaction could otherwise share the merge's
      // millisecond and be known at `merged` too).
      await clockPast(new Date());
      merged = new Date();
      await clockPast(merged);
    }
  }
  await runner.whenCaughtUp(20_000);
  const { rows } = await db.pool.query<{ recorded_from: Date }>(
    `SELECT recorded_from FROM rm_1.actor_versions WHERE actor_id = $1 AND merged_into IS NOT NULL`,
    [ids.putinImported],
  );
  expect(beforeMerge.getTime()).toBeLessThan(rows[0]!.recorded_from.getTime());
  expect(merged.getTime()).toBeGreaterThan(rows[0]!.recorded_from.getTime());
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await notifications?.stop();
  await db.drop();
});

const find = async (filter: TimelineFilter, asOf?: Date) =>
  (await queries().timeline(filter, { first: 100, ...(asOf ? { asOf } : {}) })).edges.map((edge) => edge.node.eventId);

/** The same answers on the live generation and on a rebuilt one. */
function onBothGenerations(name: string, check: () => Promise<void>): void {
  it(`${name} (live)`, check);
  it(`${name} (rebuilt)`, async () => {
    if (schema === 'rm_1') {
      const result = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
      expect(await generationDifferences(db.pool, 'rm_1', result.schema)).toEqual([]);
      schema = result.schema;
    }
    await check();
  });
}

describe('a timeline as of a moment before an actor merge', () => {
  onBothGenerations('filtered by the survivor, finds the duplicate’s events only from the merge on', async () => {
    const putin = { actorIds: { anyOf: [ids.putin] } };
    // The statement names both; the visit only the duplicate, until its revision after the merge.
    expect(await find(putin, beforeMerge)).toContain(ids.importedStatement);
    expect(await find(putin, beforeMerge)).not.toContain(ids.importedVisit);
    expect(await queries().count(putin, { asOf: beforeMerge })).toBe((await find(putin, beforeMerge)).length);
    for (const asOf of [merged, undefined]) {
      expect(await find(putin, asOf)).toEqual(expect.arrayContaining([ids.importedVisit, ids.importedStatement]));
      expect(await queries().count(putin, asOf ? { asOf } : {})).toBe((await find(putin, asOf)).length);
    }
  });

  onBothGenerations(
    'filtered by the duplicate, finds its own events before the merge and the survivor’s after',
    async () => {
      const duplicate = { actorIds: { anyOf: [ids.putinImported] } };
      expect(await find(duplicate, beforeMerge)).toEqual([ids.importedVisit, ids.importedStatement].sort());
      expect(await find(duplicate, merged)).toEqual(await find({ actorIds: { anyOf: [ids.putin] } }, merged));
      expect(await find(duplicate)).toEqual(await find({ actorIds: { anyOf: [ids.putin] } }));
      expect((await find(duplicate)).length).toBeGreaterThan(2);
    },
  );

  onBothGenerations('dyads and roles: the duplicate apart before, one actor after', async () => {
    // The imported visit: the duplicate Putin as guest, Raisi as host.
    expect(await find({ dyad: { actors: [ids.putin, ids.raisi] } }, beforeMerge)).not.toContain(ids.importedVisit);
    expect(await find({ dyad: { actors: [ids.putinImported, ids.raisi] } }, beforeMerge)).toContain(ids.importedVisit);
    expect(await find({ actorIds: { allOf: [ids.putin, ids.raisi] } }, beforeMerge)).not.toContain(ids.importedVisit);
    for (const asOf of [merged, undefined]) {
      expect(await find({ dyad: { actors: [ids.putin, ids.raisi] } }, asOf)).toContain(ids.importedVisit);
      expect(await find({ dyad: { actors: [ids.raisi, ids.putinImported] } }, asOf)).toContain(ids.importedVisit);
      expect(await queries().count({ dyad: { actors: [ids.putin, ids.raisi] } }, asOf ? { asOf } : {})).toBe(
        (await find({ dyad: { actors: [ids.putin, ids.raisi] } }, asOf)).length,
      );
    }
    // The statement: the duplicate the speaker, Putin mentioned; before the merge, Putin spoke not.
    const speaker = { actorIds: { anyOf: [ids.putin], roles: ['SPEAKER' as const] } };
    expect(await find(speaker, beforeMerge)).not.toContain(ids.importedStatement);
    expect(await find(speaker)).toContain(ids.importedStatement);
    // A directed dyad from an actor to a country.
    const visits = { dyad: { from: { actor: ids.putin, roles: ['GUEST' as const] }, to: { country: 'IRN' } } };
    expect(await find(visits, beforeMerge)).not.toContain(ids.importedVisit);
    expect(await find(visits)).toContain(ids.importedVisit);
  });

  onBothGenerations('filtered by countries: the participants’ countries do not change with the merge', async () => {
    for (const asOf of [beforeMerge, merged, undefined])
      expect(await find({ dyad: { countries: ['RUS', 'IRN'] } }, asOf)).toContain(ids.importedVisit);
  });

  onBothGenerations('event(id): the participants as known then', async () => {
    const before = await queries().eventById(ids.importedStatement, { asOf: beforeMerge });
    expect(before!.participants.map((p) => [p.actorId, p.roles, p.actor?.name, p.actor?.mergedInto])).toEqual([
      [ids.putinImported, ['SPEAKER'], 'VLADIMIR PUTIN', null],
      [ids.putin, ['MENTIONED'], 'Vladimir Putin', null],
      [ids.raisi, ['ADDRESSEE'], 'Ebrahim Raisi', null],
    ]);
    expect(before!.doc.statement!.speakerId).toBe(ids.putinImported);
    const visit = await queries().eventById(ids.importedVisit, { asOf: beforeMerge });
    expect(visit!.participants.map((p) => p.actorId)).toEqual([ids.putinImported, ids.raisi]);
    // The same version (recorded before the merge) as known after it: one Putin, both roles.
    const after = await queries().eventById(ids.importedStatement, { asOf: merged });
    expect(after!.version).toBe(1);
    expect(after!.participants.map((p) => [p.actorId, p.roles, p.actor?.name])).toEqual([
      [ids.putin, ['SPEAKER', 'MENTIONED'], 'Vladimir Putin'],
      [ids.raisi, ['ADDRESSEE'], 'Ebrahim Raisi'],
    ]);
    expect(after!.doc.statement!.speakerId).toBe(ids.putin);
    const visitAfter = await queries().eventById(ids.importedVisit, { asOf: merged });
    expect(visitAfter!.version).toBe(1);
    expect(visitAfter!.participants.map((p) => p.actorId)).toEqual([ids.putin, ids.raisi]);
    // node(id) of that version names its participants as known when it was recorded.
    expect((await queries().eventVersion(ids.importedVisit, 1))!.participants.map((p) => p.actorId)).toEqual([
      ids.putinImported,
      ids.raisi,
    ]);
  });

  onBothGenerations('a page before the merge names the duplicate as its own actor', async () => {
    const page = await queries().timeline({ actorIds: { anyOf: [ids.raisi] } }, { first: 100, asOf: beforeMerge });
    const visit = page.edges.find((edge) => edge.node.eventId === ids.importedVisit)!.node;
    expect(visit.participants[0]!.actor).toMatchObject({
      actorId: ids.putinImported,
      name: 'VLADIMIR PUTIN',
      mergedInto: null,
    });
    const now = await queries().timeline({ actorIds: { anyOf: [ids.raisi] } }, { first: 100 });
    expect(now.edges.flatMap((edge) => edge.node.participants.map((p) => p.actorId))).not.toContain(ids.putinImported);
  });

  onBothGenerations('buckets count the survivor’s events as known then', async () => {
    const total = async (asOf?: Date) =>
      (
        await queries().buckets({ actorIds: { anyOf: [ids.putin] } }, { bucket: 'YEAR', ...(asOf ? { asOf } : {}) })
      ).reduce((sum, bucket) => sum + bucket.total, 0);
    expect(await total(beforeMerge)).toBe((await find({ actorIds: { anyOf: [ids.putin] } }, beforeMerge)).length);
    expect(await total()).toBe((await find({ actorIds: { anyOf: [ids.putin] } })).length);
    expect(await total()).toBeGreaterThan(await total(beforeMerge));
  });

  onBothGenerations('duplicate candidates compare actors as their survivors as known then', async () => {
    const candidates = new DuplicateCandidateQueries(db.pool, async () => schema);
    const visit = async (asOf?: Date) =>
      (await candidates.candidates(ids.importedVisit, asOf ? { asOf } : {}))!.find(
        (candidate) => candidate.node.eventId === ids.visit,
      )!;
    const before = await visit(beforeMerge);
    expect(before.sharedActorIds).toEqual([ids.raisi]);
    // Right after the merge, the imported visit is still its first version, written under the
    // duplicate; later, its revision names Putin.
    for (const asOf of [merged, undefined]) {
      const after = await visit(asOf);
      expect([...after.sharedActorIds].sort()).toEqual([ids.putin, ids.raisi].sort());
      expect(after.score).toBeGreaterThan(before.score);
      expect(after.reason).toMatch(/same participants/);
    }
  });
});
