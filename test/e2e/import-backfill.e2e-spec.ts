import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { importCli } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { gdeltSlice, writeGdeltCopy } from '../support/archives';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A backfill killed with kill -9 (`node dist/cli/import.main.js`, as npm run import runs it) and
 * started again: the file done before the kill is skipped, the file it was in the middle of is
 * imported again (its committed batches are found present: ids derive from the source's), and in
 * the end the log holds what one uninterrupted run gives, each file recorded once.
 */
let dir: string;
let data: string;
const databases: TestDatabase[] = [];
let child: ChildProcess | undefined;

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'dtl-import-backfill-'));
  data = join(dir, 'gdelt');
  await mkdir(data);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

async function runInProcess(db: TestDatabase): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(importCli, [data, '--format', 'gdelt', '--rejects', join(dir, 'in-process.ndjson')], {
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text) },
    cwd: dir,
  });
  return { out, err, code };
}

/** Starts the import as a process; resolves once its output matches `signal`, then kills it with SIGKILL. */
async function killWhen(db: TestDatabase, signal: (out: string) => boolean): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'NODE_OPTIONS']) delete env[key];
  const started = spawn(
    process.execPath,
    ['dist/cli/import.main.js', data, '--format', 'gdelt', '--rejects', join(dir, 'child.ndjson')],
    { env: { ...env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = started;
  let out = '';
  let err = '';
  started.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => started.on('exit', (_code, sig) => resolve(sig)));
  await new Promise<void>((resolve, reject) => {
    started.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (signal(out)) resolve();
    });
    started.on('exit', (code) => reject(new Error(`the import ended (${code}) before the signal:\n${out}\n${err}`)));
  });
  started.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return out;
}

const ledger = async (pool: Pool) =>
  (await pool.query<{ file_name: string }>('SELECT file_name FROM import_ledger ORDER BY 1')).rows.map(
    (row) => row.file_name,
  );

async function logContent(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `SELECT stream_id || ' ' || stream_version || ' ' || type || ' ' || data::text AS line FROM events ORDER BY stream_id, stream_version`,
  );
  return rows.map((row) => row.line);
}

describe('a backfill stopped by kill -9 and started again', () => {
  it('goes on where it stopped and imports each file once', async () => {
    const slice = await gdeltSlice();
    const first = await writeGdeltCopy(data, slice, 1, 'zip');
    // Ten times the slice: the kill comes while it is being imported, after some of its batches.
    const second = await writeGdeltCopy(data, slice, 2, 'gzip', { repeat: 10 });
    const third = await writeGdeltCopy(data, slice, 3, 'zip');
    const db = await database();

    // The signal: the first file is done, and a progress line in the second shows more events
    // imported than the first file had (a batch of the second is committed).
    const firstDone = /^file 1 of 3 done: [^,]+, [\d,]+ lines, ([\d,]+) imported/m;
    const out = await killWhen(db, (text) => {
      const done = firstDone.exec(text);
      if (!done) return false;
      const afterwards = text.slice(done.index);
      const progress = [...afterwards.matchAll(/^progress: .*, file 2 of 3; ([\d,]+) imported/gm)];
      const number = (s: string) => Number(s.replaceAll(',', ''));
      return progress.some((line) => number(line[1]!) > number(done[1]!));
    });
    expect(out).toMatch(new RegExp(`^file 1 of 3 done: ${first.replaceAll('.', '\\.')},`, 'm'));
    expect(await ledger(db.pool)).toEqual([first]);

    const again = await runInProcess(db);
    expect({ code: again.code, err: again.err }).toEqual({ code: 0, err: '' });
    expect(again.out).toMatch(/^file 1 of 3 skipped: \S+ is in the backfill ledger/m);
    const secondAgain = /^file 2 of 3 done: [^,]+, ([\d,]+) lines, [\d,]+ imported, ([\d,]+) already present$/m.exec(
      again.out,
    );
    expect(secondAgain?.[1]).toBe('21,110');
    // Its batches committed before the kill are found present, not appended again.
    expect(Number(secondAgain![2]!.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(again.out).toMatch(/^file 3 of 3 done: /m);
    expect(await ledger(db.pool)).toEqual([first, second, third]);

    const reference = await database();
    expect((await runInProcess(reference)).code).toBe(0);
    expect(await logContent(db.pool)).toEqual(await logContent(reference.pool));
  }, 180_000);
});
