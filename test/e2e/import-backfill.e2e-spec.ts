import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { fingerprint } from '../../src/admin/import/archive-input';
import { FILE_LOCK_CLASS, fileLockId } from '../../src/admin/import/import-ledger.repository';
import { importCli } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { gdeltSlice, writeGdeltCopy } from '../support/archives';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A backfill killed with kill -9 (`node dist/cli/import.main.js`, as npm run import runs it) after
 * its first file and started again: the file done before the kill is skipped, the others are
 * imported, and in the end the log holds what one uninterrupted run gives, each file recorded
 * once. Where it stops is decided by a lock, not by timing: the test holds the ledger's lock on the
 * second file, as a concurrent run would, and kills the import while it waits for it.
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

/**
 * Starts the import as a process; once `stopped()` holds (polled, with a deadline), kills it with
 * SIGKILL. Rejects if the import ends first.
 */
async function killWhen(db: TestDatabase, stopped: () => Promise<boolean>): Promise<string> {
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
  started.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  started.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let ended: number | null | undefined;
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    started.on('exit', (code, sig) => {
      ended = code;
      resolve(sig);
    }),
  );
  await eventually(
    'the import to stop where the test holds it',
    async () => {
      if (ended !== undefined) throw new Error(`the import ended (${ended}) before the signal:\n${out}\n${err}`);
      return stopped();
    },
    60_000,
  );
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
    // Ten times the slice: several batches.
    const second = await writeGdeltCopy(data, slice, 2, 'gzip', { repeat: 10 });
    const third = await writeGdeltCopy(data, slice, 3, 'zip');
    const db = await database();

    // The import is held before the second file by the ledger's own lock on that file (as a
    // concurrent run would hold it), and killed while it waits: no timing decides where it stops.
    const holder = await db.pool.connect();
    let holding = true;
    try {
      const { sha256 } = await fingerprint(join(data, second));
      await holder.query('SELECT pg_advisory_lock($1, $2)', [FILE_LOCK_CLASS, fileLockId(sha256)]);
      const out = await killWhen(db, async () => {
        const { rows } = await db.pool.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND NOT granted`,
          [FILE_LOCK_CLASS],
        );
        return rows.length > 0 && (await ledger(db.pool)).length === 1;
      });
      await holder.query('SELECT pg_advisory_unlock_all()');
      holding = false;
      expect(out).toMatch(new RegExp(`^file 1 of 3 done: ${first.replaceAll('.', '\\.')},`, 'm'));
      expect(out).not.toMatch(/^file 2 of 3 done/m);
      expect(await ledger(db.pool)).toEqual([first]);
    } finally {
      if (holding) await holder.query('SELECT pg_advisory_unlock_all()');
      holder.release();
    }

    const again = await runInProcess(db);
    expect({ code: again.code, err: again.err }).toEqual({ code: 0, err: '' });
    expect(again.out).toMatch(/^file 1 of 3 skipped: \S+ is in the backfill ledger/m);
    const secondAgain = /^file 2 of 3 done: [^,]+, ([\d,]+) lines, [\d,]+ imported, ([\d,]+) already present$/m.exec(
      again.out,
    );
    expect(secondAgain?.[1]).toBe('21,110');
    expect(again.out).toMatch(/^file 3 of 3 done: /m);
    expect(await ledger(db.pool)).toEqual([first, second, third]);

    const reference = await database();
    expect((await runInProcess(reference)).code).toBe(0);
    expect(await logContent(db.pool)).toEqual(await logContent(reference.pool));
  }, 180_000);
});
