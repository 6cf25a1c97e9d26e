import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activeSchemaFrom, TimelineQueries } from '../../src/timelines/queries/index';
import { ids, loadStory } from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * An instance's cached generation name may outlive the generation: a rebuild swaps and drops it
 * while the name is still cached. Here the swap is a rename (rm_1 becomes rm_2, the active one)
 * and the cache is a getter that keeps answering rm_1.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadStory(db.pool);
  await db.pool.query('ALTER SCHEMA rm_1 RENAME TO rm_2');
  await db.pool.query(`UPDATE read_model_state SET active_schema = 'rm_2'`);
});
afterAll(() => db.drop());

const stale = async () => 'rm_1';

describe('a query on a generation that is gone', () => {
  it('is run once more on the active generation, read afresh', async () => {
    const queries = new TimelineQueries(db.pool, stale, activeSchemaFrom(db.pool));
    for (let round = 0; round < 2; round += 1) {
      const page = await queries.timeline({}, { first: 100 });
      expect(page.edges.map((edge) => edge.node.eventId)).toContain(ids.summit);
      expect(await queries.count({})).toBe(34);
      expect((await queries.eventById(ids.summit))?.eventId).toBe(ids.summit);
      expect((await queries.actors({ first: 5 })).edges.length).toBeGreaterThan(0);
      expect(await queries.buckets({}, { bucket: 'YEAR', timeZone: 'UTC' })).not.toEqual([]);
    }
  });

  it('fails as before when the active generation has not changed (no retry loop)', async () => {
    const queries = new TimelineQueries(db.pool, stale);
    await expect(queries.timeline({}, { first: 5 })).rejects.toMatchObject({
      code: expect.stringMatching(/^(42P01|3F000)$/),
    });
  });
});
