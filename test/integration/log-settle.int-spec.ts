import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A rebuild reads the whole log; a log mostly written since its last vacuum (a bulk import) is
 * vacuumed and analysed first, and a settled one is left alone.
 */
let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const statistics = async () =>
  (
    await db.pool.query<{ inserted: number; vacuumed: boolean; analysed: boolean }>(
      `SELECT n_ins_since_vacuum::int AS inserted, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analysed
         FROM pg_stat_user_tables WHERE relid = 'events'::regclass`,
    )
  ).rows[0]!;

describe('settleForFullRead', () => {
  it('vacuums and analyses a log mostly written since its last vacuum, then leaves it', async () => {
    await db.pool.query('VACUUM events');
    for (let k = 0; k < 20; k += 1)
      await store.appendBatch(
        Array.from({ length: 50 }, (_, i) => ({
          streamId: `test-${k}-${i}`,
          events: [{ type: 'Noted', data: { k, i } }],
          expectedVersion: 'no_stream' as const,
        })),
      );
    // Backends report their inserts to the statistics a little after they commit.
    await eventually('the inserts to reach the statistics', async () => (await statistics()).inserted >= 1000, 30_000);

    expect(await store.settleForFullRead()).toBe(true);
    await eventually('the vacuum to reach the statistics', async () => {
      const after = await statistics();
      return after.inserted === 0 && after.vacuumed && after.analysed;
    });
    expect(await store.settleForFullRead()).toBe(false);
  }, 60_000);
});
