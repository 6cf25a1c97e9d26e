import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { ReadRouter } from '../../src/database/read-replicas/read-router';
import { replayedWalPosition } from '../../src/database/read-replicas/replication-queries';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * DATABASE_READ_URL naming a server that is not a standby (a promoted one after a failover, or
 * another primary by mistake): its WAL position counts on another timeline, so it is never read
 * from, and the operator is told at the first probe. The faults tier covers real standbys.
 */
let db: TestDatabase;
let notAStandby: Pool;
let notAStandbyProbe: Pool;
const logged: string[] = [];
let router: ReadRouter;

beforeAll(async () => {
  db = await createTestDatabase();
  notAStandby = new Pool({ connectionString: db.url, max: 2 });
  notAStandbyProbe = new Pool({ connectionString: db.url, max: 1 });
  router = new ReadRouter(
    db.pool,
    db.pool,
    [
      {
        name: 'primary-by-mistake',
        pool: notAStandby,
        probePool: notAStandbyProbe,
        probe: { checkedAtMs: 0, down: true, lagMs: null },
      },
    ],
    { maxLagMs: 60_000, log: (message) => logged.push(message) },
  );
  await router.start();
});
afterAll(async () => {
  await router.stop();
  await db.drop();
});

describe('a read replica that is not a standby', () => {
  it('is refused by the probe query', async () => {
    await expect(replayedWalPosition(db.pool)).rejects.toThrow(/not a standby/);
  });

  it('shows as down, is named in the log, and every read goes to the primary', async () => {
    await router.probeNow();
    expect(router.status()).toEqual([
      expect.objectContaining({ name: 'primary-by-mistake', state: 'down', lagSeconds: null }),
    ]);
    expect(logged).toEqual([
      'Read replica primary-by-mistake is not read from: it is not a standby (pg_is_in_recovery() is false); reads go to the primary',
    ]);
    const answers = await router.runScoped(() =>
      Promise.all([1, 2, 3].map(() => router.routed.query('SELECT 1 AS one'))),
    );
    expect(answers.map((answer) => answer.rows[0])).toEqual([{ one: 1 }, { one: 1 }, { one: 1 }]);
    expect(router.runScoped(() => router.pool())).toBe(db.pool);
    // Its read pool never opened a connection.
    expect(notAStandby.totalCount).toBe(0);
  });
});
