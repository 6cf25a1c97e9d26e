import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import { chooseWorkers, instanceShare } from '../src/config/connection-budget';
import { parseEnv } from '../src/config/env';
import { temporalInterval } from '../src/diplomacy/temporal';
import { PostgresEventStore } from '../src/event-store/event-store';
import { rebuildReadModel } from '../src/timelines/projection/rebuild';
import type { TimelineFilterInput } from '../src/timelines/dto/timeline-filter.input';
import type { TimelineFilter, TimelineOptions } from '../src/timelines/queries';
import {
  omittedDocKeys,
  PAGE_QUERIES,
  PAGE_SIZE,
  pageFromGraphQL,
  pageFromJson,
  pageToJson,
  pageStatement,
  type BarePageJson,
} from './bare-timeline';
import { load, medianOf, type LoadResult } from './http-load';
import { startService, type ServiceProcess } from './service-process';
import { cachedBenchDatabase, readMeta, readModelFingerprint, writeMeta } from './timeline-database';
import { appendTimelineLog, LOG_SHAPE_VERSION, STREAMS_PER_APPEND, type TimelineLogSummary } from './timeline-log';

/**
 * npm run bench:timeline [-- --fresh] [-- --rebuild] [-- --plans]; BENCH_EVENTS (or
 * BENCH_TIMELINE_EVENTS) for a smaller log, kept in a database of its own
 * (dtl_bench_timeline_<n>; BENCH_TIMELINE_DATABASE names another). The service and the bare
 * server run as many processes as the service runs by default here (chooseWorkers: the cores, as
 * far as the connection budget allows; WEB_CONCURRENCY sets it), each with the read pool the
 * service's own rule gives per worker (BENCH_POOL_SIZE sets it).
 *
 * 1. A synthetic log of BENCH_EVENTS (1,000,000) events, appended through appendBatch
 *    (see timeline-log.ts), in the database dtl_bench_timeline, kept between runs (--fresh
 *    regenerates it).
 * 2. The read model rebuilt from it by rebuildReadModel, timed (again whenever the DDL or the
 *    projection code changed since the cached build, or with --rebuild). When it was rebuilt, the
 *    service is loaded with 8 clients right away, page by page ("right after"; the rebuild's own
 *    VACUUM is all there is), then the bench runs VACUUM ANALYZE, and the figures of step 4 are
 *    the settled ones: the report gives right after / settled against issue 12's 0.8.
 * 3. The PostgreSQL side of each page: EXPLAIN ANALYZE's execution time, and the service's
 *    statement (with the doc members its query leaves out) run by 8 plain `pg` clients in this
 *    process (the database's limit for it).
 * 4. The built service (dist/main.js, PROJECTOR=false) and the bare node:http + pg server
 *    (bare-timeline-server.ts: the same statement, the same JSON, checked equal on each page's
 *    first request) as child processes, loaded over HTTP by autocannon page by page, for an
 *    actor's page in one year (as known now and as of a past moment), a dyad and a text search:
 *    the service with 8 connections (throughput: on 2 cores the service, PostgreSQL and
 *    autocannon share the CPU, so latency there is mostly queueing), then 1 connection (the
 *    latency of a request alone), then the bare server with 8; BENCH_SECONDS (10) s per run after
 *    BENCH_WARMUP_SECONDS (3) of warm-up, median of BENCH_RUNS (3) runs.
 * 5. The report: the service's figures, then each page against the bare server and plain pg,
 *    with their ratios and issue 12's targets ("met" / "not met": figures, not assertions); peak
 *    RSS per process (the largest of the cluster's processes, issue 12's limit being per process).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? process.env.BENCH_TIMELINE_EVENTS ?? 1_000_000);
const SEED = Number(process.env.BENCH_TIMELINE_SEED ?? 20_060_101);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 8;
const PAGE = PAGE_SIZE;
const args = new Set(process.argv.slice(2));
/** Issue 12's targets, printed beside the figures (benchmark figures, never test assertions). */
const TARGETS = {
  pageRps: 600,
  pageToBare: 0.75,
  pageP99: 50,
  textRps: 150,
  textToPg: 0.85,
  rightAfterToSettled: 0.8,
  rssMiB: 200,
};
type PageName = 'actor' | 'asOf' | 'dyad' | 'text';

interface BenchParams {
  actor: { id: string; name: string; events: number; rank: number; of: number };
  year: number;
  yearEvents: number;
  asOf: string;
  versionsSince: number;
  dyad: { ids: [string, string]; names: [string, string]; shared: number; events: [number, number] };
  text: { word: string; share: number };
}

interface RebuildRecord {
  fingerprint: string;
  schema: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** The bench's VACUUM ANALYZE after the right-after measurement (what the rebuild's own VACUUM left to do). */
  vacuumSeconds: number;
  /** Where the time went, from the rebuild's own log lines. */
  phases?: string;
  at: string;
}

const QUERIES = PAGE_QUERIES;

function log(message: string): void {
  console.log(`[bench:timeline ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  log('npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');

  const db = await cachedBenchDatabase({
    fresh: args.has('--fresh'),
    logParts: [String(LOG_SHAPE_VERSION), String(EVENTS), String(SEED)],
  });
  const pool = new Pool({ connectionString: db.url, max: CONNECTIONS + 2 });
  const store = new PostgresEventStore(pool, undefined, {}, false);
  try {
    // ---- 1. the log
    let summary = await readMeta<TimelineLogSummary & { seconds: number }>(db.url, 'log_summary');
    if (db.created || !summary) {
      log(`generating ${format(EVENTS)} log events, ${STREAMS_PER_APPEND} streams per appendBatch`);
      const started = process.hrtime.bigint();
      let reported = 0;
      const written = await appendTimelineLog(store, {
        events: EVENTS,
        seed: SEED,
        onProgress: (appended) => {
          if (appended - reported < 100_000) return;
          reported = appended;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          log(`  ${format(appended)} appended (${format(appended / seconds)} events/s)`);
        },
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      summary = { ...written, seconds };
      await pool.query('VACUUM ANALYZE events');
      await pool.query('VACUUM ANALYZE streams');
      await writeMeta(db.url, 'log_summary', summary);
      await writeMeta(db.url, 'log_fingerprint', db.logFingerprint);
      log(`log written in ${seconds.toFixed(0)} s (${format(summary.entries / seconds)} events/s)`);
    } else {
      log(`reusing the cached log in ${db.url.replace(/:[^:@/]*@/, ':***@')} (--fresh regenerates it)`);
    }

    // ---- 2. the read model
    const active = (await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state')).rows[0]!
      .active_schema;
    let rebuilt = await readMeta<RebuildRecord>(db.url, 'read_model');
    const modelFingerprint = readModelFingerprint();
    const upToDate = rebuilt && rebuilt.fingerprint === modelFingerprint && rebuilt.schema === active;
    let rebuildCached = true;
    if (args.has('--rebuild') || !upToDate) {
      rebuildCached = false;
      log(
        upToDate
          ? 'rebuilding the read model (--rebuild)'
          : 'rebuilding the read model (none yet, or the DDL or projection code changed)',
      );
      let reported = 0;
      const rebuildStarted = process.hrtime.bigint();
      const since = () => Number(process.hrtime.bigint() - rebuildStarted) / 1e9;
      let projected = Number.NaN;
      let vacuumStarted = Number.NaN;
      let swapped = Number.NaN;
      const result = await rebuildReadModel({
        connectionString: db.url,
        store,
        onProgress: (progress) => {
          if (progress.events - reported < 200_000) return;
          reported = progress.events;
          log(
            `  ${progress.schema}: ${format(progress.events)} events (${format(progress.events / progress.elapsedSeconds)} events/s)`,
          );
        },
        logger: {
          log: (m: string) => {
            if (m.startsWith('Creating the remaining indexes')) projected = since();
            if (m.startsWith('Vacuuming rm_')) vacuumStarted = since();
            if (/^rm_\d+ is active/.test(m)) swapped = since();
            log(`  ${m}`);
          },
          warn: (m: string) => log(`  WARN ${m}`),
          error: (m: string) => log(`  ERROR ${m}`),
        },
      });
      const finished = since();
      // Written to the meta table after the bench's VACUUM (below): a run cut short before it rebuilds again.
      rebuilt = {
        fingerprint: modelFingerprint,
        schema: result.schema,
        events: result.events,
        seconds: result.seconds,
        eventsPerSecond: result.eventsPerSecond,
        vacuumSeconds: Number.NaN,
        phases:
          `projecting and closing superseded versions ${projected.toFixed(0)} s (${format(result.events / projected)} events/s), ` +
          `deferred indexes and merges ${(vacuumStarted - projected).toFixed(0)} s, its VACUUM (ANALYZE) and the swap ${(swapped - vacuumStarted).toFixed(1)} s, ` +
          `dropping the old generation ${(finished - swapped).toFixed(1)} s`,
        at: new Date().toISOString(),
      };
      await writeMeta(db.url, 'params', null);
      log(
        `rebuilt ${result.schema}: ${format(result.events)} events in ${result.seconds.toFixed(1)} s = ${format(result.eventsPerSecond)} events/s`,
      );
    } else {
      log(`reusing the read model ${rebuilt!.schema} built ${rebuilt!.at} (--rebuild rebuilds it)`);
    }
    const schema = rebuilt!.schema;
    const sizes = (
      await pool.query<{ versions: string; participants: string; actors: string }>(
        `SELECT (SELECT count(*) FROM ${schema}.event_versions) AS versions, (SELECT count(*) FROM ${schema}.event_participants) AS participants,
                (SELECT count(*) FROM ${schema}.actors) AS actors`,
      )
    ).rows[0]!;

    // ---- 3. what to ask for
    let params = await readMeta<BenchParams | null>(db.url, 'params');
    if (!params) {
      log('choosing the actor, year, asOf, dyad and search word');
      params = await chooseParams(pool, schema);
      await writeMeta(db.url, 'params', params);
    }
    const yearPoint = { value: String(params.year), precision: 'YEAR', timeZone: 'UTC' };
    const bodies: Record<PageName, string> = {
      actor: JSON.stringify({
        query: QUERIES.actor,
        variables: { actor: params.actor.id, from: yearPoint, to: yearPoint },
      }),
      asOf: JSON.stringify({
        query: QUERIES.actor,
        variables: { actor: params.actor.id, from: yearPoint, to: yearPoint, asOf: params.asOf },
      }),
      dyad: JSON.stringify({ query: QUERIES.dyad, variables: { a: params.dyad.ids[0], b: params.dyad.ids[1] } }),
      text: JSON.stringify({ query: QUERIES.text, variables: { text: params.text.word } }),
    };

    // ---- 4. the database side of each page: the service's statement, with the doc members its query leaves out
    const actorInput = { actors: { anyOf: [params.actor.id] }, dateRange: { from: yearPoint, to: yearPoint } };
    const specs: Record<PageName, BarePageJson> = {
      actor: pageToJson(pageFromGraphQL(QUERIES.actor, actorInput as TimelineFilterInput, { first: PAGE })),
      asOf: pageToJson(
        pageFromGraphQL(QUERIES.actor, actorInput as TimelineFilterInput, { first: PAGE, asOf: new Date(params.asOf) }),
      ),
      dyad: pageToJson(
        pageFromGraphQL(QUERIES.dyad, { dyad: { actors: params.dyad.ids } } as TimelineFilterInput, { first: PAGE }),
      ),
      text: pageToJson(
        pageFromGraphQL(QUERIES.text, { text: params.text.word } as TimelineFilterInput, { first: PAGE }),
      ),
    };
    // ---- the service's processes and pools, as it would run here by default
    const serviceEnv: Record<string, string> = {
      DATABASE_URL: db.url,
      PROJECTOR: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      ...(process.env.BENCH_POOL_SIZE === undefined ? {} : { DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE }),
    };
    const { processes, poolSize, share } = await serviceProcesses(pool, serviceEnv);
    serviceEnv.WEB_CONCURRENCY = String(processes);
    serviceEnv.DATABASE_POOL_SIZE = String(poolSize);
    log(
      `${processes} process(es) for the service and the bare server (${availableParallelism()} cores, a share of ${share} connections), a read pool of ${poolSize} each`,
    );

    // ---- right after the rebuild: the service alone, 8 clients, before the bench's VACUUM ANALYZE
    let rightAfter:
      { http: Record<PageName, LoadResult>; plans: Record<PageName, PlanFigures>; peakRss: number } | undefined;
    if (!rebuildCached) {
      // What each page's statement reads, from its plan (one run each, before any load).
      const plans = {} as Record<PageName, PlanFigures>;
      for (const [name, spec] of Object.entries(specs) as [PageName, BarePageJson][]) {
        const page = pageFromJson(spec);
        const { text, values } = await pageStatement(schema, page.filter, {
          ...page.options,
          omitDocKeys: omittedDocKeys(page.query),
        });
        plans[name] = planFigures(
          (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)).rows
            .map((r) => r['QUERY PLAN'])
            .join('\n'),
        );
      }
      log('right after the rebuild (no VACUUM but its own): the service, 8 clients');
      const service = await startService(serviceEnv);
      const http = {} as Record<PageName, LoadResult>;
      let peakRss = Number.NaN;
      try {
        for (const [name, body] of Object.entries(bodies) as [PageName, string][]) {
          await answer(`${service.url}/graphql`, body);
          http[name] = await measure(`${name}, right after the rebuild`, `${service.url}/graphql`, body, CONNECTIONS);
        }
      } finally {
        peakRss = service.peakRssMiB();
        await service.stop();
      }
      rightAfter = { http, plans, peakRss };
      // What a settled database has: the visibility map and statistics (autovacuum's work, when it is on).
      const vacuumStarted = process.hrtime.bigint();
      for (const table of ['event_participants', 'event_versions', 'actor_versions', 'actors'])
        await pool.query(`VACUUM ANALYZE ${schema}.${table}`);
      rebuilt!.vacuumSeconds = Number(process.hrtime.bigint() - vacuumStarted) / 1e9;
      log(`VACUUM ANALYZE of ${schema}: ${rebuilt!.vacuumSeconds.toFixed(1)} s`);
      await writeMeta(db.url, 'read_model', rebuilt);
    }

    const database = {} as Record<PageName, Awaited<ReturnType<typeof databaseSide>>>;
    for (const [name, spec] of Object.entries(specs) as [PageName, BarePageJson][]) {
      const page = pageFromJson(spec);
      database[name] = await databaseSide(pool, schema, page.filter, {
        ...page.options,
        omitDocKeys: omittedDocKeys(page.query),
      });
    }

    // ---- 5. the service and the bare server over HTTP, page by page (the same moment for both)
    log(`starting node dist/main.js (PROJECTOR=false, NODE_ENV=production, WEB_CONCURRENCY=${processes})`);
    const service = await startService(serviceEnv);
    log(`starting the bare node:http + pg server (WEB_CONCURRENCY=${processes})`);
    const bare = await startService(
      {
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: String(poolSize),
        WEB_CONCURRENCY: String(processes),
        BARE_TIMELINE_PAGES: JSON.stringify(specs),
      },
      process.cwd(),
      '.bench/dist/bench/bare-timeline-server.js',
    ).catch(async (error: unknown) => {
      await service.stop();
      throw error;
    });
    const http = {} as Record<PageName, LoadResult & { cpuMsPerRequest: number }>;
    const alone = {} as Record<PageName, LoadResult>;
    const bareHttp = {} as Record<PageName, LoadResult & { cpuMsPerRequest: number }>;
    const pages: Record<string, string> = {};
    let peakRss: { pid: number; mib: number }[] = [];
    let barePeakRss = Number.NaN;
    try {
      const url = `${service.url}/graphql`;
      for (const [name, body] of Object.entries(bodies) as [PageName, string][]) {
        const bareUrl = `${bare.url}/${name}`;
        pages[name] = await probe(url, body, bareUrl);
        http[name] = await measure(`${name}`, url, body, CONNECTIONS, service);
        // One client alone: the latency of a request that does not queue behind others.
        alone[name] = await measure(`${name}, 1 client`, url, body, 1);
        bareHttp[name] = await measure(`${name}, bare server`, bareUrl, body, CONNECTIONS, bare);
      }
    } finally {
      peakRss = service.peakRss();
      barePeakRss = bare.peakRssMiB();
      await service.stop();
      await bare.stop();
    }
    const largestRss = Math.max(...peakRss.map((one) => one.mib));

    // ---- 6. the report
    const reb = rebuilt!;
    const verdict = (ok: boolean) => (ok ? 'met' : '**MISSED**');
    console.log(`\n## bench:timeline on ${db.server}, Node ${process.version}, ${cpus().length} CPUs\n`);
    console.log(
      `Log: ${format(summary.entries)} events (${format(summary.actors)} actor registrations, ${format(summary.records)} recorded, ${format(summary.revisions)} revisions, ${format(summary.retractions)} retractions, ${format(summary.eventMerges ?? 0)} event merges, ${format(summary.actorMerges ?? 0)} actor merges), written at ${format(summary.entries / summary.seconds)} events/s. ` +
        `Read model ${schema}: ${format(Number(sizes.versions))} event versions, ${format(Number(sizes.participants))} participant rows, ${format(Number(sizes.actors))} actors.`,
    );
    console.log(
      `Actor page: ${params.actor.name} (${params.actor.id}), rank ${params.actor.rank} of ${params.actor.of} by events (${format(params.actor.events)} events, ${format(params.yearEvents)} in ${params.year}); ` +
        `asOf ${params.asOf} (${params.versionsSince} versions of its ${params.year} events recorded since). ` +
        `Dyad: ${params.dyad.names.join(' / ')} (${format(params.dyad.shared)} shared events; ${params.dyad.events.map((n) => format(n)).join(' / ')} each). Text: "${params.text.word}" (in ${(params.text.share * 100).toFixed(1)}% of events).`,
    );
    console.log(
      `Service: ${processes} process${processes === 1 ? '' : 'es'} (${processes === 1 ? '' : 'a primary and its workers, '}a read pool of ${poolSize} each), 1 and ${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, median of ${RUNS} runs. ` +
        `Peak RSS per process ${largestRss.toFixed(0)} MiB (${peakRss.map((one) => one.mib.toFixed(0)).join(' / ')} MiB; target <= ${TARGETS.rssMiB} MiB ${verdict(largestRss <= TARGETS.rssMiB)}; the bare server ${barePeakRss.toFixed(0)} MiB).\n`,
    );
    console.log(
      `| measurement | 1 client: p50 | p99 | ${CONNECTIONS} clients: req/s | p50 | p99 | DB execution (EXPLAIN ANALYZE) | plain pg, ${CONNECTIONS} clients: req/s, p50 | target: 1 client / ${CONNECTIONS} clients |`,
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    const row = (label: string, name: keyof typeof bodies, p50Target?: number, p99Target?: number) => {
      const [a, r, d] = [alone[name], http[name], database[name]];
      const targets = [
        p50Target === undefined
          ? ''
          : `p50 <= ${p50Target} ms: ${verdict(a.p50 <= p50Target)} / ${verdict(r.p50 <= p50Target)}`,
        p99Target === undefined
          ? ''
          : `p99 <= ${p99Target} ms: ${verdict(a.p99 <= p99Target)} / ${verdict(r.p99 <= p99Target)}`,
      ].filter(Boolean);
      console.log(
        `| ${label} | ${a.p50.toFixed(2)} ms | ${a.p99.toFixed(2)} ms | ${format(r.requestsPerSecond)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${d.executionMs.toFixed(2)} ms (+${d.planningMs.toFixed(2)} ms planning) | ${format(d.plain.requestsPerSecond)}, ${d.plain.p50.toFixed(2)} ms | ${targets.join('; ') || '-'} |`,
      );
    };
    row(`actor page, ${params.year}, first ${PAGE}`, 'actor', 10, 50);
    row('same page with asOf', 'asOf', 25);
    row(`dyad, first ${PAGE}`, 'dyad', 15);
    row(`text search "${params.text.word}", first ${PAGE}`, 'text');
    console.log(
      `\nCPU per request at ${CONNECTIONS} clients (user + system time of the process and its workers over the measured runs): ` +
        (Object.keys(bodies) as PageName[])
          .map(
            (name) =>
              `${name} ${http[name].cpuMsPerRequest.toFixed(2)} ms (bare server ${bareHttp[name].cpuMsPerRequest.toFixed(2)} ms)`,
          )
          .join(', ') +
        '.',
    );
    console.log(
      `\nAgainst the limits, ${CONNECTIONS} clients, ${processes} process${processes === 1 ? '' : 'es'} each: the service; the bare node:http + pg server (same statement, same JSON); ` +
        `plain pg (the same statement from ${CONNECTIONS} clients in this process, no HTTP).\n`,
    );
    console.log(
      '| page | service req/s | p50 | p99 | bare req/s | p50 | p99 | plain pg req/s | service / bare | service / pg | targets |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    const vs = (label: string, name: PageName) => {
      const [r, b, d] = [http[name], bareHttp[name], database[name].plain];
      const toBare = r.requestsPerSecond / b.requestsPerSecond;
      const toPg = r.requestsPerSecond / d.requestsPerSecond;
      const met = (ok: boolean) => (ok ? 'met' : '**not met**');
      const targets =
        name === 'text'
          ? [
              `>= ${TARGETS.textRps} req/s ${met(r.requestsPerSecond >= TARGETS.textRps)}`,
              `>= ${TARGETS.textToPg}x pg ${met(toPg >= TARGETS.textToPg)}`,
            ]
          : [
              `>= ${TARGETS.pageRps} req/s ${met(r.requestsPerSecond >= TARGETS.pageRps)}`,
              `>= ${TARGETS.pageToBare}x bare ${met(toBare >= TARGETS.pageToBare)}`,
              `p99 <= ${TARGETS.pageP99} ms ${met(r.p99 <= TARGETS.pageP99)}`,
            ];
      console.log(
        `| ${label} | ${format(r.requestsPerSecond)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${format(b.requestsPerSecond)} | ${b.p50.toFixed(1)} ms | ${b.p99.toFixed(1)} ms | ${format(d.requestsPerSecond)} | ${toBare.toFixed(2)}x | ${toPg.toFixed(2)}x | ${targets.join('; ')} |`,
      );
    };
    vs(`actor page, ${params.year}`, 'actor');
    vs('same page with asOf', 'asOf');
    vs('dyad', 'dyad');
    vs(`text search "${params.text.word}"`, 'text');
    if (rightAfter) {
      const after = rightAfter;
      console.log(
        `\nRight after the rebuild (before any VACUUM but its own), against the settled figures above (after VACUUM ANALYZE), ${CONNECTIONS} clients; peak RSS per process then ${after.peakRss.toFixed(0)} MiB.\n`,
      );
      console.log(
        '| page | right after: req/s | p50 | p99 | heap fetches, buffers | settled: req/s | p50 | p99 | heap fetches, buffers | right after / settled | target |',
      );
      console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
      for (const [label, name] of [
        [`actor page, ${params.year}`, 'actor'],
        ['same page with asOf', 'asOf'],
        ['dyad', 'dyad'],
        [`text search "${params.text.word}"`, 'text'],
      ] as [string, PageName][]) {
        const [a, r] = [after.http[name], http[name]];
        const ratio = a.requestsPerSecond / r.requestsPerSecond;
        const reads = (plan: PlanFigures) => `${format(plan.heapFetches)}, ${format(plan.buffers)}`;
        console.log(
          `| ${label} | ${format(a.requestsPerSecond)} | ${a.p50.toFixed(1)} ms | ${a.p99.toFixed(1)} ms | ${reads(after.plans[name])} | ${format(r.requestsPerSecond)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${reads(planFigures(database[name].plan))} | ${ratio.toFixed(2)} | >= ${TARGETS.rightAfterToSettled} ${ratio >= TARGETS.rightAfterToSettled ? 'met' : '**not met**'} |`,
        );
      }
    } else {
      console.log(`\nRight after a rebuild: not measured by this run (-- --rebuild measures it).`);
    }
    console.log(
      `\nProjection rebuild${rebuildCached ? ` (cached, measured ${reb.at})` : ''}: ${format(reb.events)} events in ${reb.seconds.toFixed(1)} s = ${format(reb.eventsPerSecond)} events/s ` +
        `(the bench's VACUUM ANALYZE afterwards ${reb.vacuumSeconds.toFixed(1)} s); target >= 10,000 events/s ${verdict(reb.eventsPerSecond >= 10_000)}.` +
        (reb.phases ? ` Phases: ${reb.phases}.` : ''),
    );
    console.log(
      `\nPages (first request of each): ${Object.entries(pages)
        .map(([name, page]) => `${name}: ${page}`)
        .join('; ')}`,
    );
    if (args.has('--plans')) {
      for (const [name, side] of Object.entries(database))
        console.log(`\n---- EXPLAIN (ANALYZE, BUFFERS) ${name}\n${side.plan}`);
    }
  } finally {
    await pool.end();
    await db.close();
  }
}

/** One request, checked: no errors, the bare server's JSON equal to the service's, and what it returned, in a few words. */
async function probe(url: string, body: string, bareUrl: string): Promise<string> {
  const json = await answer(url, body);
  const bareResponse = await fetch(bareUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const bareJson: unknown = await bareResponse.json();
  // The two are compared as data: the service's key order is the selection's, the bare server's its own.
  if (!bareResponse.ok || !isDeepStrictEqual(bareJson, json))
    throw new Error(`the bare server's page differs from the service's: ${JSON.stringify(bareJson).slice(0, 500)}`);
  const edges = json.data!.timeline.edges;
  const participants = edges.flatMap((edge) => edge.node.participants);
  const named = participants.filter((p) => p.actor?.name).length;
  return `${edges.length} events, ${named}/${participants.length} participants named, ${format(Buffer.byteLength(JSON.stringify(json)) / 1024, 1)} KiB (bare server: the same)`;
}

interface PlanFigures {
  /** Heap Fetches of its index-only scans, summed: entries whose page the visibility map did not vouch for. */
  heapFetches: number;
  /** Shared buffers the statement touched (hit + read), from the plan's top node. */
  buffers: number;
}

/** From EXPLAIN (ANALYZE, BUFFERS) text. */
function planFigures(plan: string): PlanFigures {
  const heapFetches = [...plan.matchAll(/Heap Fetches: (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  const top = /Buffers: shared((?: \w+=\d+)+)/.exec(plan)?.[1] ?? '';
  const buffers = [...top.matchAll(/(hit|read)=(\d+)/g)].reduce((sum, match) => sum + Number(match[2]), 0);
  return { heapFetches, buffers };
}

/** The service's answer to one request, checked: a 200 with no errors. */
async function answer(url: string, body: string): Promise<PageAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as PageAnswer & { errors?: unknown[] };
  if (!response.ok || json.errors)
    throw new Error(`the service answered ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

interface PageAnswer {
  data?: { timeline: { edges: { node: { participants: { actor: { name: string } | null }[] } }[] } };
}

/**
 * The service's processes as it would choose them here (chooseWorkers: WEB_CONCURRENCY when set,
 * else the cores as far as this instance's share of the server's connections allows) and the read
 * pool each would open (DATABASE_POOL_SIZE when set, else the service's default for that many).
 */
async function serviceProcesses(
  pool: Pool,
  serviceEnv: Record<string, string>,
): Promise<{ processes: number; poolSize: number; share: number }> {
  const env = { ...process.env, ...serviceEnv };
  const config = parseEnv(env);
  const { rows } = await pool.query<{ max: string; reserved: string }>(
    `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved`,
  );
  const share = instanceShare(config, {
    maxConnections: Number(rows[0]!.max),
    superuserReserved: Number(rows[0]!.reserved),
  });
  const processes = chooseWorkers({ env, config, cores: availableParallelism() }, share);
  return { processes, poolSize: parseEnv({ ...env, WEB_CONCURRENCY: String(processes) }).databasePoolSize, share };
}

/** A warm-up, then the median of RUNS runs; every request must succeed. */
async function measure(
  label: string,
  url: string,
  body: string,
  connections: number,
  server?: ServiceProcess,
): Promise<LoadResult & { cpuMsPerRequest: number }> {
  await load({ url, body, connections, seconds: WARMUP_SECONDS });
  const runs: LoadResult[] = [];
  const cpuBefore = server?.cpuSeconds() ?? Number.NaN;
  for (let run = 0; run < RUNS; run += 1) runs.push(await load({ url, body, connections, seconds: SECONDS }));
  // The server process's CPU (user + system) over the measured runs, per answered request.
  const cpuMsPerRequest =
    (((server?.cpuSeconds() ?? Number.NaN) - cpuBefore) * 1000) / runs.reduce((sum, r) => sum + r.requests, 0);
  const m = { ...medianOf(runs), cpuMsPerRequest };
  log(
    `${label}: ${format(m.requestsPerSecond)} req/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms${Number.isNaN(cpuMsPerRequest) ? '' : `, ${cpuMsPerRequest.toFixed(2)} ms of the server's CPU per request`} (runs: ${runs.map((r) => `${format(r.requestsPerSecond)}/${r.p50.toFixed(1)}/${r.p99.toFixed(1)}`).join(', ')}; ${m.failures} failures)`,
  );
  if (m.failures > 0) throw new Error(`${m.failures} requests of ${label} failed`);
  return m;
}

/**
 * The statement TimelineQueries runs for a page (caught at the pool), its EXPLAIN ANALYZE (median
 * execution and planning time of 15 runs, timing off), and 8 plain `pg` clients running it for 5 s
 * as the service sends it (prepared or not).
 */
async function databaseSide(
  pool: Pool,
  schema: string,
  filter: TimelineFilter,
  options: TimelineOptions,
): Promise<{ executionMs: number; planningMs: number; plan: string; plain: LoadResult }> {
  const statement = await pageStatement(schema, filter, options);
  const { text, values } = statement;
  // As the service sends it: prepared when TimelineQueries prepares it.
  const asSent = { ...statement, name: statement.name ? `bench_${statement.name}` : undefined };
  for (let i = 0; i < 10; i += 1) await pool.query(asSent);
  const executions: number[] = [];
  const plannings: number[] = [];
  for (let i = 0; i < 15; i += 1) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${text}`, values);
    const lines = rows.map((r) => r['QUERY PLAN']);
    executions.push(Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))![1]));
    plannings.push(Number(/Planning Time: ([\d.]+)/.exec(lines.join('\n'))![1]));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values)).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');
  // The database's limit for this statement: 8 clients in a loop, latencies per statement.
  const latencies: number[] = [];
  const until = Date.now() + 5_000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const started = process.hrtime.bigint();
        await pool.query(asSent);
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const plain: LoadResult = {
    requestsPerSecond: latencies.length / 5,
    p50: latencies[Math.floor(latencies.length / 2)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    requests: latencies.length,
    failures: 0,
  };
  return { executionMs: median(executions), planningMs: median(plannings), plan, plain };
}

/** The actor (top 10% by events), its busiest year of 2010-2020, an asOf, a dyad, a search word. */
async function chooseParams(pool: Pool, s: string): Promise<BenchParams> {
  const current = `recorded_to = 'infinity' AND NOT retracted`;
  const { rows: counts } = await pool.query<{ actor_id: string; n: string; name: string }>(
    `SELECT c.actor_id, c.n, a.name FROM (
       SELECT actor_id, count(*) AS n FROM ${s}.event_participants WHERE ${current} GROUP BY actor_id) c
       JOIN ${s}.actors a ON a.actor_id = c.actor_id
      ORDER BY c.n DESC, c.actor_id`,
  );
  const rank = Math.floor(counts.length * 0.1);
  const chosen = counts[rank]!;
  const { rows: years } = await pool.query<{ year: number; n: string }>(
    `SELECT extract(year FROM valid_from AT TIME ZONE 'UTC')::int AS year, count(*) AS n FROM ${s}.event_participants
      WHERE actor_id = $1 AND ${current} AND valid_from >= '2010-01-01Z' AND valid_from < '2021-01-01Z'
      GROUP BY 1 ORDER BY n DESC, year LIMIT 1`,
    [chosen.actor_id],
  );
  const year = years[0]!.year;
  const range = temporalInterval({ value: String(year), precision: 'YEAR', timeZone: 'UTC' });
  // asOf: the median record time of the later versions (revisions, retractions) of its events of that year.
  const { rows: later } = await pool.query<{ recorded_from: Date }>(
    `SELECT p.recorded_from FROM ${s}.event_participants p
      WHERE p.actor_id = $1 AND p.version > 1 AND p.valid_from < $3 AND p.valid_to > $2 ORDER BY p.recorded_from`,
    [chosen.actor_id, range.from, range.to],
  );
  const asOf =
    later.length > 0
      ? new Date(later[Math.floor(later.length / 2)]!.recorded_from.getTime() - 1)
      : (
          await pool.query<{ at: Date }>(
            `SELECT recorded_at AS at FROM events ORDER BY global_position OFFSET (SELECT count(*) / 2 FROM events) LIMIT 1`,
          )
        ).rows[0]!.at;
  // Dyad: the pair of the 30 busiest actors that shares the most events, the busier one first.
  const top = counts.slice(0, 30).map((c) => c.actor_id);
  const { rows: pairs } = await pool.query<{ a: string; b: string; n: string }>(
    `SELECT x.actor_id AS a, y.actor_id AS b, count(*) AS n
       FROM ${s}.event_participants x
       JOIN ${s}.event_participants y ON y.event_id = x.event_id AND y.version = x.version AND y.actor_id <> x.actor_id
      WHERE x.actor_id = ANY($1::uuid[]) AND y.actor_id = ANY($1::uuid[]) AND x.recorded_to = 'infinity' AND NOT x.retracted
      GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT 2`,
    [top],
  );
  const countOf = new Map(counts.map((c) => [c.actor_id, c]));
  const pair = [pairs[0]!.a, pairs[0]!.b].sort((p, q) => Number(countOf.get(q)!.n) - Number(countOf.get(p)!.n)) as [
    string,
    string,
  ];
  // A word in about 1% of the events.
  const { rows: words } = await pool.query<{ word: string; share: number }>(
    `WITH sample AS (SELECT search FROM ${s}.event_versions WHERE ${current} AND (hashtext(event_id::text) & 31) = 0),
          total AS (SELECT count(*)::float8 AS n FROM sample)
     SELECT w.word, w.ndoc / total.n AS share
       FROM ts_stat($q$SELECT search FROM ${s}.event_versions WHERE ${current} AND (hashtext(event_id::text) & 31) = 0$q$) w, total
      WHERE w.word ~ '^[a-z]{6,}$'
      ORDER BY abs(w.ndoc / total.n - 0.01), w.word LIMIT 1`,
  );
  return {
    actor: { id: chosen.actor_id, name: chosen.name, events: Number(chosen.n), rank: rank + 1, of: counts.length },
    year,
    yearEvents: Number(years[0]!.n),
    asOf: asOf.toISOString(),
    versionsSince: later.filter((row) => row.recorded_from > asOf).length,
    dyad: {
      ids: pair,
      names: [countOf.get(pair[0])!.name, countOf.get(pair[1])!.name],
      shared: Number(pairs[0]!.n),
      events: [Number(countOf.get(pair[0])!.n), Number(countOf.get(pair[1])!.n)],
    },
    text: { word: words[0]!.word, share: words[0]!.share },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
