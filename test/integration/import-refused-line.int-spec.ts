import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActorIndex } from '../../src/admin/import/actor-index';
import { ImportRun } from '../../src/admin/import/import-run';
import { ImportRepository } from '../../src/admin/import/import.repository';
import { StreamFacts } from '../../src/editorial/stream-facts.service';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { parseNdjsonLine, type ImportRecord } from '../../src/imports';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The last line of defence: a record every check let through but PostgreSQL refuses fails its
 * batch's transaction; the batch is split until that line stands alone, and only it is rejected.
 */
let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const PUTIN = 'bb83f452-ada1-4d01-8211-936646194367';
const RAISI = 'ae792064-cb82-4b4f-8da2-df3d3b54ca82';

function record(lineNumber: number): ImportRecord {
  const line = {
    kind: 'MEETING',
    title: `Putin visits Tehran (${lineNumber})`,
    start: { value: `2022-07-${String(lineNumber).padStart(2, '0')}`, precision: 'DAY', timeZone: 'Asia/Tehran' },
    participants: [
      { actorId: PUTIN, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
      { actorId: RAISI, role: 'HOST', actor: { kind: 'PERSON', name: 'Ebrahim Raisi', country: 'IRN' } },
    ],
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
  };
  const outcome = parseNdjsonLine({ lineNumber, text: JSON.stringify(line) });
  if (outcome?.type !== 'record') throw new Error(`line ${lineNumber} is not a record`);
  return outcome.record;
}

describe('a batch PostgreSQL refuses one line of', () => {
  it('rejects that line with its number and imports the rest of the batch', async () => {
    const records = [1, 2, 3, 4, 5, 6, 7].map(record);
    // Provenance is stored as metadata, which no import check looks at: jsonb refuses \u0000 (22P05).
    records[4]!.provenance = { ...records[4]!.provenance, externalId: 'refused\u0000by PostgreSQL' };
    const repository = new ImportRepository(db.pool, store);
    const { rows, events } = await repository.loadActors();
    const run = new ImportRun(
      { format: 'ndjson', principal: 'import:test' },
      repository,
      new StreamFacts(store),
      store,
      ActorIndex.from(rows, events),
    );

    await run.submit(records);
    const summary = await run.finish();

    expect(summary).toMatchObject({ imported: 6, rejected: 1, actorsCreated: 2 });
    expect(summary.rejects).toEqual([
      expect.objectContaining({
        lineNumber: 5,
        code: 'DATABASE_REFUSED',
        reason: "the database refused the line's data (SQLSTATE 22P05)",
      }),
    ]);
    const { rows: titles } = await db.pool.query<{ title: string }>(
      `SELECT data->>'title' AS title FROM events WHERE type = 'EventRecorded' ORDER BY 1`,
    );
    expect(titles.map((row) => row.title)).toEqual([1, 2, 3, 4, 6, 7].map((n) => `Putin visits Tehran (${n})`));
  });
});
