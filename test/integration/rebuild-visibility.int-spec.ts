import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A rebuilt generation serves as a settled one does from its first page: the rebuild vacuums and
 * analyzes it before the swap, so its tables' pages are all-visible (an index-only scan
 * need not visit the heap) and the planner has statistics, whether or not autovacuum ever comes.
 * The log has actor merges, whose moves rewrite rows after the bulk phase. A session of the same
 * database holds a snapshot from before the rebuild, as a long report or autovacuum's ANALYZE
 * may: VACUUM cannot mark the generation's pages while it lasts, so the rebuild waits for it (it
 * ends when the rebuild says it is waiting) before vacuuming again.
 */
let db: TestDatabase;
let schema: string;
const logged: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const store = new PostgresEventStore(db.pool);
  await appendSyntheticLog(store, { events: 3000, seed: 7, streamsPerTransaction: 50 });
  const holder = new Client({ connectionString: db.url, application_name: 'snapshot-holder' });
  await holder.connect();
  try {
    await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await holder.query('SELECT 1');
    let released: Promise<unknown> | undefined;
    const log = (message: string) => {
      logged.push(message);
      if (message.startsWith('Waiting for older snapshots')) released ??= holder.query('COMMIT');
    };
    schema = (await rebuildReadModel({ connectionString: db.url, store, logger: { log, warn: log, error: log } }))
      .schema;
    await (released ?? holder.query('COMMIT'));
  } finally {
    await holder.end();
  }
});

afterAll(async () => {
  await db.drop();
});

describe('a generation right after a rebuild', () => {
  it('has most pages of its tables all-visible', async () => {
    const { rows } = await db.pool.query<{ table: string; pages: number; visible: number }>(
      `SELECT c.relname AS table, c.relpages AS pages, c.relallvisible AS visible
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'checkpoint'
        ORDER BY c.relname`,
      [schema],
    );
    expect(rows.map((row) => row.table)).toEqual(['actor_versions', 'actors', 'event_participants', 'event_versions']);
    // VACUUM also needs each page's cleanup lock, which a session reading the page at that moment
    // holds back: so most pages overall, not every one. Without the rebuild's VACUUM none is (0 of
    // 92 here), nor without its wait for the older snapshot. That it vacuumed every table is below.
    const pages = rows.reduce((sum, row) => sum + row.pages, 0);
    const visible = rows.reduce((sum, row) => sum + row.visible, 0);
    for (const row of rows) expect(row.pages).toBeGreaterThan(0);
    // With what the rebuild logged when it is not so.
    expect({ mostVisible: visible / pages >= 0.8, logged }).toEqual({ mostVisible: true, logged });
  });

  it('waited for the session whose snapshot was older than the generation', () => {
    expect(logged.find((line) => line.startsWith('Waiting for older snapshots'))).toMatch(
      /\d+ \(snapshot-holder client backend idle in transaction\)/,
    );
  });

  it('has its tables vacuumed and analyzed by the rebuild itself', async () => {
    // A connection of its own: a session reads the statistics views as of its first look.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      // last_vacuum and last_analyze are a manual VACUUM's (autovacuum's are last_autovacuum and
      // last_autoanalyze): set here only by the rebuild.
      const { rows } = await client.query<{ table: string; vacuumed: boolean; analyzed: boolean; tuples: number }>(
        `SELECT s.relname AS table, s.last_vacuum IS NOT NULL AS vacuumed, s.last_analyze IS NOT NULL AS analyzed,
                c.reltuples AS tuples
           FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE s.schemaname = $1 AND s.relname <> 'checkpoint'
          ORDER BY s.relname`,
        [schema],
      );
      expect(rows).toHaveLength(4);
      for (const row of rows)
        expect({ ...row, tuples: row.tuples > 0 }).toEqual({ ...row, vacuumed: true, analyzed: true, tuples: true });
    } finally {
      await client.end();
    }
  });
});
