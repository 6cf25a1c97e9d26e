import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { ReadModelAutovacuumInserts1795925000000 } from '../../src/database/migrations/1795925000000-ReadModelAutovacuumInserts';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * ReadModelAutovacuumInserts gives the big tables of existing generations the autovacuum setting
 * that readModelDdl gives a new one (a rebuild's), and its down takes it away again.
 */
let db: TestDatabase;
const migration = new ReadModelAutovacuumInserts1795925000000();
let runner: QueryRunner;

const tableOptions = async (schema: string) =>
  (
    await db.pool.query<{ relname: string; reloptions: string[] | null }>(
      `SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
      [schema],
    )
  ).rows.map((row) => `${row.relname}: ${(row.reloptions ?? []).join(', ')}`);

const MIGRATED = [
  'actor_versions: ',
  'actors: ',
  'checkpoint: ',
  'event_participants: autovacuum_vacuum_insert_scale_factor=0.02',
  'event_versions: autovacuum_vacuum_insert_scale_factor=0.02',
];

beforeAll(async () => {
  db = await createTestDatabase();
  // The migration uses nothing of a QueryRunner but query(), which TypeORM answers with the rows.
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
});

afterAll(async () => {
  await db.drop();
});

describe('the ReadModelAutovacuumInserts migration', () => {
  it('sets the insert scale factor on the big tables of a generation, and its down resets it', async () => {
    expect(await tableOptions('rm_1')).toEqual(MIGRATED);
    await migration.down(runner);
    expect(await tableOptions('rm_1')).toEqual(MIGRATED.map((line) => line.replace(/: .*/, ': ')));
    await migration.up(runner);
    expect(await tableOptions('rm_1')).toEqual(MIGRATED);
  });

  it('gives existing generations what a rebuild gives a new one', async () => {
    const store = new PostgresEventStore(db.pool);
    const log = tehranLog();
    log.commit();
    for (const transaction of log.take()) await store.appendBatch(transaction);
    const { schema } = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(schema).toBe('rm_2');
    expect(await tableOptions('rm_2')).toEqual(await tableOptions('rm_1'));
  });
});
