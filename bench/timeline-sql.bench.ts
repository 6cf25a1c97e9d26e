import type { TimelineFilterInput } from '../src/timelines/dto/timeline-filter.input';
import { PAGE_QUERIES, PAGE_SIZE, pageFromGraphQL, type BarePage } from './bare-timeline';
import { measurePage, openBenchReadModel } from './statement-load';

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

async function main(): Promise<void> {
  const { url, params, pool, schema } = await openBenchReadModel<BenchParams>(CONNECTIONS);
  try {
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
      const { statement, figures } = await measurePage(pool, schema, page, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        withPlan: Boolean(process.env.BENCH_PLANS),
      });
      if (figures.plan) console.log(figures.plan);
      console.log(
        `| ${name} | ${statement.name ? 'yes' : 'no'} | ${figures.executionMs.toFixed(2)} ms | ${figures.planningMs.toFixed(2)} ms | ${figures.perSecond.toFixed(0)} | ${figures.p50Ms.toFixed(2)} ms | ${figures.cpuMs.toFixed(2)} ms | ${figures.bytes} |${figures.plans ? ` generic ${figures.plans.generic_plans}, custom ${figures.plans.custom_plans}` : ''}`,
      );
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
