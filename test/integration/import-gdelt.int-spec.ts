import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importedActorId } from '../../src/admin/import/import-batch';
import { ImportService } from '../../src/admin/import/import.service';
import { importFile, logCounts } from '../../src/admin/import/testing/import-fixtures';
import { actorStreamId, eventStreamId } from '../../src/diplomacy';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventIdFor, type ImportRecord } from '../../src/imports';
import { collectFile, FIXTURES, GDELT_EXPORT as GDELT } from '../../src/imports/testing/collect';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The real GDELT export (test/fixtures/data/gdelt) and the excerpt of 20 of its lines in
// test/fixtures/imports, into the log: the counts are the parser's (src/imports/*.spec.ts).
const EXCERPT = join(FIXTURES, 'gdelt-excerpt.CSV');

const records = async (path: string): Promise<ImportRecord[]> =>
  (await collectFile(path, 'gdelt')).flatMap((outcome) => (outcome.type === 'record' ? [outcome.record] : []));

let db: TestDatabase;
let store: PostgresEventStore;
let service: ImportService;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  service = new ImportService(db.pool, store);
  dir = await mkdtemp(join(tmpdir(), 'dtl-import-gdelt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
});

describe('the GDELT excerpt (20 lines)', () => {
  let excerptDb: TestDatabase;
  afterAll(async () => excerptDb?.drop());

  it('imports 13, skips 2 and rejects 5, each reject with its line and reason', async () => {
    excerptDb = await createTestDatabase();
    const excerpt = new ImportService(excerptDb.pool, new PostgresEventStore(excerptDb.pool), 4);
    const { summary, rejects } = await importFile(excerpt, EXCERPT, { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({
      lines: 20,
      imported: 13,
      alreadyPresent: 0,
      skipped: 2,
      rejected: 5,
      rejectedByCode: { DOMAIN_RULE: 4, MISSING_SPEAKER: 1 },
      dryRun: false,
    });
    expect(rejects.map((r) => r.lineNumber).sort((a, b) => a - b)).toEqual(summary.rejects.map((r) => r.lineNumber));
    expect(rejects.find((r) => r.lineNumber === 2)).toEqual({
      lineNumber: 2,
      code: 'DOMAIN_RULE',
      externalId: '881990833',
      reason:
        'participants: a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 1',
    });
    // CHN on lines 12 and 13, DEUGOV on lines 14 to 16 (batches of 4): one actor each.
    const { rows } = await excerptDb.pool.query<{ code: string; n: string }>(
      `SELECT data->>'cameoCode' AS code, count(*) AS n FROM events WHERE type = 'ActorRegistered' GROUP BY 1 HAVING data->>'cameoCode' IN ('CHN', 'DEUGOV')`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]))).toEqual({ CHN: 1, DEUGOV: 1 });
    expect(await logCounts(excerptDb.pool)).toEqual({ EventRecorded: 13, ActorRegistered: summary.actorsCreated });
  });
});

describe('the GDELT export 20191024143000.export.CSV (2,111 lines)', () => {
  let all: ImportRecord[];
  beforeAll(async () => {
    all = await records(GDELT);
  });

  it('a file of its first 1,000 lines, then the whole file: only what is new is added', async () => {
    const lines = (await readFile(GDELT, 'utf8')).split('\n');
    const head = join(dir, 'head.CSV');
    await writeFile(head, `${lines.slice(0, 1000).join('\n')}\n`);
    const inHead = (await records(head)).length;
    expect(inHead).toBeGreaterThan(300);

    const first = await importFile(service, head, { format: 'gdelt', cluster: 'none' });
    expect(first.summary).toMatchObject({ lines: 1000, imported: inHead, alreadyPresent: 0 });

    const { summary } = await importFile(service, GDELT, { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({
      lines: 2111,
      imported: 761 - inHead,
      alreadyPresent: inHead,
      skipped: 1199,
      rejected: 151,
      rejectedByCode: { DOMAIN_RULE: 132, MISSING_SPEAKER: 19 },
    });
    expect(summary.actorsMatched).toBeGreaterThan(0);
  });

  it('stores 761 events (343 meetings, 391 statements, 27 agreements) and one actor per descriptor', async () => {
    const { rows } = await db.pool.query<{ kind: string; n: string }>(
      `SELECT data->>'kind' AS kind, count(*) AS n FROM events WHERE type = 'EventRecorded' GROUP BY 1 ORDER BY 1`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]))).toEqual({
      AGREEMENT: 27,
      MEETING: 343,
      STATEMENT: 391,
    });
    // 184 descriptors; 4 name a body under a longer code (JUDJUD, UAFUAF, COPCOP, IGOUNODEVWBKMED)
    // that another already names (Judiciary, Unaligned Armed Forces, Police forces, World Bank).
    const refs = new Set(all.flatMap((r) => r.event.participants.map((p) => p.actorRef)));
    expect(refs.size).toBe(184);
    expect(await logCounts(db.pool)).toEqual({ EventRecorded: 761, ActorRegistered: 180 });
    const police = await db.pool.query(
      `SELECT 1 FROM events WHERE type = 'ActorRegistered' AND data->>'cameoCode' IN ('COP', 'COPCOP')`,
    );
    expect(police.rowCount).toBe(1);
    const duplicates = await db.pool.query(
      `SELECT data->>'cameoCode' FROM events WHERE type = 'ActorRegistered' AND data->>'cameoCode' IS NOT NULL GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(duplicates.rows).toEqual([]);
    // USA appears in dozens of lines, across both imports: one actor.
    expect(all.filter((r) => r.event.participants.some((p) => p.actorRef === 'cameo:USA')).length).toBeGreaterThan(20);
    const usa = await db.pool.query(
      `SELECT stream_id FROM events WHERE type = 'ActorRegistered' AND data->>'cameoCode' = 'USA'`,
    );
    expect(usa.rows).toEqual([{ stream_id: actorStreamId(importedActorId('cameo:USA')) }]);
  });

  it('line 42, 881990873: the United Kingdom visits Saudi Arabia, with its provenance', async () => {
    const [recorded] = await store.readStream(eventStreamId(eventIdFor('GDELT', '881990873')));
    expect(recorded).toMatchObject({
      type: 'EventRecorded',
      eventId: eventIdFor('GDELT', '881990873'),
      data: {
        kind: 'MEETING',
        title: 'United Kingdom visits Saudi Arabia',
        start: { value: '2019-09-24', precision: 'DAY', timeZone: 'UTC' },
        participants: [
          { actorId: importedActorId('cameo:SAU'), role: 'HOST' },
          { actorId: importedActorId('cameo:GBR'), role: 'GUEST' },
        ],
        meeting: { format: 'IN_PERSON', type: 'VISIT' },
        cameoCode: '043',
      },
      metadata: {
        principal: 'import:test',
        command: 'importEvents',
        sourceRecordedAt: '2019-10-24T14:30:00.000Z',
        provenance: {
          source: 'GDELT',
          externalId: '881990873',
          lineNumber: 42,
          recordedAt: '2019-10-24T14:30:00.000Z',
          goldstein: 2.8,
          numMentions: 2,
          numSources: 1,
          numArticles: 2,
          rawActors: [
            { code: 'SAU', name: 'SAUDI ARABIA' },
            { code: 'GBR', name: 'UNITED KINGDOM' },
          ],
        },
      },
    });
    expect(recorded!.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded!.metadata.causationId).toMatch(/^[0-9a-f-]{36}$/);
    // Record time is the database's clock at the append, not GDELT's DATEADDED.
    expect(Date.now() - recorded!.recordedAt.getTime()).toBeLessThan(10 * 60_000);
    const [saudi] = await store.readStream(actorStreamId(importedActorId('cameo:SAU')));
    expect(saudi).toMatchObject({
      type: 'ActorRegistered',
      data: { kind: 'STATE', name: 'Saudi Arabia', country: 'SAU', cameoCode: 'SAU' },
      metadata: { command: 'importEvents', provenance: { source: 'GDELT', ref: 'cameo:SAU' } },
    });
  });

  it('importing the file again adds nothing: 761 already present, the log unchanged', async () => {
    const before = await store.headPosition();
    const { summary } = await importFile(service, GDELT, { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({ imported: 0, alreadyPresent: 761, skipped: 1199, rejected: 151, actorsCreated: 0 });
    expect(await store.headPosition()).toBe(before);
  });

  it('two imports of the file at once record each event and each actor once', async () => {
    const other = await createTestDatabase();
    try {
      const racing = [0, 1].map(() => new ImportService(other.pool, new PostgresEventStore(other.pool), 40));
      const [a, b] = await Promise.all(racing.map((s) => importFile(s, GDELT, { format: 'gdelt', cluster: 'none' })));
      expect(a!.summary.imported + b!.summary.imported).toBe(761);
      expect(a!.summary.imported + a!.summary.alreadyPresent).toBe(761);
      expect(b!.summary.imported + b!.summary.alreadyPresent).toBe(761);
      const counts = await logCounts(other.pool);
      expect(counts.EventRecorded).toBe(761);
      expect(a!.summary.actorsCreated + b!.summary.actorsCreated).toBe(counts.ActorRegistered);
      // Each descriptor once (its id is derived from it); two descriptors matched only by name
      // (JUD and JUDJUD) may each be registered when they first appear in both runs at once.
      expect(counts.ActorRegistered).toBeGreaterThanOrEqual(180);
      expect(counts.ActorRegistered).toBeLessThanOrEqual(184);
      const twice = await other.pool.query(
        `SELECT data->>'cameoCode' FROM events WHERE type = 'ActorRegistered' AND data->>'cameoCode' IS NOT NULL GROUP BY 1 HAVING count(*) > 1`,
      );
      expect(twice.rows).toEqual([]);
    } finally {
      await other.drop();
    }
  });
});
