import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { ReadModelReportCount1795935000000 } from '../../src/database/migrations/1795935000000-ReadModelReportCount';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * ReadModelReportCount gives event_versions of existing generations the report_count column that
 * readModelDdl gives a new one (a rebuild's), every stored version counting its one report; its
 * down takes the column away again.
 */
let db: TestDatabase;
let store: PostgresEventStore;
const migration = new ReadModelReportCount1795935000000();
let runner: QueryRunner;

const reportCounts = async (schema: string) =>
  (
    await db.pool.query<{ report_count: number; n: string }>(
      `SELECT report_count, count(*) AS n FROM ${schema}.event_versions GROUP BY report_count ORDER BY report_count`,
    )
  ).rows.map((row) => [row.report_count, Number(row.n)]);

const hasColumn = async (schema: string) =>
  (
    await db.pool.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'event_versions' AND column_name = 'report_count'`,
      [schema],
    )
  ).rowCount === 1;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  // The migration uses nothing of a QueryRunner but query(), which TypeORM answers with the rows.
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  await catchUpReadModel(db.pool, db.url, store);
});

afterAll(async () => {
  await db.drop();
});

describe('the ReadModelReportCount migration', () => {
  it('adds report_count, 1 for every stored version, to a generation that lacks it; its down drops it', async () => {
    const versions = Number((await db.pool.query('SELECT count(*) AS n FROM rm_1.event_versions')).rows[0].n);
    expect(versions).toBeGreaterThan(5);
    expect(await reportCounts('rm_1')).toEqual([[1, versions]]);
    await migration.down(runner);
    expect(await hasColumn('rm_1')).toBe(false);
    await migration.up(runner);
    expect(await reportCounts('rm_1')).toEqual([[1, versions]]);
    await migration.up(runner); // a generation that has it already is left alone
    expect(await hasColumn('rm_1')).toBe(true);
  });

  it('gives existing generations what a rebuild gives a new one', async () => {
    const { schema } = await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
    expect(schema).toBe('rm_2');
    expect(await reportCounts('rm_2')).toEqual(await reportCounts('rm_1'));
  });
});
