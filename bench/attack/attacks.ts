import { buildSchema, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type Pool } from 'pg';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import { measureOperation } from '../../src/graphql/operation-shape';
import { post, WsConnection, wsOutcome, type Answer } from './client';
import { type InnocentQuery } from './probe';

export interface AttackContext {
  url: string;
  databaseUrl: string;
  pool: Pool;
  editor: Record<string, string>;
}

/**
 * One attack from issue 9. `setup` puts in place what lasts (sockets, a held lock), `fire` is the
 * request repeated while the innocent probes run (its first answer is the outcome), `teardown`
 * undoes the setup; each may add a note for the table.
 */
export interface Attack {
  name: string;
  /** Fires to go on to after the probes (when a fire measures something itself, as a delivery). */
  minFires?: number;
  /** The innocent query probed during the attack; a small timeline page when absent. */
  innocent?: InnocentQuery;
  setup?(ctx: AttackContext): Promise<{ outcome?: string; note?: string }>;
  fire?(ctx: AttackContext): Promise<{ outcome: string; note?: string }>;
  teardown?(ctx: AttackContext): Promise<string | void>;
}

const schema = buildSchema(readFileSync(join(process.cwd(), 'src', 'schema.gql'), 'utf8'));

/** What the shared admission code (src/graphql/admission.ts) makes of a document: depth and cost. */
export function measure(query: string): { depth: number; cost: number } {
  const document: DocumentNode = parse(query, { maxTokens: 10_000_000 });
  const operation = document.definitions[0] as OperationDefinitionNode;
  const shape = measureOperation(schema, document, operation, {}, Number.MAX_SAFE_INTEGER);
  return { depth: Math.max(shape.depth, shape.introspectionDepth), cost: shape.cost };
}

const aliases = (count: number, field: (i: number) => string) =>
  `{ ${Array.from({ length: count }, (_, i) => field(i)).join(' ')} }`;

const httpOutcome = (answer: Answer) =>
  answer.status === 0
    ? `no answer (${answer.code})`
    : answer.code
      ? `refused ${answer.code} (HTTP ${answer.status})`
      : `accepted (HTTP ${answer.status})`;

/** A request attack: the same POST fired again and again while the probes run. */
function httpAttack(name: string, query: string, note?: (answer: Answer) => string): Attack {
  return {
    name,
    async fire(ctx) {
      const answer = await post(ctx.url, query, {}, {}, 60_000);
      return { outcome: httpOutcome(answer), ...(note ? { note: note(answer) } : {}) };
    },
  };
}

/** A WebSocket attack: a new connection per fire, one subscribe message, its first answer. */
function wsAttack(name: string, query: string, note: string): Attack {
  return {
    name,
    async fire(ctx) {
      let connection: WsConnection;
      try {
        connection = await WsConnection.open(ctx.url);
      } catch (error) {
        return { outcome: `connection refused: ${(error as Error).message}` };
      }
      try {
        connection.subscribe('attack', query);
        const answer = await connection.answer('attack', 60_000);
        const http = await post(ctx.url, query, {}, {}, 60_000);
        return { outcome: wsOutcome(answer), note: `${note}; the same over HTTP: ${httpOutcome(http)}` };
      } finally {
        connection.close();
      }
    },
  };
}

function nestedQuery(depth: number): string {
  // actor > timeline > edges > node > participants > actor > ... ; grown until the depth is reached
  const steps = ['timeline(first: 1)', 'edges', 'node', 'participants', 'actor'];
  const leaves = ['totalCount', 'cursor', 'title', 'role', 'name']; // a field of each step's type, to end on
  for (let levels = 1; levels < 100; levels += 1) {
    let inner = leaves[(levels - 1) % steps.length]!;
    for (let i = levels - 1; i >= 0; i -= 1) inner = `${steps[i % steps.length]} { ${inner} }`;
    const query = `{ actor(id: "${demoIds.putin}") { ${inner} } }`;
    if (measure(query).depth >= depth) return query;
  }
  throw new Error('could not nest that deep');
}

function costlyQuery(target: number): string {
  const fields = ['id', 'title', 'summary', 'cameoCode', 'kind', 'version', 'topics', 'revisionCount'];
  for (let count = 1; count <= fields.length; count += 1) {
    const query = `{ timeline(first: 100) { edges { node { participants { actor { timeline(first: 100) { edges { node { ${fields.slice(0, count).join(' ')} } } } } } } } } }`;
    if (measure(query).cost >= target) return query;
  }
  throw new Error('could not reach that cost');
}

const INTROSPECTION_17 =
  '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } } } } } } } } }';

const RECORD_EVENT = `mutation Record($title: String!) {
  recordEvent(input: {
    kind: MEETING, title: $title, start: { value: "2022-07-19", precision: DAY, timeZone: "UTC" },
    participants: [{ actorId: "${demoIds.putin}", role: PARTICIPANT }, { actorId: "${demoIds.erdogan}", role: PARTICIPANT }],
    meeting: { format: IN_PERSON, type: BILATERAL }, topics: ["bench-attack"]
  }) { eventId position }
}`;

async function recordEvent(ctx: AttackContext, title: string): Promise<Answer> {
  return post(ctx.url, RECORD_EVENT, { title }, ctx.editor, 30_000);
}

/** Subscribes, then sends a query on the same socket and waits for it: what was refused has been by then. */
async function subscribeAndSettle(
  connection: WsConnection,
  subscriptions: Array<{ id: string; query: string }>,
): Promise<{ refused: number; firstCode?: string; closed?: string }> {
  let refused = 0;
  let firstCode: string | undefined;
  const ids = new Set(subscriptions.map((s) => s.id));
  const stop = connection.onMessage((message) => {
    if (!message.id || !ids.has(message.id)) return;
    const errors =
      message.type === 'error' ? message.payload : message.type === 'next' ? message.payload?.errors : undefined;
    if (Array.isArray(errors) && errors.length > 0) {
      refused += 1;
      firstCode ??= errors[0]?.extensions?.code ?? '(no code)';
    }
  });
  for (const { id, query } of subscriptions) connection.subscribe(id, query);
  connection.subscribe('settle', '{ __typename }');
  const settled = await connection.answer('settle', 30_000);
  stop();
  return {
    refused,
    ...(firstCode ? { firstCode } : {}),
    ...(settled.closed ? { closed: `socket closed ${settled.closed.code}` } : {}),
  };
}

/** How long a subscriber is given to hear an update before it counts as not heard. */
const DELIVERY_BOUND_MS = 20_000;

/** Records an event and waits (bounded) for a subscriber to hear it: the delivery latency, or undefined. */
async function deliveryMs(
  ctx: AttackContext,
  listener: WsConnection,
  id: string,
  title: string,
  timeoutMs = DELIVERY_BOUND_MS,
): Promise<number | undefined> {
  const heard = new Promise<number | undefined>((resolve) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, timeoutMs);
    const stop = listener.onMessage((message) => {
      if (
        message.id === id &&
        message.type === 'next' &&
        message.payload?.data?.timelineUpdated?.event?.title === title
      ) {
        clearTimeout(timer);
        stop();
        resolve(performance.now() - started);
      }
    });
  });
  const recorded = await recordEvent(ctx, title);
  if (recorded.code) return undefined;
  return heard;
}

function deliveries(samples: Array<number | undefined>): string {
  const heard = samples.filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  const median = heard.length > 0 ? `, median ${heard[Math.floor(heard.length / 2)]!.toFixed(0)} ms` : '';
  return `a later subscriber heard ${heard.length}/${samples.length} updates within ${DELIVERY_BOUND_MS / 1000} s${median}`;
}

let titles = 0;
const nextTitle = () => `bench-attack ${Date.now()} ${(titles += 1)}`;

export function attacks(): Attack[] {
  const deep = nestedQuery(16);
  const costly = costlyQuery(50_000);
  const lockState: { client?: Client; reads?: Promise<Answer[]> } = {};
  const subscribers: { attacker?: WsConnection; later?: WsConnection; samples: Array<number | undefined> } = {
    samples: [],
  };
  const filterState: { bad?: WsConnection; later?: WsConnection; samples: Array<number | undefined> } = { samples: [] };

  return [
    httpAttack(
      '2,000 timelineExport aliases (HTTP)',
      aliases(2_000, (i) => `e${i}: timelineExport(format: NDJSON) { eventCount }`),
    ),
    httpAttack(
      '300 totalCount aliases (HTTP)',
      aliases(300, (i) => `c${i}: timeline(first: 1) { totalCount }`),
    ),
    {
      name: '20 minPosition aliases on a missing position (HTTP)',
      async fire(ctx) {
        const head = BigInt(
          (await ctx.pool.query<{ head: string }>('SELECT coalesce(max(global_position), 0) AS head FROM events'))
            .rows[0]!.head,
        );
        const missing = (head + 1_000_000n).toString();
        const transactions = async () =>
          Number(
            (
              await ctx.pool.query<{ n: string }>(
                'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
              )
            ).rows[0]!.n,
          );
        const before = await transactions();
        const answer = await post(
          ctx.url,
          aliases(20, (i) => `m${i}: timeline(first: 1, minPosition: "${missing}") { totalCount }`),
          {},
          {},
          60_000,
        );
        return {
          outcome: httpOutcome(answer),
          note: `${(answer.ms / 1000).toFixed(1)} s to answer; about ${(await transactions()) - before} database transactions meanwhile (pg_stat_database, all clients)`,
        };
      },
    },
    httpAttack(
      `17-level introspection (HTTP), depth ${measure(INTROSPECTION_17).depth} by the admission code (introspection limit 15)`,
      INTROSPECTION_17,
    ),
    wsAttack(`16-level query (WebSocket)`, deep, `depth ${measure(deep).depth} (limit 12)`),
    wsAttack(`~50,000-cost query (WebSocket)`, costly, `cost ${measure(costly).cost} (limit 20,000)`),
    {
      name: '7 MB WebSocket message',
      async fire(ctx) {
        const connection = await WsConnection.open(ctx.url);
        try {
          connection.subscribe('big', `# ${'x'.repeat(7 * 1024 * 1024)}\n{ timeline(first: 1) { totalCount } }`);
          return {
            outcome: wsOutcome(await connection.answer('big', 60_000)),
            note: 'maxPayload expected about 1 MiB',
          };
        } finally {
          connection.close();
        }
      },
    },
    {
      name: '400 subscriptions with distinct filters on one socket',
      minFires: 3,
      async setup(ctx) {
        subscribers.attacker = await WsConnection.open(ctx.url);
        const settled = await subscribeAndSettle(
          subscribers.attacker,
          Array.from({ length: 400 }, (_, i) => ({
            id: `f${i}`,
            query: `subscription { timelineUpdated(filter: { topics: ["bench-${i}"], text: "word${i}" }) { position } }`,
          })),
        );
        subscribers.later = await WsConnection.open(ctx.url);
        await subscribeAndSettle(subscribers.later, [
          { id: 'later', query: 'subscription { timelineUpdated { event { title } } }' },
        ]);
        const outcome =
          settled.closed ??
          (settled.refused === 0 ? 'accepted 400/400' : `refused ${settled.refused}/400 (${settled.firstCode})`);
        return { outcome };
      },
      async fire(ctx) {
        subscribers.samples.push(await deliveryMs(ctx, subscribers.later!, 'later', nextTitle()));
        return { outcome: '' };
      },
      async teardown() {
        subscribers.attacker?.close();
        subscribers.later?.close();
        return deliveries(subscribers.samples);
      },
    },
    {
      name: '14 reads blocked on a lock, then an unrelated eventHistory read',
      innocent: { query: `{ eventHistory(id: "${demoIds.visit}") { position type } }` },
      async setup(ctx) {
        const active = (await ctx.pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state'))
          .rows[0]!.active_schema;
        const client = new Client({ connectionString: ctx.databaseUrl });
        await client.connect();
        await client.query('BEGIN');
        await client.query(`LOCK TABLE ${active}.event_versions IN ACCESS EXCLUSIVE MODE`);
        lockState.client = client;
        lockState.reads = Promise.all(
          Array.from({ length: 14 }, () =>
            post(ctx.url, '{ timeline(first: 5) { edges { node { id } } } }', {}, {}, 60_000),
          ),
        );
        // Bounded wait for the reads to reach the lock, so that the probes measure the blocked state.
        const deadline = Date.now() + 10_000;
        let waiting = 0;
        while (Date.now() < deadline) {
          waiting = Number(
            (
              await ctx.pool.query<{ n: string }>(
                `SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = '${active}.event_versions'::regclass`,
              )
            ).rows[0]!.n,
          );
          if (waiting >= 14) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const ready = await fetch(`${ctx.url}/health/ready`, { signal: AbortSignal.timeout(10_000) }).then(
          (response) => `HTTP ${response.status}`,
          (error: Error) => (error.name === 'TimeoutError' ? 'no answer in 10 s' : 'no answer'),
        );
        return {
          outcome: `14 reads sent, ${waiting} waiting on the lock in PostgreSQL`,
          note: `/health/ready during it: ${ready}`,
        };
      },
      async teardown() {
        await lockState.client?.query('ROLLBACK');
        await lockState.client?.end();
        const reads = (await lockState.reads) ?? [];
        const codes = new Map<string, number>();
        for (const read of reads)
          codes.set(read.code ?? `HTTP ${read.status}`, (codes.get(read.code ?? `HTTP ${read.status}`) ?? 0) + 1);
        return `the 14 blocked reads got: ${[...codes].map(([code, n]) => `${n} × ${code}`).join(', ')}`;
      },
    },
    {
      name: 'a bad subscription filter (cameoRootCodes ["99"]), then a later subscriber',
      minFires: 3,
      async setup(ctx) {
        filterState.bad = await WsConnection.open(ctx.url);
        const settled = await subscribeAndSettle(filterState.bad, [
          { id: 'bad', query: 'subscription { timelineUpdated(filter: { cameoRootCodes: ["99"] }) { position } }' },
        ]);
        filterState.later = await WsConnection.open(ctx.url);
        await subscribeAndSettle(filterState.later, [
          { id: 'later', query: 'subscription { timelineUpdated { event { title } } }' },
        ]);
        return { outcome: settled.closed ?? (settled.refused > 0 ? `refused ${settled.firstCode}` : 'accepted') };
      },
      async fire(ctx) {
        filterState.samples.push(await deliveryMs(ctx, filterState.later!, 'later', nextTitle()));
        return { outcome: '' };
      },
      async teardown() {
        filterState.bad?.close();
        filterState.later?.close();
        return deliveries(filterState.samples);
      },
    },
  ];
}
