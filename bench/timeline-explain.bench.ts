import { writeFile } from 'node:fs/promises';
import { Pool } from 'pg';
import { TimelineQueries } from '../src/timelines/queries/index';
import { recordStatements, type RecordedStatement } from '../test/support/query-plans';
import { loadSyntheticReadModel } from '../test/support/read-model-fixtures';
import { pages } from '../test/support/timeline-pages';
import { benchDatabase } from './bench-database';

/**
 * npm run bench:explain -- <file>: EXPLAIN (ANALYZE, BUFFERS) of each timeline page the plan tests
 * check (test/integration/timeline-queries-plans.int-spec.ts), with the client's median time of
 * 21 runs, on the same synthetic read model; TIMELINE_SYNTHETIC_EVENTS (20,000) sets its size.
 * Plans to read, not assertions: the plan tests assert what must hold.
 */
const EVENTS = Number(process.env.TIMELINE_SYNTHETIC_EVENTS ?? 20_000);
const ACTORS = Math.max(200, Math.round(EVENTS / 100));
const output = process.argv[2];

async function main(): Promise<void> {
  if (!output) throw new Error('usage: npm run bench:explain -- <file>');
  const database = await benchDatabase('dtl_bench_explain');
  const pool = new Pool({ connectionString: database.url, max: 2 });
  try {
    await loadSyntheticReadModel(pool, 'rm_1', { events: EVENTS, actors: ACTORS });
    // The statement a page runs, as the pool is asked for it.
    const statements: RecordedStatement[] = [];
    recordStatements(pool, statements);
    const queries = new TimelineQueries(pool, async () => 'rm_1');

    const { rows } = await pool.query<{ versions: string; participants: string }>(
      `SELECT (SELECT count(*) FROM rm_1.event_versions) AS versions, (SELECT count(*) FROM rm_1.event_participants) AS participants`,
    );
    const visibility = await pool.query<{ relname: string; relpages: number; relallvisible: number }>(
      `SELECT relname, relpages, relallvisible FROM pg_class WHERE relnamespace = 'rm_1'::regnamespace AND relkind = 'r' ORDER BY relname`,
    );
    const lines = [
      `${database.server}`,
      `event_versions ${rows[0]!.versions} rows, event_participants ${rows[0]!.participants} rows, ${ACTORS} actors`,
      ...visibility.rows.map((r) => `${r.relname}: ${r.relpages} pages, ${r.relallvisible} all-visible`),
    ];
    for (const [name, [filter, options]] of Object.entries(pages)) {
      for (let warm = 0; warm < 3; warm += 1) await queries.timeline(filter, options);
      const times: number[] = [];
      for (let run = 0; run < 21; run += 1) {
        const started = process.hrtime.bigint();
        await queries.timeline(filter, options);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      statements.length = 0;
      await queries.timeline(filter, options);
      const [statement] = statements;
      const explained = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement!.text}`,
        statement!.values,
      );
      const timed = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, TIMING OFF) ${statement!.text}`,
        statement!.values,
      );
      lines.push(
        `---- ${name}: client median ${times[10]!.toFixed(2)} ms; ${timed.rows.at(-1)!['QUERY PLAN']} (timing off)`,
        ...explained.rows.map((row) => row['QUERY PLAN']),
      );
    }
    statements.length = 0;
    await queries.actors({ search: 'actor 1234', first: 20 });
    const search = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statements[0]!.text}`,
      statements[0]!.values,
    );
    lines.push('---- actors search "actor 1234"', ...search.rows.map((row) => row['QUERY PLAN']));
    await writeFile(output, `${lines.join('\n')}\n`);
    console.log(`wrote the plans of ${Object.keys(pages).length + 1} statements to ${output}`);
  } finally {
    await pool.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
