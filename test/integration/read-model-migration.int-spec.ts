import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { ReadModelValidTimeIndexes1795898363695 } from '../../src/database/migrations/1795898363695-ReadModelValidTimeIndexes';
import { ParticipantRolesInIndexes1795903000000 } from '../../src/database/migrations/1795903000000-ParticipantRolesInIndexes';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { tehranIds, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { TimelineQueries } from '../../src/timelines/queries';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A database migrated before valid_to was repeated on participant rows: the migration brings its
 * read-model generation to the shape readModelDdl gives a new one, data included. The earlier shape
 * is made here by the migration's own down (the generation it starts from is the current DDL's).
 */
let db: TestDatabase;
const migration = new ReadModelValidTimeIndexes1795898363695();
const rolesMigration = new ParticipantRolesInIndexes1795903000000();
let runner: QueryRunner;

const indexes = async (schema: string) =>
  (
    await db.pool.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
      [schema],
    )
  ).rows.map((row) => `${row.indexname}: ${row.indexdef.replaceAll(`${schema}.`, 'rm.')}`);
const participants = async (schema: string) =>
  (
    await db.pool.query(
      `SELECT to_jsonb(p) AS row FROM ${schema}.event_participants p ORDER BY event_id, version, actor_id`,
    )
  ).rows.map((r: { row: unknown }) => r.row);
const hasValidTo = async (schema: string) =>
  (
    await db.pool.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'event_participants' AND column_name = 'valid_to'`,
      [schema],
    )
  ).rowCount === 1;

beforeAll(async () => {
  db = await createTestDatabase();
  // The migration uses nothing of a QueryRunner but query(), which TypeORM answers with the rows.
  runner = { query: async (text: string) => (await db.pool.query(text)).rows } as unknown as QueryRunner;
  const store = new PostgresEventStore(db.pool);
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  await rebuildReadModel({ connectionString: db.url, store, dropPrevious: false });
});

afterAll(async () => {
  await db.drop();
});

describe('the ReadModelValidTimeIndexes migration', () => {
  it('gives an earlier generation valid_to on every participant row and the indexes a new one has', async () => {
    const expectedIndexes = await indexes('rm_2');
    const expectedRows = await participants('rm_2');
    expect(expectedRows.length).toBeGreaterThan(10);

    await migration.down(runner);
    expect(await hasValidTo('rm_2')).toBe(false);
    expect(await indexes('rm_2')).not.toEqual(expectedIndexes);

    await migration.up(runner);
    expect(await hasValidTo('rm_2')).toBe(true);
    // The indexes as they were then: ParticipantRolesInIndexes, later in the chain, adds the roles.
    await rolesMigration.up(runner);
    expect(await indexes('rm_2')).toEqual(expectedIndexes);
    expect(await participants('rm_2')).toEqual(expectedRows);
    // Both generations were brought back, the inactive one too.
    expect(await indexes('rm_1')).toEqual(expectedIndexes);
  });

  it('leaves a generation that has valid_to alone', async () => {
    const before = await indexes('rm_2');
    await migration.up(runner);
    expect(await indexes('rm_2')).toEqual(before);
  });

  it('leaves a read model the queries answer from', async () => {
    const queries = new TimelineQueries(db.pool, async () => 'rm_2');
    const page = await queries.timeline(
      { dateRange: { from: '2022-07-01T00:00:00Z', to: '2022-08-01T00:00:00Z' } },
      { first: 50 },
    );
    expect(page.edges.length).toBeGreaterThan(0);
  });
});

describe('the ParticipantRolesInIndexes migration', () => {
  it('gives an earlier generation the participant indexes with roles, as a new one has them', async () => {
    const expectedIndexes = await indexes('rm_2');
    expect(expectedIndexes.filter((line) => line.includes('valid_to, roles)'))).toHaveLength(2);
    const expectedRows = await participants('rm_2');

    await rolesMigration.down(runner);
    expect((await indexes('rm_2')).filter((line) => line.includes('roles'))).toEqual([]);
    expect(await indexes('rm_1')).not.toEqual(expectedIndexes);

    await rolesMigration.up(runner);
    expect(await indexes('rm_2')).toEqual(expectedIndexes);
    expect(await indexes('rm_1')).toEqual(expectedIndexes);
    expect(await participants('rm_2')).toEqual(expectedRows);
    // Once more changes nothing.
    await rolesMigration.up(runner);
    expect(await indexes('rm_2')).toEqual(expectedIndexes);
  });

  it('leaves a read model that answers questions by role, a merged duplicate’s roles included', async () => {
    const queries = new TimelineQueries(db.pool, async () => 'rm_2');
    // Putin's imported duplicate, merged into him, spoke; Putin himself is only mentioned there.
    for (const putin of [tehranIds.putin, tehranIds.putinImported]) {
      const spoken = await queries.timeline({ actorIds: { anyOf: [putin], roles: ['SPEAKER'] } }, { first: 50 });
      expect(spoken.edges.map((edge) => edge.node.eventId)).toEqual([tehranIds.importedStatement]);
    }
    const visits = await queries.timeline(
      { dyad: { from: { actor: tehranIds.putinImported, roles: ['GUEST'] }, to: { country: 'IRN', roles: ['HOST'] } } },
      { first: 50 },
    );
    expect(visits.edges.map((edge) => edge.node.eventId)).toContain(tehranIds.importedVisit);
    const page = await queries.timeline(
      { actorIds: { anyOf: [tehranIds.khamenei], roles: ['SPEAKER'] } },
      { first: 50 },
    );
    expect(page.edges.length).toBeGreaterThan(0);
    for (const edge of page.edges) {
      expect(edge.node.participants.find((p) => p.actorId === tehranIds.khamenei)?.roles).toContain('SPEAKER');
    }
  });
});
