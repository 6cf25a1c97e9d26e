import { Pool } from 'pg';
import { PostgresEventStore } from '../src/event-store/event-store';
import { describePhases, rebuildReadModel, type RebuildResult } from '../src/timelines/projection/rebuild';
import { DatabaseCpu } from './database-cpu';
import { cachedBenchDatabase, readMeta, writeMeta } from './timeline-database';
import { appendTimelineLog, LOG_SHAPE_VERSION, type TimelineLogSummary } from './timeline-log';

/**
 * npm run bench:rebuild [-- --fresh] [-- --no-vacuum]: rebuilds of the read model from the
 * bench's synthetic log (timeline-log.ts, BENCH_EVENTS events, 1,000,000 by default), timed from
 * the start to the swap (indexes, ANALYZE and VACUUM included) by rebuildReadModel itself, with
 * its phases, BENCH_RUNS (3) times in a row; the median against issue 16's 10,000 events/s
 * (a figure, not an assertion).
 *
 * The log is kept in a database of its own, BENCH_REBUILD_DATABASE (dtl_bench_rebuild; one with a
 * smaller BENCH_EVENTS gets _<n> appended), on the server of BENCH_DATABASE_URL or DATABASE_URL
 * (an embedded PostgreSQL otherwise): a copy of bench:timeline's log made with
 * `CREATE DATABASE dtl_bench_rebuild TEMPLATE dtl_bench_timeline` is used as it is. When the log
 * is written by this run (none yet, or --fresh), the first rebuild runs right after it ("right
 * after writing the log": its pages not vacuumed, the server still writing them out); the others
 * after `VACUUM ANALYZE` of the log's tables ("settled"), as every run does with a kept log unless
 * --no-vacuum.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SEED = Number(process.env.BENCH_TIMELINE_SEED ?? 20_060_101);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 10_000;
const DATABASE =
  process.env.BENCH_REBUILD_DATABASE ?? (EVENTS === 1_000_000 ? 'dtl_bench_rebuild' : `dtl_bench_rebuild_${EVENTS}`);
const args = new Set(process.argv.slice(2));

function log(message: string): void {
  console.log(`[bench:rebuild ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The middle value; of an even count (two settled runs after a fresh log), the mean of the middle two. */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const db = await cachedBenchDatabase({
    fresh: args.has('--fresh'),
    logParts: [String(LOG_SHAPE_VERSION), String(EVENTS), String(SEED)],
    database: DATABASE,
  });
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const store = new PostgresEventStore(pool, undefined, {}, false);
  const runs: { state: string; result: RebuildResult; cpu: string }[] = [];
  try {
    let summary = await readMeta<TimelineLogSummary>(db.url, 'log_summary');
    let justWritten = false;
    if (db.created || !summary) {
      log(`writing ${format(EVENTS)} log events into ${DATABASE}`);
      const started = process.hrtime.bigint();
      summary = await appendTimelineLog(store, { events: EVENTS, seed: SEED });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await writeMeta(db.url, 'log_summary', { ...summary, seconds });
      await writeMeta(db.url, 'log_fingerprint', db.logFingerprint);
      log(`log written in ${seconds.toFixed(0)} s`);
      justWritten = true;
    } else {
      log(`reusing the log in ${DATABASE} (--fresh writes it anew)`);
    }
    log(`${db.server}; ${format(summary.entries)} log entries`);

    for (let run = 1; run <= RUNS; run += 1) {
      const settled = !(justWritten && run === 1) && !args.has('--no-vacuum');
      if (settled && (run === 1 || justWritten)) {
        log('VACUUM ANALYZE of the log (settled)');
        await pool.query('VACUUM ANALYZE events');
        await pool.query('VACUUM ANALYZE streams');
      }
      const state = justWritten && run === 1 ? 'right after writing the log' : settled ? 'settled' : 'not vacuumed';
      log(`rebuild ${run} of ${RUNS} (${state})`);
      let reported = 0;
      const cpu = await DatabaseCpu.start(db.url);
      // CPU seconds (this process, the database's backends) at the start and where the phases change.
      const marks: Promise<{ at: string; node: number; postgres: number }>[] = [mark(cpu, 'start')];
      const result = await rebuildReadModel({
        connectionString: db.url,
        store,
        onProgress: (progress) => {
          if (progress.events - reported < 250_000) return;
          reported = progress.events;
          log(`  ${format(progress.events)} events (${format(progress.events / progress.elapsedSeconds)} events/s)`);
        },
        logger: {
          log: (m) => {
            if (m.startsWith('Creating the remaining indexes')) marks.push(mark(cpu, 'projecting and closing'));
            if (m.startsWith('Vacuuming rm_')) marks.push(mark(cpu, 'indexes'));
            log(`  ${m}`);
          },
          warn: (m) => log(`  WARN ${m}`),
          error: (m) => log(`  ERROR ${m}`),
        },
      });
      marks.push(mark(cpu, 'vacuum and swap'));
      const taken = await Promise.all(marks);
      await cpu.stop();
      const phases = taken.slice(1).map((m, i) => {
        const node = m.node - taken[i]!.node;
        const postgres = m.postgres - taken[i]!.postgres;
        return `${m.at}: Node ${node.toFixed(1)} s, PostgreSQL ${postgres.toFixed(1)} s`;
      });
      log(`  CPU: ${phases.join('; ')}`);
      runs.push({ state, result, cpu: phases.join('; ') });
    }
  } finally {
    await pool.end();
    await db.close();
  }

  console.log(
    `\nRebuilds of ${format(runs[0]!.result.events)} log events (start to swap, indexes and VACUUM included):`,
  );
  for (const [i, { state, result }] of runs.entries())
    console.log(
      `  ${i + 1}. ${state}: ${result.seconds.toFixed(1)} s = ${format(result.eventsPerSecond)} events/s (${describePhases(result.phases)})`,
    );
  console.log('CPU seconds per phase (this process; the database backends, parallel workers included):');
  for (const [i, { cpu }] of runs.entries()) console.log(`  ${i + 1}. ${cpu}`);
  const settled = runs.filter((run) => run.state !== 'right after writing the log');
  const figure = median((settled.length > 0 ? settled : runs).map((run) => run.result.eventsPerSecond));
  console.log(
    `Median${settled.length < runs.length ? ' of the settled runs' : ''}: ${format(figure)} events/s ` +
      `(target >= ${format(TARGET)}: ${figure >= TARGET ? 'met' : 'not met'})`,
  );
}

async function mark(cpu: DatabaseCpu, at: string): Promise<{ at: string; node: number; postgres: number }> {
  return { at, ...(await cpu.now()) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
