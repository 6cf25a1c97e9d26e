import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCli } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { FIXTURES } from '../../src/imports/testing/collect';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let dir: string;
/** The working directory the command runs in: where rejects go unless --rejects says otherwise. */
let work: string;
let excerpt: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'dtl-import-cli-'));
  work = join(dir, 'work');
  await mkdir(work);
  excerpt = join(dir, 'gdelt-excerpt.CSV');
  await copyFile(join(FIXTURES, 'gdelt-excerpt.CSV'), excerpt);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.drop();
});

/** As `npm run import -- ...` runs it in `cwd`: its stdout, stderr and exit code. */
async function run(
  args: string[],
  { tty = false, cwd = work } = {},
): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(importCli, args, {
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    stdout: { write: (text: string) => (out += text), isTTY: tty, columns: 100 },
    stderr: { write: (text: string) => (err += text) },
    cwd,
  });
  return { out, err, code };
}

const eventCount = async () =>
  Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

describe('npm run import', () => {
  it('a dry run says what it would do and appends nothing; --cluster none: one event per row', async () => {
    const { out, err, code } = await run([
      excerpt,
      '--format',
      'gdelt',
      '--cluster',
      'none',
      '--dry-run',
      '--rejects',
      join(dir, 'dry.rejects.ndjson'),
    ]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Dry run, nothing appended: would import 13 events from gdelt-excerpt\.CSV/m);
    expect(out).toMatch(/^ {2}reports attached +0$/m);
    expect(await eventCount()).toBe(0);
  });

  it('imports a file, prints progress and the summary, and writes the rejects in the working directory', async () => {
    const { out, err, code } = await run([excerpt, '--format', 'gdelt']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^progress: \d+%, [\d,]+ lines, [\d,]+ events\/s/m);
    // Clustered by default: two of the 13 rows report one occurrence.
    expect(out).toMatch(/^Imported 12 events from gdelt-excerpt\.CSV in [\d.]+ s/m);
    expect(out).toMatch(/^ {2}reports attached +1$/m);
    expect(out).toMatch(/^ {2}already present +0$/m);
    expect(out).toMatch(/^ {2}skipped, out of scope +2$/m);
    const rejectFile = join(work, 'gdelt-excerpt.CSV.rejects.ndjson');
    expect(out).toContain(`rejected               5 (lines and reasons in ${rejectFile})`);
    expect(out).toMatch(/rejected by code: DOMAIN_RULE 4, MISSING_SPEAKER 1/);
    expect(await readdir(dir)).not.toContain('gdelt-excerpt.CSV.rejects.ndjson');
    const rejects = (await readFile(rejectFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejects).toHaveLength(5);
    // Written as found: a line the parser refuses at once, one the domain refuses when its batch is decided.
    expect(rejects.find((reject) => reject.lineNumber === 2)).toEqual({
      lineNumber: 2,
      code: 'DOMAIN_RULE',
      reason:
        'participants: a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 1',
      externalId: '881990833',
    });
    expect(await eventCount()).toBeGreaterThan(13);
  });

  it('on a terminal draws a progress bar; a second run finds everything present', async () => {
    const before = await eventCount();
    // --reimport: the backfill ledger has the file as done, and would skip it.
    const { out } = await run([excerpt, '--format=gdelt', '--reimport', '--rejects', join(dir, 'again.ndjson')], {
      tty: true,
    });
    expect(out).toMatch(/\r\[#+-*\] +\d+% {2}20 lines/);
    expect(out).toMatch(/^Imported 0 events/m);
    expect(out).toMatch(/^ {2}already present +13$/m);
    expect(await eventCount()).toBe(before);
  });

  it('imports from a read-only folder, given relative to the working directory, rejects in the working directory', async () => {
    const data = join(dir, 'read-only');
    const cwd = join(dir, 'elsewhere');
    await mkdir(data);
    await mkdir(cwd);
    await copyFile(join(FIXTURES, 'gdelt-excerpt.CSV'), join(data, 'export.CSV'));
    await chmod(join(data, 'export.CSV'), 0o444);
    await chmod(data, 0o555);
    try {
      // Dry run: the previous tests imported these events; its rejects are the same 5 lines.
      const { out, err, code } = await run(['../read-only/export.CSV', '--format', 'gdelt', '--dry-run'], { cwd });
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toContain(`(lines and reasons in ${join(cwd, 'export.CSV.rejects.ndjson')})`);
      expect((await readFile(join(cwd, 'export.CSV.rejects.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(5);
      // Nothing beside the input, even where the OS would let us write there (root ignores modes).
      expect(await readdir(data)).toEqual(['export.CSV']);
    } finally {
      await chmod(data, 0o755);
    }
  });

  it('writes the rejects where --rejects says, relative to the working directory', async () => {
    // --reimport: a dry run, too, skips what the backfill ledger has as done.
    const { err, code } = await run(
      [excerpt, '--format', 'gdelt', '--dry-run', '--reimport', '--rejects', 'chosen.ndjson'],
      { cwd: dir },
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect((await readFile(join(dir, 'chosen.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(5);
  });

  it('refuses a file that is not the declared format (exit code 2) and appends nothing', async () => {
    const page = join(dir, 'export.CSV');
    await writeFile(page, '<!doctype html><html><head><title>GDELT</title></head></html>\n');
    const before = await eventCount();
    const { err, code } = await run([page, '--format', 'gdelt']);
    expect(code).toBe(2);
    expect(err).toMatch(/^refused: this is an HTML or XML document/);
    expect(await eventCount()).toBe(before);
  });

  it('explains usage mistakes in one line on stderr (exit code 2) and appends nothing', async () => {
    const before = await eventCount();
    const cases: Array<[string[], RegExp]> = [
      [[], /^which files\?/],
      [[excerpt], /^--format is required: gdelt, icews, ndjson/],
      [[excerpt, '--format', 'csv'], /^--format must be one of gdelt, icews, ndjson, got "csv"/],
      [[excerpt, '--format', 'gdelt', '--format', 'icews'], /^--format is given twice: give it once/],
      [[excerpt, '--format', 'gdelt', '--fast'], /^unknown option --fast/],
      [[excerpt, '--format', 'gdelt', '--cluster', 'week'], /^--cluster must be one of none, day, got "week"/],
      [[excerpt, '--format', 'gdelt', '-f'], /^unknown option -f/],
      [[excerpt, '--format', 'gdelt', '--dry-run=yes'], /^--dry-run takes no value/],
      [[excerpt, excerpt, '--format', 'gdelt'], /is named twice/],
      [[join(dir, 'missing.CSV'), '--format', 'gdelt'], /^no such file: .*missing\.CSV/],
      [['/dev/null', '--format', 'gdelt'], /is not a file/],
      [[excerpt, '--format', 'gdelt', '--rejects'], /^--rejects needs a value/],
      [[excerpt, '--format', 'gdelt', '--rejects', '--dry-run'], /^--rejects needs a value/],
      [[excerpt, '--format', 'gdelt', '--rejects='], /^--rejects needs a value/],
      [[excerpt, '--format', 'gdelt', '--rejects', excerpt], /^--rejects would overwrite the input file/],
      [[excerpt, '--format', 'gdelt', '--rejects', dir], /^--rejects names a folder, not a file/],
      [
        [excerpt, '--format', 'gdelt', '--rejects', join(dir, 'nowhere', 'r.ndjson')],
        /^the rejects cannot be written in .*nowhere/,
      ],
    ];
    for (const [args, message] of cases) {
      const { out, err, code } = await run(args);
      expect({ args, code, out }).toEqual({ args, code: 2, out: '' });
      expect(err).toMatch(message);
      expect(err).toMatch(/ \(see: npm run import -- --help\)\n$/);
      expect(err.split('\n')).toHaveLength(2); // one line
    }
    expect(await eventCount()).toBe(before);
  });

  it('prints its usage on --help (exit code 0) and reads nothing', async () => {
    const { out, err, code } = await run(['--help', join(dir, 'missing.CSV'), '--fast']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Usage:\n {2}npm run import -- <file\|folder\|'pattern'>\.\.\. --format gdelt\|icews\|ndjson/);
    expect(out).toContain('--rejects      where rejected lines go');
  });
});
