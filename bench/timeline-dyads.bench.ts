import type { TimelineFilterInput } from '../src/timelines/dto/timeline-filter.input';
import { PAGE_QUERIES, PAGE_SIZE, pageFromGraphQL, type BarePage } from './bare-timeline';
import { measurePage, openBenchReadModel, type StatementFigures } from './statement-load';

/**
 * npm run bench:dyads: the page statements of dyads alone, on a database bench:timeline built
 * (BENCH_TIMELINE_DATABASE, default dtl_bench_timeline, on DATABASE_URL's server; nothing is
 * rebuilt or migrated), beside their limit in the same run: issue 12's dyad target is the actor
 * page's (its actor in one year, first 50). For each page, as bench:timeline-sql measures it: the
 * statement the service runs, EXPLAIN ANALYZE's median execution and planning time, then 8 plain
 * `pg` clients running it as sent for BENCH_SECONDS (5) s, with the backends' CPU per page.
 *
 * Dyads of two actors are two index ranges merge-joined in page order (timeline-sql.ts): a page
 * costs about the rows both ranges hold up to the page's last event; when one actor has few rows
 * (fewer than SPARSE_ROWS), its range drives and the other is probed by key. The kinds:
 * - balanced: bench:timeline's dyad (the pair of its 30 busiest actors sharing the most events);
 * - busy + rare and rare + busy: the busiest actor and an actor with few events that shares some
 *   with it, in both orders (merge-joined, the busiest's range would be read to the rare one's
 *   last event: the rare one drives);
 * - busy + thin: the busiest and the actor with the fewest events above 300 that shares some with
 *   it (merge-joined: the busiest's range is read to the page's last shared event);
 * - directed: the balanced pair, from the first in HOST, GUEST or PARTICIPANT to the second in
 *   GUEST, SPEAKER or ADDRESSEE; allOf: the balanced pair as actors.allOf;
 * - the balanced pair in bench:timeline's year, descending.
 * BENCH_PAGES=name,... runs some (with the actor page); BENCH_PLANS=1 prints each plan.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 8;

interface BenchParams {
  actor: { id: string };
  year: number;
  dyad: { ids: [string, string]; names: [string, string] };
}

async function main(): Promise<void> {
  const { url, params, pool, schema } = await openBenchReadModel<BenchParams>(CONNECTIONS);
  try {
    const current = `recorded_to = 'infinity' AND NOT retracted`;
    const counts = new Map(
      (
        await pool.query<{ actor_id: string; n: string }>(
          `SELECT actor_id, count(*) AS n FROM ${schema}.event_participants WHERE ${current} GROUP BY actor_id`,
        )
      ).rows.map((row) => [row.actor_id, Number(row.n)]),
    );
    const busiest = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    // Among the actors sharing 3 or more events with the busiest, the one with the fewest (5 at
    // least), and the one with the fewest above SPARSE_ROWS (300 at least: merge-joined).
    const sharing = (
      await pool.query<{ actor_id: string }>(
        `SELECT y.actor_id FROM ${schema}.event_participants x
           JOIN ${schema}.event_participants y ON y.event_id = x.event_id AND y.version = x.version AND y.actor_id <> x.actor_id
          WHERE x.actor_id = $1 AND x.recorded_to = 'infinity' AND NOT x.retracted
          GROUP BY y.actor_id HAVING count(*) >= 3`,
        [busiest],
      )
    ).rows
      .map((row) => row.actor_id)
      .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || (a < b ? -1 : 1));
    const rare = sharing.find((id) => (counts.get(id) ?? 0) >= 5)!;
    const thin = sharing.find((id) => (counts.get(id) ?? 0) >= 300)!;
    const [a, b] = params.dyad.ids;
    const year = { value: String(params.year), precision: 'YEAR', timeZone: 'UTC' };
    const page = (filter: object, order: 'ASC' | 'DESC' = 'ASC'): BarePage => {
      const built = pageFromGraphQL(PAGE_QUERIES.dyad, filter as TimelineFilterInput, { first: PAGE_SIZE });
      return { ...built, options: { ...built.options, order } };
    };
    const pages: Record<string, [string, BarePage]> = {
      actor: [
        'the limit: bench:timeline’s actor page (one actor, one year)',
        page({ actors: { anyOf: [params.actor.id] }, dateRange: { from: year, to: year } }),
      ],
      busiest: ['the busiest actor alone, no range', page({ actors: { anyOf: [busiest] } })],
      balanced: ['dyad of the balanced pair', page({ dyad: { actors: [a, b] } })],
      'balanced year DESC': [
        `the same in ${params.year}, descending`,
        page({ dyad: { actors: [a, b] }, dateRange: { from: year, to: year } }, 'DESC'),
      ],
      'busy + rare': ['dyad, the busiest actor first', page({ dyad: { actors: [busiest, rare] } })],
      'rare + busy': ['dyad, the rare actor first', page({ dyad: { actors: [rare, busiest] } })],
      'busy + thin': [
        'dyad, the busiest and an actor of a few hundred events',
        page({ dyad: { actors: [busiest, thin] } }),
      ],
      directed: [
        'directed dyad of the balanced pair',
        page({
          dyad: {
            from: { actor: a, roles: ['HOST', 'GUEST', 'PARTICIPANT'] },
            to: { actor: b, roles: ['GUEST', 'SPEAKER', 'ADDRESSEE'] },
          },
        }),
      ],
      allOf: ['allOf of the balanced pair', page({ actors: { allOf: [a, b] } })],
    };
    const only = process.env.BENCH_PAGES?.split(',');
    const format = (n: number) => n.toLocaleString('en-US');
    console.log(`${url.replace(/:[^:@/]*@/, ':***@')} ${schema}, ${CONNECTIONS} clients, ${SECONDS} s per page`);
    console.log(
      `Balanced pair: ${params.dyad.names.join(' / ')} (${format(counts.get(a) ?? 0)} / ${format(counts.get(b) ?? 0)} current participant rows); busiest ${format(counts.get(busiest)!)}, rare ${format(counts.get(rare)!)}, thin ${format(counts.get(thin)!)}.`,
    );
    console.log(
      '| page | events | execution | planning | plain pg req/s | p50 | backend CPU per page | vs the actor page (CPU) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    let limit: StatementFigures | undefined;
    for (const [name, [description, bare]] of Object.entries(pages)) {
      if (only && name !== 'actor' && !only.includes(name)) continue;
      const { figures } = await measurePage(pool, schema, bare, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        withPlan: Boolean(process.env.BENCH_PLANS),
        label: name.replace(/\W+/g, '_'),
      });
      limit ??= figures;
      const events = (figures.sample[0] as { page: { nodes: unknown[] | null } }).page.nodes?.length ?? 0;
      console.log(
        `| ${name}: ${description} | ${events} | ${figures.executionMs.toFixed(2)} ms | ${figures.planningMs.toFixed(2)} ms | ${figures.perSecond.toFixed(0)} | ${figures.p50Ms.toFixed(2)} ms | ${figures.cpuMs.toFixed(2)} ms | ${name === 'actor' ? 'the limit' : `${(figures.cpuMs / limit.cpuMs).toFixed(2)}x (execution ${(figures.executionMs / limit.executionMs).toFixed(2)}x)`} |`,
      );
      if (figures.plans)
        console.log(`  prepared: generic plans ${figures.plans.generic_plans}, custom ${figures.plans.custom_plans}`);
      if (figures.plan) console.log(figures.plan);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
