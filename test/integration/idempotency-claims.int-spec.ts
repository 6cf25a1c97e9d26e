import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdempotencyService } from '../../src/idempotency/idempotency.service';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Claim ownership: a claim that looked abandoned was taken over; its first owner, still alive
 * after all, must neither give back nor fill in the new owner's claim.
 */
let db: TestDatabase;
let idempotency: IdempotencyService;

beforeAll(async () => {
  db = await createTestDatabase();
  idempotency = new IdempotencyService(db.pool, { retentionMs: 24 * 3_600_000, claimTimeoutMs: 60_000, waitMs: 100 });
});
afterAll(() => db.drop());

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Row = { claim_token: string; result: { value: string } | null };
const row = async (key: string): Promise<Row | undefined> =>
  (
    await db.pool.query<Row>(`SELECT claim_token, result FROM idempotency_keys WHERE principal = 'p' AND key = $1`, [
      key,
    ])
  ).rows[0];

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (const deadline = Date.now() + 10_000; ;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A first owner still running when its claim ages past the timeout, and a second one that took it over. */
async function takenOver(key: string) {
  const first = deferred<string>();
  const firstRun = idempotency.run('p', key, 'op', { n: 1 }, () => first.promise);
  const firstToken = (await until(() => row(key), 'the first request claimed the key')).claim_token;
  await db.pool.query(
    `UPDATE idempotency_keys SET claimed_at = now() - interval '1 hour' WHERE principal = 'p' AND key = $1`,
    [key],
  );
  const second = deferred<string>();
  const secondRun = idempotency.run('p', key, 'op', { n: 1 }, () => second.promise);
  const secondToken = await until(async () => {
    const current = await row(key);
    return current && current.claim_token !== firstToken ? current.claim_token : undefined;
  }, 'the second request took the claim over');
  return { first, firstRun, second, secondRun, secondToken };
}

describe('a claim taken over', () => {
  it('is not given back by its first owner failing', async () => {
    const { first, firstRun, second, secondRun, secondToken } = await takenOver('failed-first');

    first.reject(new Error('the first owner failed late'));
    await expect(firstRun).rejects.toThrow('the first owner failed late');
    expect(await row('failed-first')).toEqual({ claim_token: secondToken, result: null });

    second.resolve('second');
    expect(await secondRun).toBe('second');
    expect(await row('failed-first')).toEqual({ claim_token: secondToken, result: { value: 'second' } });
  });

  it('is not filled in by its first owner finishing late', async () => {
    const { first, firstRun, second, secondRun, secondToken } = await takenOver('late-first');

    second.resolve('second');
    expect(await secondRun).toBe('second');
    first.resolve('first');
    expect(await firstRun).toBe('first');
    expect(await row('late-first')).toEqual({ claim_token: secondToken, result: { value: 'second' } });
  });
});

describe('waiting for a running first request', () => {
  it('gives up after the wait bound with a retryable CONFLICT', async () => {
    const first = deferred<string>();
    const firstRun = idempotency.run('p', 'still-running', 'op', { n: 1 }, () => first.promise);
    await until(() => row('still-running'), 'the first request claimed the key');

    await expect(idempotency.run('p', 'still-running', 'op', { n: 1 }, async () => 'second')).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', retryable: true },
    });

    first.resolve('first');
    expect(await firstRun).toBe('first');
    expect(await idempotency.run('p', 'still-running', 'op', { n: 1 }, async () => 'never')).toBe('first');
  });
});
