import { readFileSync } from 'node:fs';
import { Pool, type QueryConfig } from 'pg';
import type { TimelineFilterInput } from '../src/timelines/dto/timeline-filter.input';
import {
  omittedDocKeys,
  PAGE_QUERIES,
  PAGE_SIZE,
  pageFromGraphQL,
  pageStatement,
  type BarePage,
} from './bare-timeline';
import { readMeta } from './timeline-database';

/**
 * npm run bench:timeline-sql: the PostgreSQL side of bench:timeline's pages alone, on a database
 * bench:timeline built (BENCH_TIMELINE_DATABASE, default dtl_bench_timeline, on DATABASE_URL's
 * server; nothing is rebuilt or migrated): for each page the statement the service runs, its
 * EXPLAIN ANALYZE (median execution and planning time of 15), then 8 plain `pg` clients running it
 * as the service sends it (prepared or not) for BENCH_SECONDS (5) s, with the PostgreSQL backends'
 * CPU time per statement (from /proc, when the server runs on this machine). Quick A/B runs of the
 * page statements: run it on each build, back to back.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 8;
type PageName = 'actor' | 'asOf' | 'dyad' | 'text';

interface BenchParams {
  actor: { id: string };
  year: number;
  asOf: string;
  dyad: { ids: [string, string] };
  text: { word: string };
}

/** utime + stime of a process, in clock ticks (100 per second here); NaN when /proc cannot tell. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/${process.env.BENCH_TIMELINE_DATABASE ?? 'dtl_bench_timeline'}`;
  const url = server.toString();
  const params = await readMeta<BenchParams>(url, 'params');
  if (!params) throw new Error(`no bench params in ${url}: run bench:timeline on it first`);
  const pool = new Pool({ connectionString: url, max: CONNECTIONS });
  try {
    const schema = (await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state')).rows[0]!
      .active_schema;
    const year = { value: String(params.year), precision: 'YEAR', timeZone: 'UTC' };
    const actor = { actors: { anyOf: [params.actor.id] }, dateRange: { from: year, to: year } } as TimelineFilterInput;
    const pages: Record<PageName, BarePage> = {
      actor: pageFromGraphQL(PAGE_QUERIES.actor, actor, { first: PAGE_SIZE }),
      asOf: pageFromGraphQL(PAGE_QUERIES.actor, actor, { first: PAGE_SIZE, asOf: new Date(params.asOf) }),
      dyad: pageFromGraphQL(PAGE_QUERIES.dyad, { dyad: { actors: params.dyad.ids } } as TimelineFilterInput, {
        first: PAGE_SIZE,
      }),
      text: pageFromGraphQL(PAGE_QUERIES.text, { text: params.text.word } as TimelineFilterInput, { first: PAGE_SIZE }),
    };
    const only = process.env.BENCH_PAGES?.split(',');
    console.log(`${url.replace(/:[^:@/]*@/, ':***@')} ${schema}, ${CONNECTIONS} clients, ${SECONDS} s per page`);
    console.log(
      '| page | prepared | execution | planning | plain pg req/s | p50 | backend CPU per page | bytes per page |',
    );
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, page] of Object.entries(pages) as [PageName, BarePage][]) {
      if (only && !only.includes(name)) continue;
      const statement = await pageStatement(schema, page.filter, {
        ...page.options,
        omitDocKeys: omittedDocKeys(page.query),
      });
      const { text, values } = statement;
      const asSent: QueryConfig = { ...statement, name: statement.name ? `bench_${statement.name}` : undefined };
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.connect()));
      try {
        const pids: number[] = [];
        for (const client of clients) {
          pids.push((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
          for (let i = 0; i < 10; i += 1) await client.query(asSent);
        }
        const sample = await clients[0]!.query(asSent);
        const bytes = Buffer.byteLength(JSON.stringify(sample.rows));
        const executions: number[] = [];
        const plannings: number[] = [];
        for (let i = 0; i < 15; i += 1) {
          const { rows } = await clients[0]!.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, TIMING OFF) ${text}`,
            values,
          );
          const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
          executions.push(Number(/Execution Time: ([\d.]+)/.exec(plan)![1]));
          plannings.push(Number(/Planning Time: ([\d.]+)/.exec(plan)![1]));
        }
        if (process.env.BENCH_PLANS) {
          const { rows } = await clients[0]!.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
            values,
          );
          console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
        const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
        const before = pids.map(cpuTicks);
        const latencies: number[] = [];
        const until = Date.now() + SECONDS * 1000;
        await Promise.all(
          clients.map(async (client) => {
            while (Date.now() < until) {
              const started = process.hrtime.bigint();
              await client.query(asSent);
              latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            }
          }),
        );
        const ticks = pids.map(cpuTicks).reduce((sum, after, i) => sum + after - before[i]!, 0);
        const plans = statement.name
          ? (
              await clients[1]!.query<{ generic_plans: string; custom_plans: string }>(
                'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
                [asSent.name],
              )
            ).rows[0]
          : undefined;
        latencies.sort((a, b) => a - b);
        console.log(
          `| ${name} | ${statement.name ? 'yes' : 'no'} | ${median(executions).toFixed(2)} ms | ${median(plannings).toFixed(2)} ms | ${(latencies.length / SECONDS).toFixed(0)} | ${latencies[Math.floor(latencies.length / 2)]!.toFixed(2)} ms | ${((ticks * 10) / latencies.length).toFixed(2)} ms | ${bytes} |${plans ? ` generic ${plans.generic_plans}, custom ${plans.custom_plans}` : ''}`,
        );
      } finally {
        for (const client of clients) client.release(true);
      }
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
