import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { migratedSchema } from '../support/migrated-schema';

/**
 * A new database, migrated by the whole chain (the jest global setup's template), has the shape it
 * had before TimelineReadModel1795887040249 was frozen: test/fixtures/migrations/schema.json was
 * taken from main at 8e40d9a, when that migration still called readModelDdl. A change to a migration
 * that alters what a new database gets shows here; a deliberate change to the schema comes with a
 * new migration and a new snapshot (1795914000000-EffectiveRecordTime added rm_1.checkpoint.record_time;
 * 1795925000000-ReadModelAutovacuumInserts set table options, which the snapshot has recorded since;
 * 1795935000000-ReadModelReportCount added rm_1.event_versions.report_count;
 * 1795940000000-CorroborationColumns added rm_1.event_versions.source_count and its partial index;
 * 1795946000000-ImportLedger added public.import_ledger;
 * 1796300000000-EventVersionsRecordedIndex added rm_1.event_versions_recorded_idx;
 * 1796400000000-ImportJobs added public.import_jobs).
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('the migrated schema of a new database', () => {
  it('has the columns, constraints, indexes and table options it had before the migrations were frozen', async () => {
    const expected = JSON.parse(
      readFileSync(resolve(process.cwd(), 'test/fixtures/migrations/schema.json'), 'utf8'),
    ) as unknown;
    expect(await migratedSchema(db.pool)).toEqual(expected);
  });
});
