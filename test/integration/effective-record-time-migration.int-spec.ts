import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { EffectiveRecordTime1795914000000 } from '../../src/database/migrations/1795914000000-EffectiveRecordTime';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A generation projected before record times followed the log's order (and before its checkpoint
 * kept the latest one): the migration recomputes them from the log, as a rebuild computes them.
 * The earlier state is made here: the migration's own down, and record times moved off.
 */
let db: TestDatabase;
const migration = new EffectiveRecordTime1795914000000();
let runner: QueryRunner;

const recordTime = async (schema: string) =>
  (await db.pool.query<{ record_time: Date | null }>(`SELECT record_time FROM ${schema}.checkpoint`)).rows[0]!
    .record_time;

beforeAll(async () => {
  db = await createTestDatabase();
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
  const store = new PostgresEventStore(db.pool);
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false }); // rm_2
  await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false }); // rm_3, beside rm_2
});

afterAll(async () => {
  await db.drop();
});

describe('the EffectiveRecordTime migration', () => {
  it('gives an earlier generation the record times a rebuild gives, and its checkpoint the latest', async () => {
    const latest = await recordTime('rm_3');
    expect(latest).toBeInstanceOf(Date);
    expect(await generationDifferences(db.pool, 'rm_2', 'rm_3')).toEqual([]);

    await migration.down(runner);
    // Record times that are not the log's: an hour off (versions, their participant rows, actors).
    await db.pool.query(`UPDATE rm_2.event_versions SET recorded_from = recorded_from - interval '1 hour',
                           recorded_to = recorded_to - interval '1 hour'`);
    await db.pool.query(`UPDATE rm_2.event_participants SET recorded_from = recorded_from - interval '1 hour',
                           recorded_to = recorded_to - interval '1 hour'`);
    await db.pool.query(`UPDATE rm_2.actors SET updated_at = updated_at - interval '1 hour'`);
    expect((await generationDifferences(db.pool, 'rm_2', 'rm_3')).length).toBeGreaterThan(0);

    await migration.up(runner);
    expect(await generationDifferences(db.pool, 'rm_2', 'rm_3')).toEqual([]);
    expect(await recordTime('rm_3')).toEqual(latest);
    expect(await recordTime('rm_2')).toEqual(latest);
  });
});
