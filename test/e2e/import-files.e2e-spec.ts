import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { importCli } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { GDELT_EXPORT } from '../../src/imports/testing/collect';
import { gdeltSlice, writeGdeltCopy, zipOf } from '../support/archives';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * npm run import with files as GDELT publishes them: zipped or gzipped, several at once, a folder,
 * a pattern, in timestamp order, with the backfill ledger and the check against GDELT's file list.
 * The timestamped copies of the slice are made here, in a temporary folder.
 */
const databases: TestDatabase[] = [];
let dir: string;
let slice: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dtl-import-files-'));
  slice = await gdeltSlice();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

async function folder(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

/** In process, as `npm run import -- ...` runs it; the rejects go to the temporary folder. */
async function run(db: TestDatabase, args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const rejects = args.includes('--check-list') ? [] : ['--rejects', join(dir, `${randomUUID()}.rejects.ndjson`)];
  const code = await runCli(importCli, [...args, ...rejects], {
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text) },
    cwd: dir,
  });
  return { out, err, code };
}

/** The log without what differs from run to run (event ids, correlation, times): what was imported. */
async function logContent(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `SELECT stream_id || ' ' || stream_version || ' ' || type || ' ' || data::text AS line FROM events ORDER BY stream_id, stream_version`,
  );
  return rows.map((row) => row.line);
}

/** The files whose lines the log holds, in the order their first event was appended. */
async function importOrder(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ principal: string }>(
    `SELECT metadata->>'principal' AS principal FROM events
      WHERE metadata->>'principal' LIKE 'import:%' GROUP BY 1 ORDER BY min(global_position)`,
  );
  return rows.map((row) => row.principal.slice('import:'.length));
}

const ledger = async (pool: Pool) =>
  (
    await pool.query<{ file_name: string; size: string; sha256: Buffer }>(
      'SELECT file_name, size, sha256 FROM import_ledger ORDER BY file_name',
    )
  ).rows.map((row) => ({ name: row.file_name, size: Number(row.size), sha256: row.sha256.toString('hex') }));

const eventCount = async (pool: Pool) => Number((await pool.query('SELECT count(*) AS n FROM events')).rows[0].n);

describe('files as published', () => {
  it('a zipped copy of the GDELT slice imports the same events as the plain file', async () => {
    const zipped = join(dir, '20191024143000.export.CSV.zip');
    await writeFile(zipped, await zipOf([['20191024143000.export.CSV', await readFile(GDELT_EXPORT)]]));
    const plainDb = await database();
    const zipDb = await database();
    const plain = await run(plainDb, [GDELT_EXPORT, '--format', 'gdelt']);
    const zip = await run(zipDb, [zipped, '--format', 'gdelt']);
    expect({ code: zip.code, err: zip.err }).toEqual({ code: 0, err: '' });
    expect(zip.out).toMatch(/^Imported 612 events from 20191024143000\.export\.CSV\.zip in/m);
    expect(plain.out).toMatch(/^Imported 612 events from 20191024143000\.export\.CSV in/m);
    const content = await logContent(zipDb.pool);
    expect(content.length).toBeGreaterThan(612);
    expect(content).toEqual(await logContent(plainDb.pool));
  });

  it('a folder of three timestamped files (zip, gzip, plain) is imported in timestamp order, and recorded', async () => {
    const db = await database();
    const data = await folder('three');
    // Written out of order, so that neither creation nor listing order is the timestamps'.
    const third = await writeGdeltCopy(data, slice, 3, 'plain');
    const first = await writeGdeltCopy(data, slice, 1, 'zip');
    const second = await writeGdeltCopy(data, slice, 2, 'gzip');
    const { out, err, code } = await run(db, [data, '--format', 'gdelt']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.match(/^file \d of 3 done: [^\s,]+/gm)).toEqual([
      `file 1 of 3 done: ${first}`,
      `file 2 of 3 done: ${second}`,
      `file 3 of 3 done: ${third}`,
    ]);
    expect(out).toMatch(/^progress: \d+%, [\d,]+ lines, [\d,]+ events\/s, .+ left, file \d of 3;/m);
    expect(out).toMatch(/^Imported [\d,]+ events from 3 files in/m);
    expect(out).toMatch(/^ {2}files +3 imported, 0 done before/m);
    expect(out).toMatch(/^ {2}lines read +6,333$/m);
    expect(await importOrder(db.pool)).toEqual([first, second, third]);
    const sha256 = async (name: string) =>
      createHash('sha256')
        .update(await readFile(join(data, name)))
        .digest('hex');
    expect(await ledger(db.pool)).toEqual(
      await Promise.all(
        [first, second, third].map(async (name) => ({
          name,
          size: (await stat(join(data, name))).size,
          sha256: await sha256(name),
        })),
      ),
    );

    // Run again: every file is in the ledger, none is read, nothing is appended.
    const before = await eventCount(db.pool);
    const again = await run(db, [data, '--format', 'gdelt']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^file 1 of 3 skipped: \S+ is in the backfill ledger/m);
    expect(again.out).toMatch(/^ {2}files +0 imported, 3 done before/m);
    expect(again.out).toMatch(/^ {2}lines read +0$/m);
    expect(await eventCount(db.pool)).toBe(before);

    // --since/--until by the names' timestamps; a pattern names files as a folder does.
    const dry = await run(db, [
      `${data}/*.export.CSV*`,
      '--format',
      'gdelt',
      '--dry-run',
      '--reimport',
      '--since',
      '20191024150000',
      '--until',
      '2019-10-24T15:15',
    ]);
    expect({ code: dry.code, err: dry.err }).toEqual({ code: 0, err: '' });
    expect(dry.out.match(/^file \d of \d done: [^\s,]+/gm)).toEqual([`file 1 of 1 done: ${second}`]);
    expect(await eventCount(db.pool)).toBe(before);
  });

  it('two runs at once over the same files import each file once', async () => {
    const db = await database();
    const reference = await database();
    const data = await folder('concurrent');
    for (const n of [1, 2, 3]) await writeGdeltCopy(data, slice, n, 'zip');
    const [a, b] = await Promise.all([run(db, [data, '--format', 'gdelt']), run(db, [data, '--format', 'gdelt'])]);
    expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, '', '']);
    const imported = (out: string) => Number(/^ {2}files +(\d+) imported/m.exec(out)![1]);
    expect(imported(a.out) + imported(b.out)).toBe(3);
    expect(await ledger(db.pool)).toHaveLength(3);
    await run(reference, [data, '--format', 'gdelt']);
    expect(await logContent(db.pool)).toEqual(await logContent(reference.pool));
  });
});

describe("--check-list: local files against GDELT's file list", () => {
  it('names the files whose size or MD5 differ from the list and those missing, and exits 1', async () => {
    const data = await folder('listed');
    const names = [];
    for (const n of [0, 1, 2, 3]) names.push(await writeGdeltCopy(data, slice, n, 'zip'));
    const line = async (name: string) => {
      const bytes = await readFile(join(data, name));
      return `${bytes.length} ${createHash('md5').update(bytes).digest('hex')} http://data.gdeltproject.org/gdeltv2/${name}`;
    };
    const list = [
      ...(await Promise.all(names.map(line))),
      // Of another kind: not expected here.
      `12345 ${'0'.repeat(32)} http://data.gdeltproject.org/gdeltv2/20191024144500.mentions.CSV.zip`,
    ];
    await writeFile(join(data, 'masterfilelist.txt'), `${list.join('\n')}\n`);
    const db = await database();

    const sound = await run(db, [data, '--check-list', join(data, 'masterfilelist.txt')]);
    expect(sound.err).toBe('');
    expect(sound.out).toMatch(
      /^Checked 4 files against .*masterfilelist\.txt \(5 lines\): 4 sound, 0 corrupt, 0 missing, 0 not in the list\.$/m,
    );
    expect(sound.code).toBe(0);

    // One byte changed (same size: only the MD5 tells), one file gone, one truncated.
    const changed = await readFile(join(data, names[1]!));
    changed[changed.length >> 1] ^= 0xff;
    await writeFile(join(data, names[1]!), changed);
    await rm(join(data, names[2]!));
    await writeFile(join(data, names[3]!), (await readFile(join(data, names[3]!))).subarray(0, 100));
    const broken = await run(db, [data, '--check-list', join(data, 'masterfilelist.txt')]);
    expect(broken.out).toMatch(/^Checked 3 files .*: 1 sound, 2 corrupt, 1 missing, 0 not in the list\.$/m);
    expect(broken.out).toMatch(
      new RegExp(`^ {2}corrupt: ${names[1]!.replaceAll('.', '\\.')} \\(MD5 [0-9a-f]{32}, listed [0-9a-f]{32}\\)$`, 'm'),
    );
    expect(broken.out).toContain(`  corrupt: ${names[3]} (100 bytes, listed `);
    expect(broken.out).toContain(`  missing: ${names[2]}\n`);
    expect(broken).toMatchObject({ code: 1, err: '2 corrupt, 1 missing\n' });
    expect(await eventCount(db.pool)).toBe(0);
  });
});
