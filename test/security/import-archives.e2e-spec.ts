import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCli } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { ARCHIVE_LIMITS } from '../../src/imports';
import { gdeltSlice, gzipOf, writeGdeltCopy, zipOf } from '../support/archives';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Archives made to hurt: each is refused with a message that says why, and nothing of it is
 * appended, even when its first lines are sound GDELT rows (an import that judged the archive only
 * as it went would have appended their batches). The archives are made here: zips by yazl, then
 * bytes changed by hand where a zip writer would not write them.
 */
let db: TestDatabase;
let dir: string;
let slice: string;
/** The slice's first rows: sound data, the start of every hostile archive below. */
let rows: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dtl-import-archives-'));
  slice = await gdeltSlice();
  rows = `${slice.split('\n').slice(0, 1_500).join('\n')}\n`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
});

async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(importCli, [...args, '--format', 'gdelt', '--rejects', join(dir, 'rejects.ndjson')], {
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text) },
    cwd: dir,
  });
  return { out, err, code };
}

const logSize = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
const ledgerNames = async () =>
  (await db.pool.query<{ file_name: string }>('SELECT file_name FROM import_ledger ORDER BY 1')).rows.map(
    (row) => row.file_name,
  );

async function refused(name: string, content: Buffer, message: RegExp): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, content);
  const before = await logSize();
  const { out, err, code } = await run([path]);
  expect({ name, code }).toEqual({ name, code: 1 });
  expect(err).toMatch(new RegExp(`^refused ${name.replaceAll('.', '\\.')}: `));
  expect(err).toMatch(message);
  expect(err).toMatch(/; nothing was imported from it\n$/);
  expect(err.split('\n')).toHaveLength(2); // one line, no stack
  expect(out).not.toMatch(/^file \d+ of \d+ done/m);
  expect(await logSize()).toBe(before);
}

/** Bytes `from` replaced by `to` (same length) wherever they occur. */
function patched(bytes: Buffer, from: string, to: string): Buffer {
  const copy = Buffer.from(bytes);
  for (let at = copy.indexOf(from); at !== -1; at = copy.indexOf(from, at + 1)) copy.write(to, at, 'latin1');
  return copy;
}

describe('hostile archives are refused, nothing appended', () => {
  it('a corrupt zip: a byte changed in the compressed data, or the end cut off', async () => {
    const zip = await zipOf([['20191024143000.export.CSV', rows]]);
    const flipped = Buffer.from(zip);
    flipped[Math.floor(zip.length / 2)]! ^= 0x55;
    await refused('20191024143000.export.CSV.zip', flipped, /not a sound zip file|fails its CRC-32 check/);
    await refused('20191024144500.export.CSV.zip', zip.subarray(0, zip.length - 30), /not a sound zip file \(.+\)/);
  });

  it('a corrupt gzip: a byte changed, or the end cut off', async () => {
    const gz = gzipOf(rows);
    const flipped = Buffer.from(gz);
    flipped[Math.floor(gz.length / 2)]! ^= 0x55;
    await refused('20191024143000.export.CSV.gz', flipped, /not a sound gzip file \(.+\)/);
    await refused(
      '20191024144500.export.CSV.gz',
      gz.subarray(0, gz.length - 100),
      /not a sound gzip file \(unexpected end of file\)/,
    );
  });

  it('a zip bomb and a gzip bomb: sound rows, then one row repeated to expand past the ratio limit', async () => {
    // 60 MB from well under a megabyte: about 1,000 times, over the limit of 100.
    const line = slice.split('\n')[0]!;
    const bomb = rows + `${line}\n`.repeat(Math.ceil(60_000_000 / (line.length + 1)));
    const ratio = new RegExp(`expands more than ${ARCHIVE_LIMITS.maxExpansionRatio} times .*a zip bomb\\?`);
    await refused('20191024150000.export.CSV.zip', await zipOf([['20191024150000.export.CSV', bomb]]), ratio);
    await refused('20191024150000.export.CSV.gz', gzipOf(bomb), ratio);
  });

  it('a zip with several files, or with a folder', async () => {
    await refused(
      '20191024143000.export.CSV.zip',
      await zipOf([
        ['20191024143000.export.CSV', rows],
        ['20191024144500.export.CSV', rows],
      ]),
      /a zip to import holds exactly one file, this one holds 2 entries/,
    );
    await refused(
      'folder.export.CSV.zip',
      await zipOf([['20191024143000/', '']]),
      /the zip holds a folder, not a file/,
    );
  });

  it('a zip whose member name climbs out of its folder, or is absolute', async () => {
    const zip = await zipOf([['aa/export.CSV', rows]]);
    await refused(
      'climbs.export.CSV.zip',
      patched(zip, 'aa/export.CSV', '../export.CSV'),
      /invalid relative path: \.\.\/export\.CSV/,
    );
    const deep = await zipOf([['a/b/export.CSV', rows]]);
    await refused('deep.export.CSV.zip', patched(deep, 'a/b/export.CSV', 'a/../../x.CSV'), /invalid relative path/);
    const absolute = await zipOf([['aexport.CSV', rows]]);
    await refused(
      'absolute.export.CSV.zip',
      patched(absolute, 'aexport.CSV', '/export.CSV'),
      /absolute path: \/export\.CSV/,
    );
  });

  it('a symbolic link in an imported folder or matched by a pattern refuses the run before anything is read', async () => {
    const data = join(dir, 'linked');
    await mkdir(data);
    await writeGdeltCopy(data, slice, 1, 'zip');
    await symlink('/etc/passwd', join(data, '20191024150000.export.CSV'));
    const before = await logSize();
    for (const args of [[data], [`${data}/*.CSV*`]]) {
      const { err, code } = await run(args);
      expect(code).toBe(2);
      expect(err).toMatch(
        /20191024150000\.export\.CSV is a symbolic link: links in an imported folder are refused, not followed/,
      );
    }
    expect(await logSize()).toBe(before);
  });

  it('in a backfill, the files before a hostile one are imported and recorded; nothing of it is', async () => {
    const data = join(dir, 'backfill');
    await mkdir(data);
    const good = await writeGdeltCopy(data, slice, 5, 'zip');
    const bad = '20191024160000.export.CSV.gz';
    const gz = gzipOf(rows);
    await writeFile(join(data, bad), gz.subarray(0, gz.length - 100));
    const { out, err, code } = await run([data]);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^file 1 of 2 done: ${good.replaceAll('.', '\\.')},`, 'm'));
    expect(err).toMatch(new RegExp(`^refused ${bad.replaceAll('.', '\\.')}: not a sound gzip file`));
    expect(await ledgerNames()).toEqual([good]);
    const { rows: principals } = await db.pool.query<{ principal: string }>(
      `SELECT DISTINCT metadata->>'principal' AS principal FROM events WHERE metadata->>'principal' LIKE 'import:%'`,
    );
    expect(principals.map((row) => row.principal)).toEqual([`import:${good}`]);
  });
});
