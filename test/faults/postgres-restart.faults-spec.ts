import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import type { RunningService } from '../../src/service';
import { eventually } from '../support/eventually';
import { faultsAvailable } from '../support/faults';
import { PgServer } from '../support/pg-cluster';
import { currenciesStatement } from '../support/story';
import { apiKeyHeader, startTestApp, seedStory } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';

/**
 * The service's PostgreSQL stops under traffic and comes back (a server of the test's own, see
 * pg-cluster.ts). While it is away every request is answered, promptly, with SERVICE_UNAVAILABLE;
 * once it is back the service serves again by itself (pools, LISTEN, the projector); and no
 * command is applied twice or half: a write retried with its idempotency key after the outage is
 * applied once, whether or not its first attempt reached the database.
 */
const available = faultsAvailable();
let server: PgServer;
let service: RunningService;
let pool: Pool;
let editor: Record<string, string>;

/** A request that has not answered after this long counts as hung (the requirement is a prompt refusal). */
const HUNG_MS = 5_000;

const RECORD = 'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId version position } }';
const TIMELINE = 'query($p: String) { timeline(first: 50, minPosition: $p) { edges { node { eventId title } } } }';

async function ask(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(HUNG_MS),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

const record = (title: string, key: string) =>
  ask(RECORD, { input: { ...currenciesStatement, title, idempotencyKey: key } }, editor);

(available.run ? describe : describe.skip)(`PostgreSQL restarts under traffic${available.reason}`, () => {
  beforeAll(async () => {
    server = await PgServer.primary();
    const url = await server.createDatabase('faults');
    pool = new Pool({ connectionString: url, max: 2 });
    service = await startTestApp({ url } as TestDatabase);
    editor = await apiKeyHeader(service, 'editor');
    await seedStory(service);
  }, 120_000);

  afterAll(async () => {
    await service?.shutdown();
    await pool?.end();
    await server?.destroy();
  });

  it('refuses with SERVICE_UNAVAILABLE while it is down, recovers by itself, applies each command once', async () => {
    const before = await record('before the outage', 'outage-before');
    expect(before.errors).toBeUndefined();

    // Traffic while the server stops: reads and a write keep going until it is down.
    const stopping = server.stop('fast');
    const during: Array<{ status: number; code?: string }> = [];
    let stopped = false;
    void stopping.then(() => (stopped = true));
    let attempt = 0;
    while (!stopped) {
      attempt += 1;
      const answers = await Promise.all([ask(TIMELINE, {}), record('during the outage', 'outage-during')]);
      for (const answer of answers) during.push({ status: answer.status, code: answer.errors?.[0]?.extensions?.code });
      expect(attempt).toBeLessThan(1_000);
    }
    await stopping;

    // Down: every request answers, and with SERVICE_UNAVAILABLE (no hang, no 500, no stack).
    for (let i = 0; i < 5; i += 1) {
      const read = await ask(TIMELINE, {});
      const write = await record('during the outage', 'outage-during');
      for (const answer of [read, write]) {
        expect(answer.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        expect(JSON.stringify(answer.errors)).not.toMatch(/at .*\.(js|ts):\d+/);
      }
    }
    const health = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(HUNG_MS) });
    expect(health.status).toBe(503);
    // What was answered while stopping: data, or the same refusal.
    for (const answer of during) {
      if (answer.code !== undefined) expect(answer.code).toBe('SERVICE_UNAVAILABLE');
      else expect(answer.status).toBe(200);
    }

    await server.start();

    // Back: the service serves again by itself, the write retried with its key is applied once.
    const after = await eventually('the service to serve again', async () => {
      const answer = await record('during the outage', 'outage-during');
      return answer.errors === undefined ? answer : undefined;
    });
    const again = await record('during the outage', 'outage-during');
    expect(again.data).toEqual(after.data);
    expect((await record('before the outage', 'outage-before')).data).toEqual(before.data);

    // The projector is back too: the write shows on the timeline (minPosition waits for it).
    const position = after.data.recordEvent.position as string;
    const page = await eventually('the projector to apply the write', async () => {
      const answer = await ask(TIMELINE, { p: position });
      return answer.errors === undefined ? answer : undefined;
    });
    const titles = page.data.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title);
    expect(titles.filter((title: string) => title === 'during the outage')).toHaveLength(1);
    expect(titles.filter((title: string) => title === 'before the outage')).toHaveLength(1);

    // In the log: each command once.
    const { rows } = await pool.query<{ title: string; n: number }>(
      `SELECT data->>'title' AS title, count(*)::int AS n FROM events
        WHERE type = 'EventRecorded' AND data->>'title' IN ('before the outage', 'during the outage') GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { title: 'before the outage', n: 1 },
      { title: 'during the outage', n: 1 },
    ]);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  }, 120_000);
});
