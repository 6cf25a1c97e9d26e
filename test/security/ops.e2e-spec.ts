import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Production defaults a security review expects: /metrics behind a token or on a port of its
 * own, and health bodies that never carry PostgreSQL's error text (database names, hosts, users)
 * to whoever asks. All over HTTP, as a client sees them.
 */
const TOKEN = 'metrics-secret-1f2e3d';
const INNOCENT = '{ actors { edges { cursor } } }';

let db: TestDatabase;
let service: RunningService;
let portDb: TestDatabase;
let portService: RunningService;
let metricsPort: number;

beforeAll(async () => {
  db = await createTestDatabase();
  // The health test cuts this database's connections: the pool's idle clients then report errors.
  db.pool.on('error', () => undefined);
  service = await startTestApp(db, { metricsToken: TOKEN, runProjector: true });
  portDb = await createTestDatabase();
  metricsPort = await freePort();
  portService = await startTestApp(portDb, { metricsPort, metricsHost: '127.0.0.1', runProjector: false });
});

afterAll(async () => {
  await service?.shutdown();
  await portService?.shutdown();
  await db?.drop();
  await portDb?.drop();
});

async function eventCount(database: TestDatabase): Promise<number> {
  const { rows } = await database.pool.query<{ count: string }>('SELECT count(*) FROM events');
  return Number(rows[0]!.count);
}

async function expectInnocentAnswered(running: RunningService): Promise<void> {
  const answer = await graphql(running, INNOCENT);
  expect(answer.status).toBe(200);
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.actors.edges).toEqual([]);
}

/** Polls a condition until it holds, failing after a deadline (no fixed sleeps). */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('/metrics with METRICS_TOKEN', () => {
  it('refuses a request without the token, or with another one, with 401', async () => {
    const before = await eventCount(db);
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token' },
      { authorization: TOKEN },
      { authorization: `Basic ${TOKEN}` },
    ]) {
      const response = await fetch(`${service.url}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const text = await response.text();
      expect(text).toContain('METRICS_TOKEN');
      expect(text).not.toContain('http_requests_total');
    }
    expect(await eventCount(db)).toBe(before);
    await expectInnocentAnswered(service);
  });

  it('answers with the token', async () => {
    const response = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('http_requests_total');
  });
});

describe('/metrics with METRICS_PORT', () => {
  it('is not served on the main port', async () => {
    const before = await eventCount(portDb);
    const response = await fetch(`${portService.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('http_requests_total');
    expect(await eventCount(portDb)).toBe(before);
    await expectInnocentAnswered(portService);
  });

  it('is served on its own port, and only /metrics there', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('http_requests_total');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health`)).status).toBe(404);
  });
});

describe('health bodies', () => {
  /** Anything PostgreSQL or the driver would say about the failure, or about where the database is. */
  const leaks = (text: string) =>
    [
      /database "/i,
      /does not exist|not currently accepting|terminating connection|administrator command/i,
      /ECONNREFUSED|ECONNRESET|timeout|Connection terminated/i,
      /postgres(ql)?:\/\//i,
      /password|FATAL|message/i,
      new RegExp(db.name, 'i'),
    ].filter((pattern) => pattern.test(text));

  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: process.env.TEST_SERVER_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('name each check and its status only, when up', async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; details: unknown };
    expect(body.status).toBe('ok');
    expect(body.details).toEqual({
      lifecycle: { status: 'up' },
      database: { status: 'up' },
      projection: { status: 'up' },
    });
  });

  it('carry no PostgreSQL text when the database refuses connections', async () => {
    const before = await eventCount(db);
    // The database is there but refuses everyone, and every open session is cut: as in an outage.
    await admin(async (client) => {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS false`);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db.name]);
    });
    try {
      await until(async () => (await fetch(`${service.url}/health`)).status === 503, '/health to fail');
      for (const path of ['/health', '/health/ready']) {
        const response = await fetch(`${service.url}${path}`);
        const text = await response.text();
        expect(response.status).toBe(503);
        expect(leaks(text)).toEqual([]);
        const body = JSON.parse(text);
        expect(body.status).toBe('error');
        expect(body.error.database).toEqual({ status: 'down' });
        for (const check of Object.values(body.details)) expect(Object.keys(check as object)).toEqual(['status']);
      }
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({
        status: 'ok',
        info: { process: { status: 'up' } },
        error: {},
        details: { process: { status: 'up' } },
      });
    } finally {
      await admin((client) =>
        client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} WITH ALLOW_CONNECTIONS true`),
      );
    }

    await until(async () => (await fetch(`${service.url}/health`)).status === 200, '/health to recover');
    expect(await eventCount(db)).toBe(before);
    await expectInnocentAnswered(service);
  });
});
