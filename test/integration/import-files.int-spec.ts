import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ImportService } from '../../src/admin/import/import.service';
import { ImportRefusedError } from '../../src/admin/import/import-summary';
import { importFile, logCounts, textStream } from '../../src/admin/import/testing/import-fixtures';
import { eventStreamId } from '../../src/diplomacy';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventIdFor } from '../../src/imports';
import { FIXTURES, ICEWS_SAMPLE as ICEWS } from '../../src/imports/testing/collect';
import { importDatabaseForEachTest } from '../support/import-database';
import type { TestDatabase } from '../support/test-database';

const GDELT_EXCERPT = readFileSync(join(FIXTURES, 'gdelt-excerpt.CSV'), 'utf8');
const ICEWS_EXCERPT = join(FIXTURES, 'icews-excerpt.tab');

let db: TestDatabase;
let store: PostgresEventStore;
let service: ImportService;
importDatabaseForEachTest((context) => ({ db, store, service } = context));

describe('a file that is not the declared format is refused whole, before anything is appended', () => {
  const csvLine = GDELT_EXCERPT.split('\n')[0]!.split('\t').join(',');
  it.each([
    ['an HTML page', `<!DOCTYPE html>\n<html><body>Not found</body></html>\n`, /HTML or XML document, not GDELT data/],
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      /binary file/,
    ],
    [
      'a comma-separated file',
      `${csvLine}\n${csvLine}\n`,
      /comma-separated file; a GDELT 2.0 export must be tab-separated/,
    ],
    ['an ICEWS file', readFileSync(ICEWS_EXCERPT), /ICEWS file/],
    ['an empty file', '', /empty/],
  ])('%s declared as gdelt', async (_name, content, message) => {
    const refused = service.import(textStream(content), { format: 'gdelt', principal: 'import:test' });
    await expect(refused).rejects.toThrow(ImportRefusedError);
    await expect(service.import(textStream(content), { format: 'gdelt', principal: 'import:test' })).rejects.toThrow(
      message,
    );
    expect(await logCounts(db.pool)).toEqual({});
  });
});

describe('bad lines among good ones', () => {
  it('are rejected with their line numbers while the rest is imported', async () => {
    const lines = GDELT_EXCERPT.trimEnd().split('\n');
    const visit = lines[11]!.split('\t'); // 881991178, BRAGOV 042 CHN
    const impossibleDate = [...visit.slice(0, 1).map(() => '990000001'), '20190230', ...visit.slice(2)].join('\t');
    const shifted = visit.slice(1).join('\t');
    const broken = [
      ...visit.slice(0, 1).map(() => '990000002'),
      ...visit.slice(1, 6),
      'SÃ£O PAULO',
      ...visit.slice(7),
    ].join('\t');
    // The shifted line comes after the five lines sniffFormat judges the file by.
    const file = [lines[0], impossibleDate, lines[11], '', broken, lines[5], shifted, lines[12]].join('\n');
    const { summary, rejects } = await importFile(service, textStream(file), { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({ lines: 8, imported: 2, skipped: 2, rejected: 3 });
    expect(rejects.map(({ lineNumber, code }) => ({ lineNumber, code }))).toEqual([
      { lineNumber: 2, code: 'IMPOSSIBLE_DATE' },
      { lineNumber: 5, code: 'BROKEN_CHARACTERS' },
      { lineNumber: 7, code: 'COLUMN_COUNT' },
    ]);
    expect(rejects[0]!.reason).toMatch(/2019-02-30|20190230/);
    expect(await store.streamVersion(eventStreamId(eventIdFor('GDELT', '881991178')))).toBe(1);
    expect(await store.streamVersion(eventStreamId(eventIdFor('GDELT', '881991283')))).toBe(1);
    expect((await logCounts(db.pool)).EventRecorded).toBe(2);
  });
});

describe('an event given twice', () => {
  it('in one file is recorded once and counted once as already present', async () => {
    const visit = GDELT_EXCERPT.split('\n')[11]!;
    const { summary } = await importFile(service, textStream(`${visit}\n${visit}\n`), {
      format: 'gdelt',
      cluster: 'none',
    });
    expect(summary).toMatchObject({ lines: 2, imported: 1, alreadyPresent: 1 });
    expect((await logCounts(db.pool)).EventRecorded).toBe(1);
  });
});

describe('a dry run', () => {
  it('counts what an import would do and appends nothing', async () => {
    const dry = await importFile(service, textStream(GDELT_EXCERPT), {
      format: 'gdelt',
      cluster: 'none',
      dryRun: true,
    });
    expect(dry.summary).toMatchObject({ dryRun: true, imported: 13, skipped: 2, rejected: 5, alreadyPresent: 0 });
    expect(await logCounts(db.pool)).toEqual({});
    const real = await importFile(service, textStream(GDELT_EXCERPT), { format: 'gdelt', cluster: 'none' });
    expect(real.summary).toMatchObject({
      dryRun: false,
      imported: 13,
      skipped: 2,
      rejected: 5,
      actorsCreated: dry.summary.actorsCreated,
    });
    const after = await importFile(service, textStream(GDELT_EXCERPT), {
      format: 'gdelt',
      cluster: 'none',
      dryRun: true,
    });
    expect(after.summary).toMatchObject({ imported: 0, alreadyPresent: 13, actorsCreated: 0 });
  });
});

describe('ICEWS', () => {
  it('the excerpt: 16 imported, 4 skipped', async () => {
    const inBatchesOfFive = new ImportService(db.pool, store, 5);
    const { summary } = await importFile(inBatchesOfFive, ICEWS_EXCERPT, { format: 'icews', cluster: 'none' });
    expect(summary).toMatchObject({ lines: 21, imported: 16, skipped: 4, rejected: 0 });
    expect(summary.skippedByReason).toEqual(expect.any(Object));
    expect(Object.values(summary.skippedByReason).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('the whole sample: 1,913 imported, 1,792 skipped, none rejected; with allEvents 2,949 and 756 rejected', async () => {
    const { summary } = await importFile(service, ICEWS, { format: 'icews', cluster: 'none' });
    expect(summary).toMatchObject({ lines: 3706, imported: 1913, skipped: 1792, rejected: 0 });
    const all = await importFile(service, ICEWS, { format: 'icews', cluster: 'none', allEvents: true });
    expect(all.summary).toMatchObject({
      imported: 2949 - 1913,
      alreadyPresent: 1913,
      skipped: 0,
      rejected: 756,
      rejectedByCode: { MATERIAL_ACTION: 754, MISSING_SPEAKER: 2 },
    });
    expect((await logCounts(db.pool)).EventRecorded).toBe(2949);
  });
});

describe('a large file', () => {
  it('is streamed: 50,000 lines (5,000 of them events) import with flat memory', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const lines = GDELT_EXCERPT.split('\n');
    const skip = lines[0]!; // CAMEO 139, out of scope
    const visit = lines[11]!.split('\t');
    const chunks = function* () {
      for (let block = 0; block < 50; block += 1) {
        const events = Array.from({ length: 100 }, (_, i) =>
          [String(900_000_000 + block * 100 + i), ...visit.slice(1)].join('\t'),
        );
        yield Buffer.from(`${events.join('\n')}\n${`${skip}\n`.repeat(900)}`, 'utf8');
      }
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    let retained = 0;
    let reports = 0;
    const { summary } = await importFile(service, Readable.from(chunks()), {
      format: 'gdelt',
      cluster: 'none',
      onProgress: () => {
        if ((reports += 1) % 10 !== 0) return;
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before);
      },
    });
    expect(summary).toMatchObject({ lines: 50_000, imported: 5_000, skipped: 45_000, rejected: 0 });
    expect(reports).toBeGreaterThan(40);
    expect(retained).toBeLessThan(30 * 1024 * 1024);
  });
});
