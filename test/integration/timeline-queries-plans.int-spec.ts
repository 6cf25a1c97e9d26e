import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TimelineQueries, type TimelineFilter, type TimelineOptions } from '../../src/timelines/queries/index';
import { SPARSE_ROWS } from '../../src/timelines/queries/timeline-sql';
import { executeArguments } from '../../bench/statement-load';
import {
  explainAnalyze,
  indexesUsed,
  planNodes,
  recordStatements,
  rowsFrom,
  rowsRead,
  seqScans,
  type PlanNode,
  type RecordedStatement,
} from '../support/query-plans';
import { loadSyntheticReadModel, syntheticActorId } from '../support/read-model-fixtures';
import { busiest, pages, rare, second, year2015 } from '../support/timeline-pages';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Statement counts and query plans on a synthetic read model. TIMELINE_SYNTHETIC_EVENTS sets its
 * size (default 20,000 events). `npm run bench:explain` writes the plans of the same pages, with
 * timings, to a file.
 */
const EVENTS = Number(process.env.TIMELINE_SYNTHETIC_EVENTS ?? 20_000);
const ACTORS = Math.max(200, Math.round(EVENTS / 100));

let db: TestDatabase;
let queries: TimelineQueries;
const statements: RecordedStatement[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: EVENTS, actors: ACTORS });
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  recordStatements(db.pool, statements);
}, 600_000);
afterAll(() => db.drop());

/** The statement a page runs, and its plan as JSON (with ANALYZE, so row counts are real). */
async function planOf(
  filter: TimelineFilter,
  options: TimelineOptions,
): Promise<{ text: string; values: unknown[]; plan: PlanNode }> {
  statements.length = 0;
  await queries.timeline(filter, options);
  const [statement] = statements;
  return { ...statement!, plan: await explainAnalyze(db.pool, statement!) };
}

/**
 * The plan PostgreSQL makes once for any values of a page's statement (a prepared statement's
 * generic plan, which it keeps after five runs when it costs no more than those planned for their
 * values), run with the page's values.
 */
async function genericPlanOf(filter: TimelineFilter, options: TimelineOptions): Promise<PlanNode> {
  statements.length = 0;
  await queries.timeline(filter, options);
  const [statement] = statements;
  const client = await db.pool.connect();
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE page_statement AS ${statement!.text}`);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE page_statement (${executeArguments(client, statement!.values)})`,
    );
    return rows[0]!['QUERY PLAN'][0].Plan;
  } finally {
    client.release(true);
  }
}

/** The capped counts of a dyad's two actors' rows (alias c), which choose how its page is read. */
const isCount = (n: PlanNode) => /^c(_\d+)?$/.test(n.Alias ?? '');
/** Rows read from the actor index for the page itself, over all loops (the counts left out). */
const rangeRows = (plan: PlanNode) =>
  rowsRead(plan, (n) => n['Index Name'] === 'event_participants_actor_idx' && !isCount(n));
const countRows = (plan: PlanNode) =>
  rowsRead(plan, (n) => n['Index Name'] === 'event_participants_actor_idx' && isCount(n));

describe('one statement per page', () => {
  it.each(Object.entries(pages))('%s', async (_, [filter, options]) => {
    statements.length = 0;
    const page = await queries.timeline(filter, options);
    expect(statements).toHaveLength(1);
    expect(page.edges.length).toBeGreaterThan(0);
  });

  it('a page of 100 events with every participant’s actor: one statement', async () => {
    statements.length = 0;
    const page = await queries.timeline({ actorIds: { anyOf: [busiest] } }, { first: 100 });
    expect(statements).toHaveLength(1);
    expect(page.edges).toHaveLength(100);
    const participants = page.edges.flatMap((edge) => edge.node.participants);
    expect(participants.length).toBeGreaterThanOrEqual(200);
    for (const participant of participants) expect(participant.actor?.name).toMatch(/^Synthetic Actor \d+$/);
    for (const edge of page.edges) expect(edge.node.participants.map((p) => p.actorId)).toContain(busiest);
  });

  it('pages whose shape fixes the plan are prepared statements; those whose plan hinges on the values are not', async () => {
    const nameOf = async (filter: TimelineFilter, options: TimelineOptions = { first: 50 }) => {
      statements.length = 0;
      await queries.timeline(filter, options);
      return statements[0]!.name;
    };
    // Parsed once per connection: the same text, whatever the actor, range or record time.
    const actorPage = await nameOf({ actorIds: { anyOf: [busiest] }, dateRange: year2015 });
    expect(actorPage).toMatch(/^timeline_/);
    expect(
      await nameOf({
        actorIds: { anyOf: [second] },
        dateRange: { from: '2010-01-01T00:00:00Z', to: '2011-01-01T00:00:00Z' },
      }),
    ).toBe(actorPage);
    expect(await nameOf({ dyad: { actors: [busiest, second] } })).toMatch(/^timeline_/);
    expect(await nameOf({ dateRange: year2015 }, { first: 50, order: 'DESC' })).toMatch(/^timeline_/);
    // GIN index or timeline index: only the words (or topics, countries) can tell.
    expect(await nameOf({ text: 'synthetic' })).toBeUndefined();
    expect(await nameOf({ topics: ['trade'] })).toBeUndefined();
    // ... unless an actor drives anyway.
    expect(await nameOf({ actorIds: { anyOf: [busiest] }, text: 'synthetic' })).toMatch(/^timeline_/);
  });

  it('count, buckets and an event by id: one statement each', async () => {
    statements.length = 0;
    await queries.count({ actorIds: { anyOf: [busiest] }, dateRange: year2015 });
    await queries.buckets({ actorIds: { anyOf: [busiest] } }, { bucket: 'YEAR' });
    await queries.eventById((await queries.timeline({}, { first: 1 })).edges[0]!.node.eventId);
    expect(statements).toHaveLength(4);
  });
});

describe('plans are index-driven', () => {
  it('the actor page reads event_participants_actor_idx in key order and stops after first + 1', async () => {
    const { plan } = await planOf(...pages['actor page, one year, DESC']!);
    expect(indexesUsed(plan)).toContain('event_participants_actor_idx');
    expect(seqScans(plan)).toEqual([]);
    // Descending from the end of the range, the walk is about a page long.
    expect(rowsFrom(plan, 'event_participants_actor_idx')).toBeLessThanOrEqual(51 * 3);
  });

  it('the actor page ascending, and as of a past moment', async () => {
    for (const name of [
      'actor page, one year, ASC',
      'actor page, no range, ASC, as of a past moment',
      'actor page, one year, ASC, as of a past moment',
    ]) {
      const { plan } = await planOf(...pages[name]!);
      expect(indexesUsed(plan)).toContain('event_participants_actor_idx');
      expect(seqScans(plan)).toEqual([]);
    }
    for (const name of ['actor page, one year, ASC', 'actor page, one year, ASC, as of a past moment']) {
      // From the range start, not from the actor's first event: its events of 2015, those of the
      // 32 days before that may run into 2015, and long ones from their GiST index.
      const { plan } = await planOf(...pages[name]!);
      expect(rowsFrom(plan, 'event_participants_actor_idx')).toBeLessThanOrEqual(51 * 3);
      expect(indexesUsed(plan)).toContain('event_participants_actor_long_idx');
    }
    const { plan } = await planOf(...pages['actor page, no range, ASC, as of a past moment']!);
    expect(rowsFrom(plan, 'event_participants_actor_idx')).toBeLessThanOrEqual(51 * 3);
  });

  it('dyads of actors and allOf merge-join both actors’ index ranges, read in page order', async () => {
    for (const name of [
      'dyad page',
      'dyad page, one year, DESC', // in the range, the short look-back before it, and long events
      'dyad page, one year, ASC, as of a past moment',
      'directed dyad page',
      'allOf page',
    ]) {
      // As PostgreSQL plans the statement for these values, and as it plans it once for any
      // values (a prepared statement's generic plan, which it keeps when it costs no more).
      for (const plan of [(await planOf(...pages[name]!)).plan, await genericPlanOf(...pages[name]!)]) {
        const joins = planNodes(plan).filter((n) => n['Node Type'] === 'Merge Join');
        expect(joins.length).toBeGreaterThan(0);
        for (const join of joins) {
          // Each side an ordered range of the actor index, read once (not once per row of the
          // other; not at all when the other side is empty).
          expect(join.Plans!.map((n) => n['Index Name'])).toEqual([
            'event_participants_actor_idx',
            'event_participants_actor_idx',
          ]);
          for (const side of join.Plans!) expect(side['Actual Loops']).toBeLessThanOrEqual(1);
        }
        // Any other read of the actor index is a key probe (a long event's other actor), never a range read again.
        for (const read of planNodes(plan).filter((n) => n['Index Name'] === 'event_participants_actor_idx'))
          if ((read['Actual Loops'] ?? 1) > 1) expect(read['Index Cond']).toMatch(/event_id = /);
        expect(seqScans(plan)).toEqual([]);
        // Both ranges are read up to the page's last shared event, not to their ends: here 400 to
        // 550 rows, 1,250 directed (fewer events match the roles); the busiest actor has over 9,000.
        expect(rangeRows(plan)).toBeLessThanOrEqual(51 * 30);
        // Both actors have more rows than SPARSE_ROWS: each is counted up to that many, once.
        expect(countRows(plan)).toBe(2 * SPARSE_ROWS);
      }
    }
  });

  it('a dyad with an actor of few rows reads that actor’s range and probes the other, in either order', async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rm_1.event_participants WHERE actor_id = $1',
      [rare],
    );
    const rareRows = rows[0]!.n;
    expect(rareRows).toBeLessThan(SPARSE_ROWS);
    for (const name of [
      'dyad page, the busiest and a rare actor',
      'dyad page, a rare actor and the busiest, one year, DESC',
    ]) {
      for (const plan of [(await planOf(...pages[name]!)).plan, await genericPlanOf(...pages[name]!)]) {
        // The merge join is planned but does not run: reading the busiest actor's range to the
        // rare one's last event would read most of it.
        for (const join of planNodes(plan).filter((n) => n['Node Type'] === 'Merge Join'))
          expect(join['Actual Loops']).toBe(0);
        expect(rangeRows(plan)).toBeLessThanOrEqual(rareRows);
        const probes = planNodes(plan).filter(
          (n) => n['Index Name'] === 'event_participants_pkey' && (n['Actual Loops'] ?? 0) > 0,
        );
        expect(probes.length).toBeGreaterThan(0);
        expect(seqScans(plan)).toEqual([]);
      }
    }
  });

  it('a dyad page lists the events both actors take part in, whichever way it reads them', async () => {
    for (const [a, b] of [
      [busiest, second],
      [second, busiest],
      [busiest, rare],
      [rare, busiest],
    ] as const) {
      const { rows } = await db.pool.query<{ event_id: string }>(
        `SELECT p.event_id FROM rm_1.event_participants p
           JOIN rm_1.event_participants q ON q.event_id = p.event_id AND q.version = p.version AND q.actor_id = $2
          WHERE p.actor_id = $1 AND p.recorded_to = 'infinity' AND NOT p.retracted
          ORDER BY p.valid_from DESC, p.event_id DESC LIMIT 50`,
        [a, b],
      );
      const page = await queries.timeline({ dyad: { actors: [a, b] } }, { first: 50, order: 'DESC' });
      expect(page.edges.map((edge) => edge.node.eventId)).toEqual(rows.map((row) => row.event_id));
      expect(rows.length).toBeGreaterThan(10);
    }
  });

  it('the unfiltered page reads event_versions_timeline_idx', async () => {
    const { plan } = await planOf(...pages['unfiltered page, DESC']!);
    expect(indexesUsed(plan)).toContain('event_versions_timeline_idx');
    expect(seqScans(plan)).toEqual([]);
    expect(rowsFrom(plan, 'event_versions_timeline_idx')).toBeLessThanOrEqual(51 * 2);
  });

  it('the unfiltered page ascending from a range start reads from there, not from the first event', async () => {
    const { plan } = await planOf(...pages['unfiltered page, one year, ASC']!);
    expect(seqScans(plan)).toEqual([]);
    expect(indexesUsed(plan)).toContain('event_versions_long_idx');
    // The page, and the 32 days before the range (about 2.2 events a day here).
    expect(rowsFrom(plan, 'event_versions_timeline_idx')).toBeLessThanOrEqual(51 + 32 * 5);
  });

  it('the country dyad page reads event_participants_country_idx', async () => {
    const { plan } = await planOf(...pages['country dyad page']!);
    expect(indexesUsed(plan)).toContain('event_participants_country_idx');
    expect(seqScans(plan)).toEqual([]);
  });

  it('a role filter reads the same actor index range, checking each row’s roles as it goes', async () => {
    const { plan } = await planOf(...pages['actor page as a speaker, DESC']!);
    const reads = planNodes(plan).filter((n) => n['Index Name'] === 'event_participants_actor_idx');
    expect(reads.map((n) => n['Node Type'])).toEqual(['Index Only Scan']);
    expect(seqScans(plan)).toEqual([]);
    // About one row in six is a SPEAKER's here: the walk, rows the roles ruled out included, is
    // about six pages long, not the actor's whole timeline (over 9,000 rows for this actor).
    const walked = reads.reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0), 0);
    expect(walked).toBeGreaterThan(51);
    expect(walked).toBeLessThanOrEqual(51 * 6 * 3);
    const page = await queries.timeline(...pages['actor page as a speaker, DESC']!);
    expect(page.edges).toHaveLength(50);
    for (const edge of page.edges) {
      expect(edge.node.participants.find((p) => p.actorId === busiest)?.roles).toContain('SPEAKER');
    }
  });

  it('an actor facing a country drives from the actor (a country from its index) and probes the other side', async () => {
    for (const name of ['actor to country page']) {
      const { plan } = await planOf(...pages[name]!);
      const reads = planNodes(plan).filter((n) => n['Index Name'] === 'event_participants_actor_idx');
      expect(reads).toHaveLength(1);
      expect(reads[0]!['Actual Loops']).toBe(1);
      expect(indexesUsed(plan)).toContain('event_participants_pkey');
      expect(seqScans(plan)).toEqual([]);
    }
    const { plan } = await planOf(...pages['directed country dyad page']!);
    expect(indexesUsed(plan)).toContain('event_participants_country_idx');
    expect(seqScans(plan)).toEqual([]);
  });

  it('actors are paged from actors_name_idx', async () => {
    statements.length = 0;
    const first = await queries.actors({ first: 20 });
    await queries.actors({ first: 20, after: first.pageInfo.endCursor! });
    const plans: PlanNode[] = [];
    for (const statement of [...statements]) {
      const { rows } = await db.pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
        statement.values,
      );
      plans.push(rows[0]!['QUERY PLAN'][0].Plan);
    }
    expect(indexesUsed(plans[0]!)).toContain('actors_name_idx');
    expect(indexesUsed(plans[1]!)).toContain('actors_name_idx');
    expect(rowsFrom(plans[1]!, 'actors_name_idx')).toBeLessThanOrEqual(21);
  });
});

describe('plans with an actor merged into another (bitemporal merges: no row moved)', () => {
  // An actor of about 100 rows merged into the second busiest: its rows stay its own, and pages
  // of the survivor read both actors' ranges. Last in the file: it changes the read model.
  const duplicate = syntheticActorId(150);
  beforeAll(async () => {
    await db.pool.query(`UPDATE rm_1.actors SET merged_into = $2 WHERE actor_id = $1`, [duplicate, second]);
    await db.pool.query('ANALYZE rm_1.actors');
  });
  afterAll(async () => {
    await db.pool.query(`UPDATE rm_1.actors SET merged_into = NULL WHERE actor_id = $1`, [duplicate]);
  });

  it('the survivor’s page reads each member’s actor index range in key order, found from actors_survivor_idx', async () => {
    const { plan } = await planOf({ actorIds: { anyOf: [second] }, dateRange: year2015 }, { first: 50, order: 'DESC' });
    expect(indexesUsed(plan)).toContain('actors_survivor_idx');
    expect(seqScans(plan)).toEqual([]);
    const reads = planNodes(plan).filter((n) => n['Index Name'] === 'event_participants_actor_idx');
    // In the range and in the 32 days before it: per member (two loops each), stopping after a page.
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read['Node Type']).toBe('Index Only Scan');
      expect(read['Actual Loops']).toBe(2);
    }
    expect(rowsFrom(plan, 'event_participants_actor_idx')).toBeLessThanOrEqual(2 * 51 * 3);
    const page = await queries.timeline({ actorIds: { anyOf: [second] } }, { first: 100 });
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT DISTINCT ON (valid_from, event_id) event_id FROM rm_1.event_participants
        WHERE actor_id = ANY ($1::uuid[]) AND recorded_to = 'infinity' AND NOT retracted
        ORDER BY valid_from, event_id LIMIT 100`,
      [[second, duplicate]],
    );
    expect(page.edges.map((edge) => edge.node.eventId)).toEqual(rows.map((row) => row.event_id));
    // The duplicate's events name the survivor.
    const named = page.edges.flatMap((edge) => edge.node.participants.map((p) => p.actorId));
    expect(named).not.toContain(duplicate);
  });

  it('a dyad with the survivor merge-joins the survivors’ ranges and reads the duplicate’s, probing the other side', async () => {
    const { rows: counted } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rm_1.event_participants WHERE actor_id = $1',
      [duplicate],
    );
    const duplicateRows = counted[0]!.n;
    expect(duplicateRows).toBeGreaterThan(0);
    for (const plan of [
      (await planOf({ dyad: { actors: [busiest, second] } }, { first: 50 })).plan,
      await genericPlanOf({ dyad: { actors: [busiest, second] } }, { first: 50 }),
    ]) {
      const joins = planNodes(plan).filter(
        (n) =>
          n['Node Type'] === 'Merge Join' &&
          (n['Actual Loops'] ?? 0) > 0 &&
          n.Plans!.some((side) => side['Index Name'] === 'event_participants_actor_idx'),
      );
      expect(joins).toHaveLength(1);
      for (const side of joins[0]!.Plans!) expect(side['Actual Loops']).toBe(1);
      expect(seqScans(plan)).toEqual([]);
      expect(indexesUsed(plan)).toContain('event_participants_pkey');
      // Both survivors' ranges up to the page's 51st shared event (as for a dyad of unmerged
      // actors), and the duplicate's range, which is small: never a survivor's range to its end.
      expect(rangeRows(plan)).toBeLessThanOrEqual(51 * 30 + duplicateRows);
    }
    const page = await queries.timeline({ dyad: { actors: [busiest, second] } }, { first: 50 });
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT DISTINCT ON (p.valid_from, p.event_id) p.event_id FROM rm_1.event_participants p
         JOIN rm_1.event_participants q ON q.event_id = p.event_id AND q.version = p.version AND q.actor_id = $1
        WHERE p.actor_id = ANY ($2::uuid[]) AND p.recorded_to = 'infinity' AND NOT p.retracted
        ORDER BY p.valid_from, p.event_id LIMIT 50`,
      [busiest, [second, duplicate]],
    );
    expect(page.edges.map((edge) => edge.node.eventId)).toEqual(rows.map((row) => row.event_id));
    expect(await queries.count({ dyad: { actors: [busiest, second] } })).toBeGreaterThan(50);
  });
});
