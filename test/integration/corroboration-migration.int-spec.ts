import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { CorroborationColumns1795940000000 } from '../../src/database/migrations/1795940000000-CorroborationColumns';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * CorroborationColumns gives existing generations the source count and the partial index of
 * corroborated events that readModelDdl gives a new one, counting the sources of rows projected
 * before it; its down takes both away again.
 */
let db: TestDatabase;
const migration = new CorroborationColumns1795940000000();
let runner: QueryRunner;

const shape = async (schema: string) => ({
  column: (
    await db.pool.query<{ line: string }>(
      `SELECT format('%s %s %s', a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid)) AS line
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = to_regclass($1 || '.event_versions') AND a.attname = 'source_count' AND NOT a.attisdropped`,
      [schema],
    )
  ).rows.map((row) => row.line),
  index: (
    await db.pool.query<{ line: string }>(
      `SELECT replace(indexdef, $1 || '.', '') AS line FROM pg_indexes
        WHERE schemaname = $1 AND indexname = 'event_versions_corroborated_idx'`,
      [schema],
    )
  ).rows.map((row) => row.line),
});

const counts = async (schema: string) =>
  (
    await db.pool.query<{ event_id: string; version: number; source_count: number; in_doc: number }>(
      `SELECT event_id, version, source_count, jsonb_array_length(doc -> 'sources') AS in_doc
         FROM ${schema}.event_versions ORDER BY event_id, version`,
    )
  ).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
  const store = new PostgresEventStore(db.pool);
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  await catchUpReadModel(db.pool, db.url, store);
}, 120_000);

afterAll(async () => {
  await db.drop();
});

describe('the CorroborationColumns migration', () => {
  it('counts the sources of versions projected before it, and its down takes the column and index away', async () => {
    const before = await counts('rm_1');
    expect(before.some((row) => row.source_count > 1)).toBe(true);
    for (const row of before) expect(row.source_count).toBe(row.in_doc);
    await migration.down(runner);
    expect(await shape('rm_1')).toEqual({ column: [], index: [] });
    await migration.up(runner);
    expect(await counts('rm_1')).toEqual(before);
  });

  it('gives existing generations what a rebuild gives a new one', async () => {
    const { schema } = await rebuildReadModel({
      connectionString: db.url,
      store: new PostgresEventStore(db.pool),
      dropPrevious: false,
    });
    expect(schema).toBe('rm_2');
    const rebuilt = await shape('rm_2');
    expect(rebuilt.column).toHaveLength(1);
    expect(rebuilt.index).toHaveLength(1);
    expect(await shape('rm_1')).toEqual(rebuilt);
    expect(await counts('rm_2')).toEqual(await counts('rm_1'));
  });
});
