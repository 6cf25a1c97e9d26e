import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Pool } from 'pg';
import {
  AddressShares,
  outsideReadShare,
  ReadShareClosedError,
  readsPerAddress,
  readsPerRequest,
  shareReadsPerRequest,
  withReadShare,
} from '../../src/database/request-read-share';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * One request holds at most its share of a read pool (request-read-share.ts): its queries beyond
 * the share wait in its own queue, not for the pool's connections, so another request still gets
 * one. The request's queries are held on an advisory lock the test owns, which makes "how many
 * run at once" a count of sessions waiting for that lock.
 */
const LOCK = 7_346_211;
let db: TestDatabase;
let pool: Pool;
let holder: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = shareReadsPerRequest(
    new Pool({ connectionString: db.url, max: 4, connectionTimeoutMillis: 3_000, application_name: 'share-test' }),
  );
  holder = new Client({ connectionString: db.url });
  await holder.connect();
});
afterAll(async () => {
  await holder.end();
  await pool.end();
  await db.drop();
});

const waitingOnLock = async () =>
  Number(
    (
      await holder.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE application_name = 'share-test' AND wait_event_type = 'Lock' AND datname = current_database()`,
      )
    ).rows[0]!.n,
  );

describe('a request’s share of the read pool', () => {
  it('runs two of its queries at once, leaves the rest of the pool to other requests, then runs them all', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const heavy = withReadShare(2, () =>
      Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          pool.query<{ i: number }>('SELECT $1::int AS i, pg_advisory_xact_lock_shared($2)', [i, LOCK]),
        ),
      ),
    );
    await eventually('two of the request’s queries waiting on the lock', async () => (await waitingOnLock()) === 2);
    // Another request gets a connection at once: the pool's other two are free.
    const other = await withReadShare(2, () => pool.query<{ one: number }>('SELECT 1 AS one'));
    expect(other.rows).toEqual([{ one: 1 }]);
    expect(await waitingOnLock()).toBe(2);
    await holder.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    const answers = await heavy;
    expect(answers.map((answer) => answer.rows[0]!.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs no more of a request’s queries once it is over, and shared reads outside its share', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [LOCK]);
    let close = () => undefined as void;
    let sharedRead: Promise<unknown> | undefined;
    const settled = withReadShare(
      1,
      () => {
        const held = [0, 1, 2].map((i) =>
          pool.query('SELECT $1::int AS i, pg_advisory_xact_lock_shared($2)', [i, LOCK]),
        );
        // Work every request shares, started by this one, does not wait behind its queue.
        sharedRead = outsideReadShare(() => pool.query('SELECT 1 AS one'));
        return Promise.allSettled(held);
      },
      (closeShare) => (close = closeShare),
    );
    await eventually('the request’s one query waiting on the lock', async () => (await waitingOnLock()) === 1);
    expect(((await sharedRead) as { rows: unknown[] }).rows).toEqual([{ one: 1 }]);
    close();
    await holder.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    const results = await settled;
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ReadShareClosedError);
  });

  it('always leaves one connection of the pool to other requests', () => {
    expect([readsPerRequest(2, 10), readsPerRequest(2, 2), readsPerRequest(5, 1), readsPerRequest(8, 4)]).toEqual([
      2, 1, 1, 3,
    ]);
  });

  it('runs at most the address’s share of reads across its requests, while another address reads at once', async () => {
    const addresses = new AddressShares(2);
    const from = (address: string) => ({ shares: addresses, address });
    await holder.query('SELECT pg_advisory_lock($1)', [LOCK]);
    const closes: (() => void)[] = [];
    // Three requests from one address, two reads each: four would run at once without its share.
    const requests = [0, 1, 2].map((r) =>
      withReadShare(
        2,
        () =>
          Promise.allSettled(
            [0, 1].map((i) =>
              pool.query<{ i: number }>('SELECT $1::int AS i, pg_advisory_xact_lock_shared($2)', [10 * r + i, LOCK]),
            ),
          ),
        (close) => closes.push(close),
        from('203.0.113.7'),
      ),
    );
    await eventually('two of the address’s reads waiting on the lock', async () => (await waitingOnLock()) === 2);
    const other = await withReadShare(
      2,
      () => pool.query<{ one: number }>('SELECT 1 AS one'),
      (close) => closes.push(close),
      from('::1'),
    );
    expect(other.rows).toEqual([{ one: 1 }]);
    expect(await waitingOnLock()).toBe(2);
    // The third request goes away: its reads still queued are refused, the others run in turn.
    closes[2]!();
    await holder.query('SELECT pg_advisory_unlock($1)', [LOCK]);
    const settled = await Promise.all(requests);
    expect(
      settled
        .slice(0, 2)
        .flat()
        .map((result) => result.status),
    ).toEqual(Array(4).fill('fulfilled'));
    expect(settled[2]!.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((settled[2]![0] as PromiseRejectedResult).reason).toBeInstanceOf(ReadShareClosedError);
    for (const close of closes) close();
    // Every request over and every read done: no address is held.
    expect(addresses.size).toBe(0);
  });

  it('gives an address half the pool by default, and always leaves one connection to others', () => {
    expect([
      readsPerAddress(undefined, 10),
      readsPerAddress(undefined, 5),
      readsPerAddress(undefined, 2),
      readsPerAddress(undefined, 1),
      readsPerAddress(8, 4),
      readsPerAddress(3, 10),
    ]).toEqual([5, 2, 1, 1, 3, 3]);
  });

  it('keeps the share when a query fails, and leaves queries outside a request alone', async () => {
    const results = await withReadShare(1, () =>
      Promise.allSettled([pool.query('SELECT 1/0'), pool.query('SELECT 2 AS two'), pool.query('SELECT 3 AS three')]),
    );
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const outside = await Promise.all([1, 2, 3, 4].map((n) => pool.query<{ n: number }>('SELECT $1::int AS n', [n])));
    expect(outside.map((answer) => answer.rows[0]!.n)).toEqual([1, 2, 3, 4]);
  });
});
