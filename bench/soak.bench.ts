import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createClient, type Client } from 'graphql-ws';
import { Pool } from 'pg';
import WebSocket from 'ws';
import { ApiKeysRepository } from '../src/access/api-keys.repository';
import { commandServices } from '../src/editorial/command-services';
import { appendSyntheticLog } from '../src/timelines/projection/testing/synthetic-log';
import { processMemoryMiB } from './attack/memory';
import { benchDatabase } from './bench-database';
import { startService, type ServiceProcess } from './service-process';

/**
 * npm run bench:soak (issue 15): the built service as it runs by default here (WEB_CONCURRENCY
 * workers, the projector among them) under a mixed load for BENCH_SOAK_SECONDS (60) after
 * BENCH_SOAK_WARMUP_SECONDS (10): CLIENTS (16) clients, each sending one request after another,
 * 95% timeline reads of varied filters (actors, a year, asOf, dyads, text, buckets, an event) and
 * 5% recordEvent writes with idempotency keys (one in ten sent twice, which must answer the same
 * event), while SUBSCRIBERS (4) graphql-ws clients listen to the timeline the writes land on.
 *
 * It prints, per operation, throughput and p50/p99; the errors (an HTTP status other than 200, a
 * GraphQL error, a retried write answered with another event, an update a subscriber missed or
 * heard twice), which must be 0; and each process's RSS after the warm-up and at the end, against
 * the limit of 10% growth. Figures, never assertions: it exits 1 when a limit is missed, so a
 * script can tell.
 *
 * The database (BENCH_DATABASE_URL / DATABASE_URL, or an embedded PostgreSQL) is new for each run,
 * with BENCH_SOAK_EVENTS (50,000) synthetic events, projected by the service before the load and
 * then vacuumed and analyzed.
 */
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_SOAK_WARMUP_SECONDS ?? 10);
const EVENTS = Number(process.env.BENCH_SOAK_EVENTS ?? 50_000);
const CLIENTS = 16;
const SUBSCRIBERS = 4;
const RSS_GROWTH_LIMIT = 0.1;
const WRITE_SHARE = 0.05;

type ReadName = 'actor' | 'actorYear' | 'asOf' | 'dyad' | 'text' | 'buckets' | 'event';
type OpName = ReadName | 'write';
/** The reads' shares of the 95%: pages of one actor first, as users ask for them most. */
const READS: [ReadName, number][] = [
  ['actor', 30],
  ['actorYear', 20],
  ['asOf', 10],
  ['dyad', 15],
  ['text', 10],
  ['buckets', 10],
  ['event', 5],
];

const PAGE = `pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind title start { value precision timeZone } participants { actorId role actor { name } } } }`;

interface World {
  actors: string[];
  pairs: [string, string][];
  years: number[];
  words: string[];
  eventIds: string[];
  asOf: string;
  /** Every write names this actor (HOST): the subscribers listen to its timeline. */
  writeActor: string;
}

interface Stats {
  latencies: number[];
  errors: number;
}

function log(message: string): void {
  console.log(`[bench:soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ ok: boolean; data: any; error?: string }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
    if (response.status !== 200 || body.errors)
      return { ok: false, data: body.data, error: `${response.status} ${body.errors?.[0]?.message ?? ''}` };
    return { ok: true, data: body.data };
  } catch (error) {
    return { ok: false, data: undefined, error: (error as Error).message };
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

function chooseRead(): ReadName {
  const total = READS.reduce((sum, [, weight]) => sum + weight, 0);
  let at = Math.random() * total;
  for (const [name, weight] of READS) if ((at -= weight) < 0) return name;
  return 'actor';
}

function readRequest(name: ReadName, world: World): { query: string; variables: Record<string, unknown> } {
  const year = pick(world.years);
  const point = { value: String(year), precision: 'YEAR', timeZone: 'UTC' };
  switch (name) {
    case 'actor':
      return {
        query: `query ($a: ID!) { timeline(filter: { actors: { anyOf: [$a] } }, first: 50) { ${PAGE} } }`,
        variables: { a: pick(world.actors) },
      };
    case 'actorYear':
      return {
        query: `query ($a: ID!, $y: TemporalPointInput!) { timeline(filter: { actors: { anyOf: [$a] }, dateRange: { from: $y, to: $y } }, first: 50) { ${PAGE} } }`,
        variables: { a: pick(world.actors), y: point },
      };
    case 'asOf':
      return {
        query: `query ($a: ID!, $t: DateTime) { timeline(filter: { actors: { anyOf: [$a] } }, first: 50, asOf: $t) { ${PAGE} } }`,
        variables: { a: pick(world.actors), t: world.asOf },
      };
    case 'dyad': {
      const [a, b] = pick(world.pairs);
      return {
        query: `query ($a: ID!, $b: ID!) { timeline(filter: { dyad: { actors: [$a, $b] } }, first: 50) { ${PAGE} } }`,
        variables: { a, b },
      };
    }
    case 'text':
      return {
        query: `query ($t: String!) { timeline(filter: { text: $t }, first: 50) { ${PAGE} } }`,
        variables: { t: pick(world.words) },
      };
    case 'buckets':
      return {
        query: `query ($a: ID!) { timelineBuckets(filter: { actors: { anyOf: [$a] } }, bucket: YEAR) { bucketStart total meetings statements agreements } }`,
        variables: { a: pick(world.actors) },
      };
    case 'event':
      return {
        query: `query ($id: ID!) { event(id: $id) { id kind title summary start { value precision timeZone } participants { role actor { name } } sources { publisher url } } }`,
        variables: { id: pick(world.eventIds) },
      };
  }
}

const RECORD = `mutation ($input: RecordEventInput!) { recordEvent(input: $input) { eventId version position } }`;

function writeInput(world: World, day: number): Record<string, unknown> {
  const other = pick(world.actors.filter((actor) => actor !== world.writeActor));
  const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return {
    idempotencyKey: randomUUID(),
    kind: 'MEETING',
    title: `Soak meeting ${day}`,
    start: { value: date, precision: 'DAY', timeZone: 'UTC' },
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
    participants: [
      { actorId: world.writeActor, role: 'HOST' },
      { actorId: other, role: 'GUEST' },
    ],
    sources: [{ publisher: 'bench:soak', url: `https://example.org/soak/${day}` }],
  };
}

/** The actors, dyads, years, words and events the reads ask for, from the read model itself. */
async function worldOf(url: string): Promise<World> {
  const sample = await post(
    url,
    `{ timeline(first: 100, orderBy: DESC) { edges { node { eventId title start { value } participants { actorId } } } } }`,
    {},
  );
  if (!sample.ok) throw new Error(`could not read a timeline: ${sample.error}`);
  type Node = { eventId: string; title: string; start: { value: string }; participants: { actorId: string }[] };
  const nodes = (sample.data.timeline.edges as { node: Node }[]).map((edge) => edge.node);
  const actors = [...new Set(nodes.flatMap((node) => node.participants.map((p) => p.actorId)))];
  const pairs = nodes
    .filter((node) => node.participants.length >= 2)
    .map((node) => [node.participants[0]!.actorId, node.participants[1]!.actorId] as [string, string]);
  const years = [...new Set(nodes.map((node) => Number(node.start.value.slice(0, 4))))];
  const words = [
    ...new Set(
      nodes.flatMap((node) =>
        node.title
          .toLowerCase()
          .split(/[^a-z]+/)
          .filter((w) => w.length > 5),
      ),
    ),
  ].slice(0, 40);
  if (actors.length < 2 || pairs.length === 0 || words.length === 0) throw new Error('the read model is too small');
  return {
    actors: actors.slice(0, 60),
    pairs,
    years,
    words,
    eventIds: nodes.map((node) => node.eventId),
    asOf: new Date().toISOString(),
    writeActor: actors[0]!,
  };
}

async function caughtUp(url: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const answer = await post(url, '{ projectionStatus { lagEvents } }', {});
    if (answer.ok && answer.data.projectionStatus.lagEvents === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the read model did not catch up within 600 s');
}

/** A live subscriber of the write actor's timeline: the event ids it heard, and how often each. */
function subscribe(url: string, actorId: string): { client: Client; heard: Map<string, number>; errors: string[] } {
  const heard = new Map<string, number>();
  const errors: string[] = [];
  const client = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  client.subscribe<{ timelineUpdated: { change: string; event: { eventId: string } } }>(
    {
      query: `subscription ($a: ID!) { timelineUpdated(filter: { actors: { anyOf: [$a] } }) { change event { eventId } } }`,
      variables: { a: actorId },
    },
    {
      next: (message) => {
        const id = message.data?.timelineUpdated.event.eventId;
        if (id) heard.set(id, (heard.get(id) ?? 0) + 1);
        if (message.errors) errors.push(message.errors[0]!.message);
      },
      error: (error) => errors.push(String((error as Error).message ?? error)),
      complete: () => undefined,
    },
  );
  return { client, heard, errors };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function rssOf(service: ServiceProcess): { pid: number; mib: number }[] {
  return service.peakRss().flatMap(({ pid }) => {
    const memory = processMemoryMiB(pid);
    return memory ? [{ pid, mib: memory.rss }] : [];
  });
}

async function main(): Promise<void> {
  log('npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const database = await benchDatabase('dtl_bench_soak');
  const pool = new Pool({ connectionString: database.url, max: 4 });
  let service: ServiceProcess | undefined;
  const subscribers: ReturnType<typeof subscribe>[] = [];
  try {
    log(`${database.server}: appending ${EVENTS.toLocaleString('en-US')} synthetic events`);
    await appendSyntheticLog(commandServices(pool).store, { events: EVENTS, seed: 15 });
    const { key } = await new ApiKeysRepository(pool).create('bench-soak-editor', 'editor');
    const workers = process.env.WEB_CONCURRENCY ?? String(availableParallelism());
    service = await startService({
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: workers,
    });
    const url = service.url;
    log(`service at ${url} (WEB_CONCURRENCY=${workers}); projecting the log`);
    await caughtUp(url);
    // A settled database, as bench:timeline measures: the read model was just written by the
    // catch-up, and until autovacuum analyzes it the planner has no statistics of its tables.
    await pool.query('VACUUM ANALYZE');
    const world = await worldOf(url);
    for (let i = 0; i < SUBSCRIBERS; i += 1) subscribers.push(subscribe(url, world.writeActor));

    const stats = new Map<OpName, Stats>();
    const errorSamples: string[] = [];
    const written = new Set<string>();
    let measuring = false;
    let running = true;
    let day = 0;
    const note = (op: OpName, ms: number, ok: boolean, error?: string) => {
      if (!measuring) return;
      const entry = stats.get(op) ?? { latencies: [], errors: 0 };
      stats.set(op, entry);
      entry.latencies.push(ms);
      if (!ok) {
        entry.errors += 1;
        if (errorSamples.length < 5) errorSamples.push(`${op}: ${error}`);
      }
    };
    const auth = { authorization: `Bearer ${key}` };
    const clientLoop = async () => {
      while (running) {
        const started = performance.now();
        if (Math.random() < WRITE_SHARE) {
          const input = writeInput(world, (day += 1));
          const first = await post(url, RECORD, { input }, auth);
          let ok = first.ok;
          let error = first.error;
          const eventId = first.data?.recordEvent?.eventId as string | undefined;
          if (eventId) written.add(eventId);
          if (ok && Math.random() < 0.1) {
            const again = await post(url, RECORD, { input }, auth);
            if (!again.ok || again.data.recordEvent.eventId !== eventId) {
              ok = false;
              error = `a retry with the same idempotency key answered ${again.error ?? again.data.recordEvent.eventId}`;
            }
          }
          note('write', performance.now() - started, ok, error);
        } else {
          const name = chooseRead();
          const { query, variables } = readRequest(name, world);
          const answer = await post(url, query, variables);
          note(name, performance.now() - started, answer.ok, answer.error);
        }
      }
    };
    log(`${CLIENTS} clients, ${SUBSCRIBERS} subscribers: ${WARMUP_SECONDS} s of warm-up`);
    const loops = Array.from({ length: CLIENTS }, () => clientLoop());
    await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
    const rssStart = rssOf(service);
    measuring = true;
    log(`measuring for ${SECONDS} s`);
    const measureStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    measuring = false;
    const measuredSeconds = (performance.now() - measureStarted) / 1000;
    const rssEnd = rssOf(service);
    running = false;
    await Promise.all(loops);

    // Every write must reach every subscriber once, when the projector has it.
    await caughtUp(url);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && subscribers.some((s) => [...written].some((id) => !s.heard.has(id))))
      await new Promise((resolve) => setTimeout(resolve, 200));
    const missed = subscribers.reduce((sum, s) => sum + [...written].filter((id) => !s.heard.has(id)).length, 0);
    const repeated = subscribers.reduce((sum, s) => sum + [...s.heard.values()].filter((n) => n > 1).length, 0);
    const subscriberErrors = subscribers.flatMap((s) => s.errors);

    console.log(
      `\n## bench:soak, ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, ${EVENTS.toLocaleString('en-US')} events, WEB_CONCURRENCY=${workers}\n`,
    );
    console.log('| operation | requests | per second | p50 | p99 | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    let total = 0;
    let errors = 0;
    for (const op of [...READS.map(([name]) => name), 'write'] as OpName[]) {
      const entry = stats.get(op);
      if (!entry) continue;
      const sorted = [...entry.latencies].sort((a, b) => a - b);
      total += sorted.length;
      errors += entry.errors;
      console.log(
        `| ${op} | ${sorted.length} | ${(sorted.length / measuredSeconds).toFixed(1)} | ${quantile(sorted, 0.5).toFixed(1)} ms | ${quantile(sorted, 0.99).toFixed(1)} ms | ${entry.errors} |`,
      );
    }
    console.log(`| all | ${total} | ${(total / measuredSeconds).toFixed(1)} | | | ${errors} |`);
    console.log(
      `\nSubscribers: ${SUBSCRIBERS}, ${written.size} events written in all; updates missed ${missed}, heard twice ${repeated}, errors ${subscriberErrors.length}`,
    );
    const growths = rssEnd.map(({ pid, mib }) => {
      const before = rssStart.find((p) => p.pid === pid)?.mib ?? Number.NaN;
      return { pid, before, after: mib, growth: mib / before - 1 };
    });
    for (const g of growths)
      console.log(
        `RSS pid ${g.pid}: ${g.before.toFixed(0)} MiB after the warm-up, ${g.after.toFixed(0)} MiB at the end (${(100 * g.growth).toFixed(1)}%, limit ${100 * RSS_GROWTH_LIMIT}%)`,
      );
    for (const sample of [...errorSamples, ...subscriberErrors.slice(0, 3)]) console.log(`  error: ${sample}`);
    const allErrors = errors + missed + repeated + subscriberErrors.length;
    const grew = growths.some((g) => !(g.growth <= RSS_GROWTH_LIMIT));
    console.log(
      `\nErrors: ${allErrors} (must be 0): ${allErrors === 0 ? 'met' : 'NOT MET'}; RSS growth <= ${100 * RSS_GROWTH_LIMIT}%: ${grew ? 'NOT MET' : 'met'}`,
    );
    if (allErrors > 0 || grew) process.exitCode = 1;
  } finally {
    for (const s of subscribers) await s.client.dispose();
    await service?.stop();
    await pool.end();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
