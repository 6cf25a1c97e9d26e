import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { ActorSurvivorIndex1795945000000 } from '../../src/database/migrations/1795945000000-ActorSurvivorIndex';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * ActorSurvivorIndex gives the actors table of existing generations the index by survivor that
 * readModelDdl gives a new one (a rebuild's), and its down takes it away again.
 */
let db: TestDatabase;
const migration = new ActorSurvivorIndex1795945000000();
let runner: QueryRunner;

const actorIndexes = async (schema: string) =>
  (
    await db.pool.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'actors' ORDER BY indexname`,
      [schema],
    )
  ).rows.map((row) => `${row.indexname}: ${row.indexdef.replaceAll(`${schema}.`, 'rm.')}`);

beforeAll(async () => {
  db = await createTestDatabase();
  // The migration uses nothing of a QueryRunner but query(), which TypeORM answers with the rows.
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
});

afterAll(async () => {
  await db.drop();
});

describe('the ActorSurvivorIndex migration', () => {
  it('adds the index by survivor to a generation, and its down drops it', async () => {
    const migrated = await actorIndexes('rm_1');
    expect(migrated).toContain(
      'actors_survivor_idx: CREATE INDEX actors_survivor_idx ON rm.actors USING btree (merged_into, actor_id) WHERE (merged_into IS NOT NULL)',
    );
    await migration.down(runner);
    expect(await actorIndexes('rm_1')).toEqual(migrated.filter((line) => !line.startsWith('actors_survivor_idx')));
    await migration.up(runner);
    expect(await actorIndexes('rm_1')).toEqual(migrated);
  });

  it('gives existing generations what a rebuild gives a new one', async () => {
    const store = new PostgresEventStore(db.pool);
    const log = tehranLog();
    log.commit();
    for (const transaction of log.take()) await store.appendBatch(transaction);
    const { schema } = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(schema).toBe('rm_2');
    expect(await actorIndexes('rm_2')).toEqual(await actorIndexes('rm_1'));
  });
});
