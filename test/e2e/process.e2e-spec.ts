import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventually } from '../support/eventually';
import { createTestDatabase } from '../support/test-database';

/**
 * The service as a user runs it: `node dist/main.js` with no DATABASE_URL, so it starts the
 * embedded PostgreSQL; then SIGTERM, a restart, a crash (kill -9) and a stale postmaster.pid.
 */
let dir: string;
let pgDir: string;
let pgPort: number;
let httpPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  dir = await mkdtemp(join(tmpdir(), 'dtl-process-'));
  await chmod(dir, 0o755);
  pgDir = join(dir, 'postgres');
  pgPort = await freePort();
  httpPort = await freePort();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (existsSync(join(pgDir, 'postmaster.pid'))) {
    try {
      execFileSync('bash', ['-c', `kill -INT $(head -1 ${join(pgDir, 'postmaster.pid')})`]);
    } catch {
      // already gone
    }
  }
  await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string> = {}): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...childEnv,
      NODE_ENV: 'production',
      // One process: these are a single process's exits (cluster.e2e-spec.ts has the primary's).
      WEB_CONCURRENCY: '1',
      PORT: String(httpPort),
      EMBEDDED_PG_DIR: pgDir,
      EMBEDDED_PG_PORT: String(pgPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(started: Started): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`service exited early:\n${started.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`service did not become healthy:\n${started.output()}`);
}

async function logTypes(): Promise<string[]> {
  const pool = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/diplomacy`, max: 1 });
  try {
    const { rows } = await pool.query<{ type: string }>('SELECT type FROM events ORDER BY global_position');
    return rows.map((row) => row.type);
  } finally {
    await pool.end();
  }
}

describe('the service process with its embedded PostgreSQL', () => {
  it('refuses a bad setting with a message that names the variable', async () => {
    const started = start({ PORT: 'eighty' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
  });

  it('starts, keeps events across a SIGTERM that lets an in-flight request finish, and starts again', async () => {
    const first = start();
    await waitForHealth(first);
    const pool = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/diplomacy` });
    await new PostgresEventStore(pool).append('probe-1', [{ type: 'Persisted', data: { ok: true } }]);
    await pool.end();

    // A request in flight: headers sent, body still coming when SIGTERM arrives.
    const body = JSON.stringify({ query: '{ __typename }' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: httpPort,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      // Nothing outside the service tells that it has read the headers: on loopback 200 ms is
      // ample. The rest of the body waits for the shutdown to have begun, which the log says.
      setTimeout(() => {
        first.child.kill('SIGTERM');
        eventually('the shutdown to begin', () => first.output().includes('Shutting down'), 10_000, 10).then(
          () => req.end(body.slice(10)),
          reject,
        );
      }, 200);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text).data).toEqual({ __typename: 'Query' });
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Shutting down');
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false); // the embedded database stopped too

    const second = start();
    await waitForHealth(second);
    expect(await logTypes()).toEqual(['Persisted']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('explains a database left running by a killed run, and clears a stale postmaster.pid', async () => {
    const crashed = start();
    await waitForHealth(crashed);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // The embedded postgres outlives its killed parent and still holds the data directory.
    const blocked = start();
    expect(await blocked.exited).toBe(1);
    const match = /in use by a running PostgreSQL \(pid (\d+)/.exec(blocked.output());
    expect(match).not.toBeNull();
    expect(blocked.output()).toContain(`kill -INT ${match![1]}`);
    expect(blocked.output()).not.toContain('undefined');

    process.kill(Number(match![1]), 'SIGINT');
    for (let i = 0; i < 100 && existsSync(join(pgDir, 'postmaster.pid')); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Now a pid file whose process is gone, as after a machine crash.
    writeFileSync(join(pgDir, 'postmaster.pid'), `${blocked.child.pid}\n${pgDir}\n`);
    const recovered = start({ LOG_LEVEL: 'info' });
    await waitForHealth(recovered);
    expect(recovered.output()).toContain('Removing stale');
    expect(await logTypes()).toEqual(['Persisted']);
    recovered.child.kill('SIGTERM');
    expect(await recovered.exited).toBe(0);
  });
});

/** A command-line tool as `npm run` starts it: `node dist/cli/<name>.main.js ...args`. */
function cli(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'TEST_DATABASE_URL', 'NODE_OPTIONS']) delete childEnv[key];
  const child = spawn(process.execPath, [`dist/cli/${name}.main.js`, ...args], {
    env: { ...childEnv, EMBEDDED_PG_DIR: pgDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('the command-line tools as processes', () => {
  const tools: Array<[string, string]> = [
    ['keys', 'npm run keys'],
    ['import', 'npm run import'],
    ['export', 'npm run export'],
    ['rebuild-projections', 'npm run projections:rebuild'],
    ['seed-demo', 'npm run seed:demo'],
  ];

  it('print their usage on --help and exit 0, without a database', async () => {
    for (const [name] of tools) {
      const { code, out, err } = await cli(name, ['--help']);
      expect({ name, code, err }).toEqual({ name, code: 0, err: '' });
      expect(out).toMatch(/^Usage:/);
    }
  });

  it('refuse an unknown option with one line on stderr and exit 2, without a database', async () => {
    for (const [name, command] of tools) {
      const { code, out, err } = await cli(name, ['--bogus']);
      expect({ name, code, out, err }).toEqual({
        name,
        code: 2,
        out: '',
        err: `unknown option --bogus (see: ${command} -- --help)\n`,
      });
    }
    expect(await cli('rebuild-projections', ['--batch-size', '0'])).toEqual({
      code: 2,
      out: '',
      err: '--batch-size must be an integer from 1 to 10000, got "0" (see: npm run projections:rebuild -- --help)\n',
    });
  });

  it('refuse a bad setting with its message and exit 1, no stack trace', async () => {
    const { code, err } = await cli('keys', ['list'], { PORT: 'eighty' });
    expect(code).toBe(1);
    expect(err).toBe('Invalid configuration:\n  - PORT must be an integer from 0 to 65535, got "eighty"\n');
  });

  it('do their work, exit 0 and end by themselves (every connection closed)', async () => {
    const db = await createTestDatabase();
    try {
      const created = await cli('keys', ['create', '--name', 'ops', '--role', 'reader'], { DATABASE_URL: db.url });
      expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
      expect(created.out).toMatch(/^Created reader key "ops"/);
      const again = await cli('keys', ['create', '--name', 'ops', '--role', 'reader'], { DATABASE_URL: db.url });
      expect(again).toEqual({
        code: 1,
        out: '',
        err: 'an active key named "ops" exists already; revoke it first or choose another name\n',
      });
    } finally {
      await db.drop();
    }
  });
});
