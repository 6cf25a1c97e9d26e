import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { EventVersionsRecordedIndex1796300000000 } from '../../src/database/migrations/1796300000000-EventVersionsRecordedIndex';
import { TimelineQueries, type ChangeOptions, type TimelineFilter } from '../../src/timelines/queries/index';
import { readModelDdl } from '../../src/timelines/read-model/read-model-ddl';
import { executeArguments } from '../../bench/statement-load';
import {
  explainAnalyze,
  indexesUsed,
  recordStatements,
  rowsFrom,
  seqScans,
  type PlanNode,
  type RecordedStatement,
} from '../support/query-plans';
import { loadSyntheticReadModel } from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * timelineChanges on a synthetic read model (read-model-fixtures): event i is recorded at
 * 2023-01-01 + i seconds; one in 16 is corrected a day later, one in 67 retracted a day after its
 * last version. What the query answers is checked against those rules, and its plans: a page
 * reads the record-time index from where it starts and stops after its size.
 */
const EVENTS = 8_000;
const DAY1 = Date.parse('2023-01-01T00:00:00Z');
const DAY = 86_400_000;

let db: TestDatabase;
let queries: TimelineQueries;
const statements: RecordedStatement[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: EVENTS, actors: 200 });
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  recordStatements(db.pool, statements);
}, 600_000);
afterAll(() => db.drop());

async function everyChange(
  filter: TimelineFilter,
  options: Omit<ChangeOptions, 'first' | 'after'>,
  pages: { empty: number } = { empty: 0 },
) {
  const kinds = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    const page = await queries.changes(filter, { ...options, first: 100, ...(after ? { after } : {}) });
    if (page.edges.length === 0) pages.empty += 1;
    for (const edge of page.edges) {
      expect(kinds.has(edge.node.eventId)).toBe(false);
      kinds.set(edge.node.eventId, edge.node.kind);
    }
    if (!page.pageInfo.hasNextPage) return kinds;
    after = page.pageInfo.endCursor!;
  }
}

const tally = (kinds: Map<string, string>) =>
  [...kinds.values()].reduce<Record<string, number>>((sum, kind) => ({ ...sum, [kind]: (sum[kind] ?? 0) + 1 }), {});

/** The first statement of a page (the changes; the versions follow), and its plan. */
async function pagePlan(
  filter: TimelineFilter,
  options: ChangeOptions,
): Promise<{ plan: PlanNode; generic: PlanNode }> {
  statements.length = 0;
  await queries.changes(filter, options);
  const statement = statements[0]!;
  const client = await db.pool.connect();
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE changes_statement AS ${statement.text}`);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE changes_statement (${executeArguments(client, statement.values)})`,
    );
    return { plan: await explainAnalyze(db.pool, statement), generic: rows[0]!['QUERY PLAN'][0].Plan };
  } finally {
    client.release(true);
  }
}

describe('timelineChanges on a synthetic read model', () => {
  it('finds the events first recorded in the window, once each, as ADDED', async () => {
    const kinds = await everyChange({}, { from: new Date(DAY1 + 1000_000), to: new Date(DAY1 + 2000_000) });
    expect(tally(kinds)).toEqual({ ADDED: 1000 });
  });

  it('finds the corrections and retractions of the next day, and nothing current at both ends', async () => {
    const kinds = await everyChange({}, { from: new Date(DAY1 + DAY), to: new Date(DAY1 + 2 * DAY) });
    const corrected = Math.floor(EVENTS / 16);
    const retractedOnly = Math.floor(EVENTS / 67) - Math.floor(EVENTS / (16 * 67));
    // A corrected event retracted too is retracted on the third day: REVISED in this window.
    expect(tally(kinds)).toEqual({ REVISED: corrected, RETRACTED: retractedOnly });
  });

  it('applies the filter to either version', async () => {
    const meetings = await everyChange(
      { kinds: ['MEETING'] },
      { from: new Date(DAY1 + DAY), to: new Date(DAY1 + 2 * DAY) },
    );
    const all = await everyChange({}, { from: new Date(DAY1 + DAY), to: new Date(DAY1 + 2 * DAY) });
    expect(meetings.size).toBeGreaterThan(0);
    expect(meetings.size).toBeLessThan(all.size);
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT DISTINCT event_id FROM rm_1.event_versions WHERE kind = 'MEETING' AND event_id = ANY ($1::uuid[])`,
      [[...all.keys()]],
    );
    expect([...meetings.keys()].sort()).toEqual(rows.map((row) => row.event_id).sort());
  });

  it('reads a page from the record-time index, from where it starts, and stops after its size', async () => {
    const window = { from: new Date(DAY1), to: new Date(DAY1 + 3 * DAY) };
    const first = await queries.changes({}, { ...window, first: 20 });
    for (const options of [
      { ...window, first: 20 },
      { ...window, first: 20, after: first.pageInfo.endCursor! },
    ]) {
      const { plan, generic } = await pagePlan({}, options);
      for (const p of [plan, generic]) {
        expect(indexesUsed(p)).toContain('event_versions_recorded_idx');
        expect(seqScans(p)).toEqual([]);
        // 21 rows for a page of 20, and the versions of the window superseded since, skipped.
        expect(rowsFrom(p, 'event_versions_recorded_idx')).toBeLessThanOrEqual(40);
      }
    }
  });
});

describe('a page examines a bounded part of the window (scanRows)', () => {
  const window = { from: new Date(DAY1), to: new Date(DAY1 + 3 * DAY) };

  it('finds, page after page, the same changes as pages that read on until they are full', async () => {
    for (const filter of [{ kinds: ['MEETING'] }, {}] as TimelineFilter[]) {
      const pages = { empty: 0 };
      const bounded = await everyChange(filter, { ...window, scanRows: 400 }, pages);
      const unbounded = await everyChange(filter, { ...window, scanRows: 1_000_000 });
      expect(bounded.size).toBeGreaterThan(100);
      expect([...bounded].sort()).toEqual([...unbounded].sort());
    }
  });

  it('answers a filter that matches nothing with an empty page that goes on, and reads no more than the bound', async () => {
    const nothing: TimelineFilter = { text: 'zzqxjvwk' };
    const page = await queries.changes(nothing, { ...window, first: 20, scanRows: 500 });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await queries.changes(nothing, {
      ...window,
      first: 20,
      scanRows: 500,
      after: page.pageInfo.endCursor!,
    });
    expect(next.edges).toEqual([]);
    expect(next.pageInfo.endCursor).not.toBe(page.pageInfo.endCursor);
    const { plan, generic } = await pagePlan(nothing, { ...window, first: 20, scanRows: 500 });
    // The page's read and, since it came back short, the count of how far it looked: each the bound.
    for (const p of [plan, generic]) expect(rowsFrom(p, 'event_versions_recorded_idx')).toBeLessThanOrEqual(2 * 500);
    // Paged to the end, it says so: the last page has no next one.
    const pages = { empty: 0 };
    expect((await everyChange(nothing, { ...window, scanRows: 5_000 }, pages)).size).toBe(0);
    expect(pages.empty).toBeGreaterThan(1);
  });
});

describe('the EventVersionsRecordedIndex migration', () => {
  it('adds the record-time index a new generation has, and its down drops it', async () => {
    const runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
    const migration = new EventVersionsRecordedIndex1796300000000();
    const indexes = async () =>
      (
        await db.pool.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE schemaname = 'rm_1' AND indexname = 'event_versions_recorded_idx'`,
        )
      ).rows.map((row) => row.indexdef);
    const migrated = await indexes();
    expect(migrated).toEqual([
      'CREATE INDEX event_versions_recorded_idx ON rm_1.event_versions USING btree (recorded_from, event_id) INCLUDE (version, recorded_to)',
    ]);
    await migration.down(runner);
    expect(await indexes()).toEqual([]);
    await migration.up(runner);
    expect(await indexes()).toEqual(migrated);
    // A generation made by a rebuild (readModelDdl) gets the same index.
    for (const statement of readModelDdl('rm_9')) await db.pool.query(statement);
    const { rows } = await db.pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'rm_9' AND indexname = 'event_versions_recorded_idx'`,
    );
    expect(rows.map((row) => row.indexdef.replace('rm_9.', 'rm_1.'))).toEqual(migrated);
  });
});
