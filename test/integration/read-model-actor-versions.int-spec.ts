import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { ReadModelActorVersions1795910000000 } from '../../src/database/migrations/1795910000000-ReadModelActorVersions';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { TimelineQueries } from '../../src/timelines/queries';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Actor versions in the read model: the live projector (in small batches) keeps every version of
 * every actor with its record time, so the queries answer an actor, and the names on a page, as
 * known at a past moment; the migration gives an older generation the table.
 */
let db: TestDatabase;
let queries: TimelineQueries;

/** When the log recorded an actor event (the nth of its stream). */
const recordedAt = async (actorId: string, version: number): Promise<Date> =>
  (
    await db.pool.query<{ at: Date }>(
      `SELECT recorded_at AS at FROM events WHERE stream_id = $1 AND stream_version = $2`,
      [`actor-${actorId}`, version],
    )
  ).rows[0]!.at;
const before = (at: Date) => new Date(at.getTime() - 1);

beforeAll(async () => {
  db = await createTestDatabase();
  const store = new PostgresEventStore(db.pool);
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  const runner = new ProjectionRunner({ connectionString: db.url, store, batchSize: 3 });
  runner.start();
  try {
    await runner.whenCaughtUp(30_000);
  } finally {
    await runner.stop();
  }
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
});

afterAll(async () => {
  await db.drop();
});

describe('actor versions', () => {
  it('are one row per actor event, each current from its record time until the next one', async () => {
    // Record times travel through JavaScript dates, as the projector maps them: to the millisecond.
    const { rows } = await db.pool.query<{ stream_id: string; versions: number; rows: number; chained: boolean }>(
      `SELECT l.stream_id, count(*)::int AS versions, count(av.actor_id)::int AS rows,
              coalesce(bool_and(av.recorded_from = l.recorded_at AND av.recorded_to = l.next_at), false) AS chained
         FROM (SELECT e.stream_id, e.stream_version, date_trunc('milliseconds', e.recorded_at) AS recorded_at,
                      coalesce(lead(date_trunc('milliseconds', e.recorded_at)) OVER (PARTITION BY e.stream_id ORDER BY e.stream_version), 'infinity') AS next_at
                 FROM events e WHERE e.stream_id LIKE 'actor-%' AND e.type = ANY ($1::text[])) l
         LEFT JOIN rm_1.actor_versions av ON 'actor-' || av.actor_id = l.stream_id AND av.version = l.stream_version
        GROUP BY l.stream_id`,
      [['ActorRegistered', 'ActorRevised', 'ActorMerged', 'ActorAbsorbed']], // not ActorPhotographed, unknown
    );
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) expect(row).toMatchObject({ rows: row.versions, chained: true });
    // The merged duplicate and its survivor have a version each for the merge.
    expect(rows.find((row) => row.stream_id === `actor-${ids.putinImported}`)!.versions).toBe(2);
  });

  it('answer an actor as known at a moment: before and after a revision, and a merge', async () => {
    const revised = await recordedAt(ids.erdogan, 2);
    expect((await queries.actorById(ids.erdogan, { asOf: before(revised) }))!).toMatchObject({
      country: null,
      version: 1,
    });
    expect((await queries.actorById(ids.erdogan, { asOf: revised }))!).toMatchObject({ country: 'TUR', version: 2 });
    expect(await queries.actorById(ids.erdogan, { asOf: before(await recordedAt(ids.erdogan, 1)) })).toBeNull();

    const merged = await recordedAt(ids.putinImported, 2);
    expect((await queries.actorById(ids.putinImported, { asOf: before(merged) }))!.mergedInto).toBeNull();
    expect((await queries.actorById(ids.putinImported, { asOf: merged }))!.mergedInto).toBe(ids.putin);
    // The survivor absorbs the duplicate's aliases ('V. Putin') with the merge.
    const survivorThen = await queries.actorById(ids.putin, { asOf: before(merged) });
    expect(survivorThen!.aliases).not.toContain('V. Putin');
    expect(survivorThen!.doc.absorbedActorIds).toEqual([]);
    expect((await queries.actorById(ids.putin))!.aliases).toContain('V. Putin');
  });

  it("name a page's participants as known at its asOf", async () => {
    const revised = await recordedAt(ids.erdogan, 2);
    const erdoganOn = async (asOf?: Date) => {
      const page = await queries.timeline(
        { actorIds: { anyOf: [ids.erdogan] } },
        { first: 1, ...(asOf ? { asOf } : {}) },
      );
      const node = page.edges[0]!.node;
      return node.participants.find((p) => p.actorId === ids.erdogan)!.actor;
    };
    expect(await erdoganOn(before(revised))).toMatchObject({ name: 'Recep Tayyip Erdogan', country: null });
    expect(await erdoganOn()).toMatchObject({ name: 'Recep Tayyip Erdogan', country: 'TUR' });
  });
});

describe('the ReadModelActorVersions migration', () => {
  const runner = () => ({ query: async (text: string) => (await db.pool.query(text)).rows }) as unknown as QueryRunner;
  const shape = async () =>
    (
      await db.pool.query<{ line: string }>(
        `SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') AS line
           FROM information_schema.columns WHERE table_schema = 'rm_1' AND table_name = 'actor_versions'
          ORDER BY ordinal_position`,
      )
    ).rows.map((row) => row.line);

  it("gives an older generation the table a new one has, each actor's current state from its registration", async () => {
    const expected = await shape();
    const migration = new ReadModelActorVersions1795910000000();
    await migration.down(runner());
    expect(await shape()).toEqual([]);
    await migration.up(runner());
    expect(await shape()).toEqual(expected);
    const { rows } = await db.pool.query<{ mismatched: number; total: number }>(
      `SELECT count(*) FILTER (WHERE av.version <> a.version OR av.doc <> a.doc OR av.recorded_to <> 'infinity'
                                 OR av.recorded_from <> (SELECT recorded_at FROM events
                                                          WHERE stream_id = 'actor-' || a.actor_id AND stream_version = 1))::int AS mismatched,
              count(*)::int AS total
         FROM rm_1.actors a LEFT JOIN rm_1.actor_versions av USING (actor_id)`,
    );
    expect(rows[0]).toEqual({ mismatched: 0, total: expect.any(Number) });
    expect(rows[0]!.total).toBeGreaterThan(8);
    // A generation that has the table is left alone.
    await migration.up(runner());
    expect((await db.pool.query('SELECT count(*)::int AS n FROM rm_1.actor_versions')).rows[0].n).toBe(rows[0]!.total);
  });
});
