import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DuplicateCandidateQueries,
  MAX_PARTIES,
  ROWS_PER_PARTY,
} from '../../src/timelines/queries/duplicate-candidates';
import { TimelineQueries, type TimelineFilter, type TimelineOptions } from '../../src/timelines/queries/index';
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
import { busiest } from '../support/timeline-pages';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Plans of the corroboration reads on a dense synthetic read model (20,000 events in 30 days, so
 * that the busiest actor and its country take part in hundreds of events a day), one event in 50
 * given two sources: minSources pages read an index in page order and stop early, and a
 * duplicate candidates query for an event of the busiest actor reads a bounded number of index
 * entries, never a whole table.
 */
const EVENTS = 20_000;

let db: TestDatabase;
let queries: TimelineQueries;
let duplicates: DuplicateCandidateQueries;
const statements: RecordedStatement[] = [];

async function pagePlan(filter: TimelineFilter, options: TimelineOptions): Promise<PlanNode> {
  statements.length = 0;
  const page = await queries.timeline(filter, options);
  expect(statements).toHaveLength(1);
  expect(page.edges.length).toBeGreaterThan(0);
  return explainAnalyze(db.pool, statements[0]!);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: EVENTS, actors: 200, days: 30 });
  // One event in 50 reported twice: the generated source_count follows the doc.
  await db.pool.query(
    `UPDATE rm_1.event_versions SET doc = jsonb_set(doc, '{sources}', jsonb_build_array(
        jsonb_build_object('sourceId', md5('s1' || event_id)::uuid, 'publisher', 'Reuters'),
        jsonb_build_object('sourceId', md5('s2' || event_id)::uuid, 'publisher', 'TASS')))
      WHERE abs(hashtext(event_id::text)) % 50 = 0`,
  );
  await db.pool.query('VACUUM ANALYZE rm_1.event_versions');
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  duplicates = new DuplicateCandidateQueries(db.pool, async () => 'rm_1');
  recordStatements(db.pool, statements);
}, 600_000);
afterAll(() => db.drop());

describe('minSources pages', () => {
  it('on the whole timeline read the corroborated events’ partial index and stop after a page', async () => {
    const plan = await pagePlan({ minSources: 2 }, { first: 20, order: 'DESC' });
    expect(indexesUsed(plan)).toContain('event_versions_corroborated_idx');
    expect(seqScans(plan)).toEqual([]);
    expect(rowsFrom(plan, 'event_versions_corroborated_idx')).toBeLessThanOrEqual(30);
  });

  it('on an actor’s timeline read the actor index in page order', async () => {
    const plan = await pagePlan({ actorIds: { anyOf: [busiest] }, minSources: 2 }, { first: 5 });
    expect(indexesUsed(plan)).toContain('event_participants_actor_idx');
    expect(seqScans(plan)).toEqual([]);
  });
});

describe('duplicateCandidates for an event of the busiest actor', () => {
  it('reads a bounded number of index entries, not the read model', async () => {
    const { rows } = await db.pool.query<{ event_id: string; total: number }>(
      `SELECT p.event_id, (SELECT count(*)::int FROM rm_1.event_participants) AS total
         FROM rm_1.event_participants p
        WHERE p.actor_id = $1 AND p.recorded_to = 'infinity' AND NOT p.retracted AND p.valid_from >= '2000-01-15'
        ORDER BY p.valid_from LIMIT 1`,
      [busiest],
    );
    const [{ event_id: eventId, total }] = rows as [{ event_id: string; total: number }];
    const busiestRows = (
      await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rm_1.event_participants WHERE actor_id = $1`, [
        busiest,
      ])
    ).rows[0]!.n;
    expect(busiestRows).toBeGreaterThan(2 * ROWS_PER_PARTY);

    statements.length = 0;
    const found = await duplicates.candidates(eventId, { first: 20 });
    expect(found).not.toBeNull();
    const plan = await explainAnalyze(db.pool, statements[0]!);
    expect(seqScans(plan)).toEqual([]);
    const read = rowsFrom(plan, 'event_participants_country_idx') + rowsFrom(plan, 'event_participants_actor_idx');
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(MAX_PARTIES * 2 * ROWS_PER_PARTY);
    expect(read).toBeLessThan(total / 5);
  });
});
