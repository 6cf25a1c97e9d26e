import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import type { RunningService } from '../../src/service';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { generationDifferences } from '../../src/timelines/projection/testing/compare-generations';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { faultsAvailable } from '../support/faults';
import { PgServer } from '../support/pg-cluster';
import { startTestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';

/**
 * `npm run projections:rebuild` killed with SIGKILL (no cleanup of its own) while it projects into
 * its new generation, and again while it builds that generation's indexes: the service goes on
 * serving and projecting the active generation, and a rebuild started afterwards clears what the
 * killed ones left, swaps in a generation equal row for row to the one projected live, and leaves
 * no other generation behind. The rebuild runs as a user runs it, `node dist/cli/...`.
 */
const available = faultsAvailable();
let server: PgServer;
let url: string;
let service: RunningService;
let pool: Pool;

const EVENTS = 20_000;

interface Rebuild {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startRebuild(): Rebuild {
  const child = spawn(
    process.execPath,
    ['dist/cli/rebuild-projections.main.js', '--batch-size', '200', '--keep-previous'],
    { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the rebuild has printed a line matching `pattern` (its progress is the signal). */
function printed(rebuild: Rebuild, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(rebuild.output())) {
        rebuild.child.stdout!.off('data', check);
        resolve();
      }
    };
    rebuild.child.stdout!.on('data', check);
    void rebuild.exited.then(() =>
      reject(new Error(`the rebuild exited before printing ${pattern}:\n${rebuild.output()}`)),
    );
    check();
  });
}

const active = async () =>
  (await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state')).rows[0]!.active_schema;
const generations = async () =>
  (
    await pool.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$' ORDER BY 1`)
  ).rows.map((row) => row.nspname);

(available.run ? describe : describe.skip)(`a rebuild killed with SIGKILL${available.reason}`, () => {
  beforeAll(async () => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    server = await PgServer.primary();
    url = await server.createDatabase('faults_rebuild');
    pool = new Pool({ connectionString: url, max: 3 });
    service = await startTestApp({ url } as TestDatabase);
    const store = service.app.get(PostgresEventStore);
    await appendSyntheticLog(store, { events: EVENTS, seed: 7, streamsPerTransaction: 50 });
    const head = await store.headPosition();
    expect(await service.app.get(ProjectionStatus).waitForPosition(head, 120_000)).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await service?.shutdown();
    await pool?.end();
    await server?.destroy();
  });

  it('leaves the active generation serving, and the next rebuild clears up and swaps in an equal one', async () => {
    const before = await active();

    // Killed while projecting into its new generation.
    const first = startRebuild();
    await printed(first, /Rebuilding the read model in rm_\d+/);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(await active()).toBe(before);

    // Killed while building the new generation's indexes.
    const second = startRebuild();
    await printed(second, /Creating the remaining indexes of rm_\d+/);
    second.child.kill('SIGKILL');
    expect(await second.exited).toBeNull();
    expect(await active()).toBe(before);

    // The service went on: its read model still answers and follows the log.
    const store = service.app.get(PostgresEventStore);
    await appendSyntheticLog(store, { events: 200, seed: 8, streamsPerTransaction: 20 });
    expect(await service.app.get(ProjectionStatus).waitForPosition(await store.headPosition(), 60_000)).toBe(true);

    // A rebuild started again completes, clears what the killed ones left and swaps.
    const third = startRebuild();
    expect(await third.exited).toBe(0);
    const rebuilt = /Done: (rm_\d+) is active/.exec(third.output())?.[1];
    expect(rebuilt).toBeDefined();
    expect(await active()).toBe(rebuilt);
    expect(await generations()).toEqual([before, rebuilt].sort());
    // The live projector moved to the new generation; both hold the same rows once it caught up.
    expect(await service.app.get(ProjectionStatus).waitForPosition(await store.headPosition(), 60_000)).toBe(true);
    expect(await generationDifferences(pool, before, rebuilt!)).toEqual([]);
  }, 300_000);
});
