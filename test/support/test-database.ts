import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';

/**
 * Each test file gets a database of its own, copied from a template that the global setup
 * migrated once, so files run in parallel and never see each other's events.
 */
export function testRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

const templateName = (runId: string) => `dtl_template_${runId}`;

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function prepareTemplateDatabase(serverUrl: string, runId: string): Promise<void> {
  const name = templateName(runId);
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const dataSource = new DataSource(dataSourceOptions(withDatabase(serverUrl, name), 2));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export async function dropRunDatabases(serverUrl: string, runId: string): Promise<void> {
  await admin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname DESC`,
      [`dtl_%${runId}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. Call drop() in afterAll. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_SERVER_URL;
  const runId = process.env.TEST_RUN_ID;
  if (!serverUrl || !runId) throw new Error('the jest global setup did not run (TEST_SERVER_URL is not set)');
  const name = `dtl_${runId}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${templateName(runId)}`));
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(serverUrl, name);
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const sessionsClosed = closedSessions(pool);
  return {
    url,
    name,
    pool,
    async drop() {
      await pool.end();
      // Only once the server has seen every session of the pool go: see closedSessions.
      await sessionsClosed();
      await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Waits, once the pool is ended, until each of its connections is closed. pg-pool's end() resolves
 * as soon as it has asked its idle clients to end, before their sessions are gone: a DROP DATABASE
 * ... WITH (FORCE) right after it terminates those sessions, each answers with 57P01 ("terminating
 * connection due to administrator command"), and the pool re-emits that as an 'error' with no
 * listener, which crashed whichever test file the worker was running by then.
 */
export function closedSessions(pool: Pool): () => Promise<void> {
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => closed.push(new Promise((resolve) => client.once('end', () => resolve()))));
  return async () => {
    await Promise.all(closed);
  };
}
