import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ApiKeysRepository } from '../src/access/api-keys.repository';
import { seedDemo } from '../src/admin/seed/seed-demo';
import { importCommand } from '../src/cli/import';
import { commandServices } from '../src/editorial/command-services';
import { appendSyntheticLog } from '../src/timelines/projection/testing/synthetic-log';
import { benchDatabase } from './bench-database';
import { attacks, type Attack, type AttackContext } from './attack/attacks';
import { post } from './attack/client';
import { processMemoryMiB } from './attack/memory';
import { probeWhile, TIMELINE_PAGE, type Latency } from './attack/probe';
import { startService, type ServiceProcess } from './service-process';

/**
 * npm run bench:attack: each attack of issue 9 against the built service (`node dist/main.js`, a
 * child process on 127.0.0.1), with the latency of an innocent query measured while it runs.
 *
 * The database (BENCH_DATABASE_URL / DATABASE_URL, or an embedded PostgreSQL) gets the demo story,
 * the ICEWS fixture and BENCH_ATTACK_EVENTS (2,000) synthetic events, about the 1,900 events the
 * issue was found with. Per attack: PROBES (20) innocent probes, one after another, while the attack
 * is fired again and again (at most ATTACK_SECONDS, 60 s); then the service's RSS and whether it
 * still answers (it is restarted for the next attack when it died). The service's heap is capped
 * at BENCH_ATTACK_HEAP_MB (1,024) so that an attack that succeeds takes the service down, not the
 * machine.
 */
const PROBES = Number(process.env.BENCH_ATTACK_PROBES ?? 20);
const BASELINE_PROBES = 50;
const ATTACK_SECONDS = Number(process.env.BENCH_ATTACK_SECONDS ?? 60);
const EVENTS = Number(process.env.BENCH_ATTACK_EVENTS ?? 2_000);
const HEAP_MB = Number(process.env.BENCH_ATTACK_HEAP_MB ?? 1_024);
const RSS_LIMIT_MIB = 400;
const ONLY = process.env.BENCH_ATTACK_ONLY; // a substring of an attack's name, to run that one alone

interface Row {
  attack: string;
  outcome: string;
  during: Latency;
  baseline: Latency;
  rss: string;
  alive: string;
  note: string;
}

async function main(): Promise<void> {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');

  const database = await benchDatabase('dtl_bench_attack');
  const pool = new Pool({ connectionString: database.url, max: 4 });
  let service: ServiceProcess | undefined;
  try {
    process.stdout.write(`Database: ${database.server}\n`);
    await fill(pool, database.url);
    const { key } = await new ApiKeysRepository(pool).create('bench-attack-editor', 'editor');
    const start = async () => {
      const started = await startService({
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
      });
      await caughtUp(started.url);
      return started;
    };
    service = await start();
    const events = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    process.stdout.write(
      `Service: ${service.url} (pid ${service.pid}, heap cap ${HEAP_MB} MB), ${events} events in the log\n\n`,
    );

    const rows: Row[] = [];
    for (const attack of attacks().filter((a) => !ONLY || a.name.includes(ONLY))) {
      const ctx: AttackContext = {
        url: service.url,
        databaseUrl: database.url,
        pool,
        editor: { authorization: `Bearer ${key}` },
      };
      const innocent = attack.innocent ?? TIMELINE_PAGE;
      const baseline = await probeWhile(service.url, innocent, (sent) => sent < BASELINE_PROBES);
      process.stdout.write(`${attack.name} ...\n`);
      const row = await run(attack, ctx, baseline, service.pid);
      rows.push(row);
      process.stdout.write(
        `  ${row.outcome}; innocent p50/p99 ${ms(row.during)} (baseline ${ms(baseline)}); RSS ${row.rss}; alive ${row.alive}${row.note ? `; ${row.note}` : ''}\n`,
      );
      if (row.alive !== 'yes') {
        await service.stop();
        service = await start();
        row.alive += ' (restarted for the next attack)';
      }
    }
    printTable(rows);
  } finally {
    await service?.stop();
    await pool.end();
    await database.close();
  }
}

/** The demo story, the ICEWS fixture and synthetic events, written before the service starts. */
async function fill(pool: Pool, url: string): Promise<void> {
  const services = commandServices(pool);
  await seedDemo(services.store, services);
  const dir = await mkdtemp(join(tmpdir(), 'dtl-bench-attack-'));
  try {
    await importCommand(
      ['test/fixtures/imports/icews-excerpt.tab', '--format', 'icews', '--rejects', join(dir, 'rejects.ndjson')],
      { ...process.env, DATABASE_URL: url },
      { write: () => true },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await appendSyntheticLog(services.store, { events: EVENTS, seed: 9 });
}

/** Polls projectionStatus until the read model has every event (bounded). */
async function caughtUp(url: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const answer = await post(url, '{ projectionStatus { lagEvents } }', {}, {}, 10_000);
    if ((answer.data as { projectionStatus?: { lagEvents: number } } | undefined)?.projectionStatus?.lagEvents === 0)
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the read model did not catch up within 180 s');
}

/** Sets the attack up, fires it while the probes run, tears it down, and checks the service. */
async function run(attack: Attack, ctx: AttackContext, baseline: Latency, pid: number): Promise<Row> {
  const notes: string[] = [];
  let outcome = '';
  const deadline = Date.now() + ATTACK_SECONDS * 1_000;
  try {
    const set = (await attack.setup?.(ctx)) ?? {};
    if (set.outcome) outcome = set.outcome;
    if (set.note) notes.push(set.note);
  } catch (error) {
    outcome = `setup failed: ${(error as Error).message}`;
  }
  let probing = true;
  let fired = 0;
  const firing = (async () => {
    if (!attack.fire) return;
    // Past the probes, an attack that measures something itself goes on to its minFires.
    for (; Date.now() < deadline && (probing || fired < (attack.minFires ?? 0)); fired += 1) {
      const result = await attack
        .fire(ctx)
        .catch((error: Error) => ({ outcome: `failed: ${error.message}`, note: undefined }));
      if (fired === 0) {
        if (result.outcome) outcome = result.outcome;
        if (result.note) notes.push(result.note);
      }
    }
  })();
  const during = await probeWhile(
    ctx.url,
    attack.innocent ?? TIMELINE_PAGE,
    (sent) => Date.now() < deadline && sent < PROBES,
  );
  probing = false;
  await firing;
  const torn = await attack.teardown?.(ctx).catch((error: Error) => `teardown failed: ${error.message}`);
  if (torn) notes.push(torn);
  const memory = processMemoryMiB(pid);
  const alive = memory ? await post(ctx.url, TIMELINE_PAGE.query, {}, {}, 10_000) : undefined;
  return {
    attack: attack.name,
    outcome,
    during,
    baseline,
    rss: memory
      ? `${memory.rss.toFixed(0)} MiB (peak ${memory.peak.toFixed(0)}; limit ${RSS_LIMIT_MIB})`
      : 'process gone',
    alive: !memory
      ? 'no (exited)'
      : alive && alive.status === 200 && !alive.code
        ? 'yes'
        : `no (${alive?.code ?? alive?.status})`,
    note: notes.join('; '),
  };
}

const ms = (latency: Latency) =>
  `${latency.p50.toFixed(0)}/${latency.p99.toFixed(0)} ms${latency.failed > 0 ? ` (${latency.failed}/${latency.probes} failed)` : ''}`;

function printTable(rows: Row[]): void {
  const header = [
    'attack',
    'outcome',
    'innocent p50/p99 during',
    'baseline p50/p99',
    `RSS after (limit ${RSS_LIMIT_MIB} MiB)`,
    'alive',
  ];
  const cells = rows.map((r) => [r.attack, r.outcome, ms(r.during), ms(r.baseline), r.rss, r.alive]);
  process.stdout.write(`\n| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n`);
  for (const row of cells) process.stdout.write(`| ${row.join(' | ')} |\n`);
  process.stdout.write('\nNotes:\n');
  for (const row of rows) if (row.note) process.stdout.write(`- ${row.attack}: ${row.note}\n`);
  process.stdout.write(
    `\n${PROBES} probes per attack (timeouts 10 s), ${BASELINE_PROBES} for each baseline; the attack fired again and again while they ran (at most ${ATTACK_SECONDS} s).\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
