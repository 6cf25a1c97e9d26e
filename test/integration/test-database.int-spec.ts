import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Pool } from 'pg';
import { closedSessions, createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The test support's own promise: a test file's database is dropped only once its pool's sessions
 * are closed, so the forced DROP has none of them to terminate. pg-pool's end() alone resolves
 * while they are still open: the server then terminated them (57P01), the pool emitted that as an
 * 'error' with no listener, and whichever test file the worker ran next failed with "Unhandled
 * error. (error: terminating connection due to administrator command ...)".
 */
let db: TestDatabase;
let server: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  server = new Client({ connectionString: process.env.TEST_SERVER_URL });
  await server.connect();
});
afterAll(async () => {
  await server.end();
  await db.drop();
});

const sessionsOn = async (database: string): Promise<number> =>
  (await server.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]))
    .rows[0]!.n;

describe('closing a test database', () => {
  it('waits until the server has no session of the pool left', async () => {
    for (let round = 0; round < 3; round += 1) {
      const pool = new Pool({ connectionString: db.url, max: 10 });
      const closed = closedSessions(pool);
      // Ten sessions at once, then all idle in the pool when it is ended.
      const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
      for (const client of clients) client.release();
      expect(await sessionsOn(db.name)).toBe(10);

      await pool.end();
      await closed();
      expect(await sessionsOn(db.name)).toBe(0);
    }
  });

  it('drops the database without terminating any session of its pool', async () => {
    const dropped = await createTestDatabase({ poolSize: 10 });
    const errors: Error[] = [];
    dropped.pool.on('error', (error) => errors.push(error));
    const clients = await Promise.all(Array.from({ length: 10 }, () => dropped.pool.connect()));
    const ended = Promise.all(clients.map((client) => new Promise((resolve) => client.once('end', resolve))));
    for (const client of clients) client.release();

    await dropped.drop();
    await ended; // every session has closed: anything the server said to them has been heard
    expect(errors).toEqual([]);
    expect(await sessionsOn(dropped.name)).toBe(0);
  });
});
