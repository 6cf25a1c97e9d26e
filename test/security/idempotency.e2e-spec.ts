import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PoolClient } from 'pg';
import type { RunningService } from '../../src/service';
import { currenciesStatement, ids } from '../support/story';
import { apiKeyHeader, graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Idempotency keys over HTTP: a retry after the process died between the append and storing the
 * answer gets the first answer (the crash is simulated by clearing the stored answer), waiting
 * for a first request that is still running is bounded, and records expire.
 */
const WAIT_MS = 400;
const EVENT = 'eventId version position event { title version }';
const ACTOR = 'actorId version position actor { name version }';
const INNOCENT = '{ timeline(first: 1) { edges { cursor } } }';
/** Who the currencies statement names. */
const SPEAKER_AND_ADDRESSEE = [
  { actorId: ids.khamenei, kind: 'PERSON', name: 'Ali Khamenei', country: 'IRN' },
  { actorId: ids.putin, kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' },
];

let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let editorName: string;

const logSize = async (database = db) =>
  Number((await database.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
const record = (input: Record<string, unknown>, app = service, headers = editor) =>
  graphql(app, `mutation($input: RecordEventInput!) { recordEvent(input: $input) { ${EVENT} } }`, { input }, headers);
const register = (input: Record<string, unknown>) =>
  graphql(
    service,
    `mutation($input: RegisterActorInput!) { registerActor(input: $input) { ${ACTOR} } }`,
    { input },
    editor,
  );
const revise = (input: Record<string, unknown>) =>
  graphql(
    service,
    `mutation($input: ReviseEventInput!) { reviseEvent(input: $input) { ${EVENT} } }`,
    { input },
    editor,
  );

function answer(response: GraphQLResponse, field: string): Record<string, any> {
  expect(response.errors).toBeUndefined();
  return response.data![field];
}

async function innocentQueryAnswered(app = service): Promise<void> {
  const innocent = await graphql(app, INNOCENT);
  expect(innocent.errors).toBeUndefined();
}

/** The process died after the append, before the answer was stored: the answer is gone. */
async function crashBeforeAnswer(key: string): Promise<void> {
  const { rowCount } = await db.pool.query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2', [
    `apikey:${editorName}`,
    key,
  ]);
  expect(rowCount).toBe(1);
}

/** Polls a condition with a bounded deadline (no fixed sleep stands in for a signal). */
async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { idempotencyWaitMs: WAIT_MS });
  editorName = `idem-editor-${Math.random().toString(36).slice(2, 8)}`;
  editor = await apiKeyHeader(service, 'editor', editorName);
  for (const actor of SPEAKER_AND_ADDRESSEE) answer(await register(actor), 'registerActor');
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('a retry after a crash between the append and the answer', () => {
  it('registerActor answers the first result, not "registered already", and appends nothing', async () => {
    const input = {
      kind: 'PERSON',
      name: 'Hossein Amir-Abdollahian',
      country: 'IRN',
      idempotencyKey: 'crash-register',
    };
    const first = answer(await register(input), 'registerActor');
    await crashBeforeAnswer('crash-register');
    const before = await logSize();

    const retried = answer(await register(input), 'registerActor');

    expect(retried).toEqual(first);
    expect(await logSize()).toBe(before);
    await innocentQueryAnswered();
  });

  it('recordEvent answers the first result even after the stream moved on', async () => {
    const input = { ...currenciesStatement, title: 'Crash between append and answer', idempotencyKey: 'crash-record' };
    const first = answer(await record(input), 'recordEvent');
    // Someone revises the event after the first run; the retry still answers what the first run did.
    answer(
      await revise({ eventId: first.eventId, expectedVersion: 1, reason: 'typo', title: 'Revised meanwhile' }),
      'reviseEvent',
    );
    await crashBeforeAnswer('crash-record');
    const before = await logSize();

    const retried = answer(await record(input), 'recordEvent');

    expect(retried).toEqual(first);
    expect(retried.event).toEqual({ title: 'Crash between append and answer', version: 1 });
    expect(await logSize()).toBe(before);
    await innocentQueryAnswered();
  });

  it('reviseEvent with an expectedVersion the stream has passed answers the first result, not CONFLICT', async () => {
    const recorded = answer(await record({ ...currenciesStatement, title: 'To be revised' }), 'recordEvent');
    const input = {
      eventId: recorded.eventId,
      expectedVersion: 1,
      reason: 'clearer',
      title: 'Revised once',
      idempotencyKey: 'crash-revise',
    };
    const first = answer(await revise(input), 'reviseEvent');
    answer(
      await revise({ eventId: recorded.eventId, expectedVersion: 2, reason: 'again', title: 'Revised twice' }),
      'reviseEvent',
    );
    await crashBeforeAnswer('crash-revise');
    const before = await logSize();

    const retried = answer(await revise(input), 'reviseEvent');

    expect(retried).toEqual(first);
    expect(await logSize()).toBe(before);
  });

  it('a claim abandoned by the crash is taken over after the claim timeout and answered from the log', async () => {
    const input = { ...currenciesStatement, title: 'Abandoned claim', idempotencyKey: 'crash-claim' };
    const first = answer(await record(input), 'recordEvent');
    // As a crash leaves it: claimed, no answer, and older than the claim timeout.
    await db.pool.query(
      `UPDATE idempotency_keys SET result = NULL, completed_at = NULL, claimed_at = now() - interval '1 hour'
        WHERE principal = $1 AND key = 'crash-claim'`,
      [`apikey:${editorName}`],
    );
    const before = await logSize();

    const retried = answer(await record(input), 'recordEvent');

    expect(retried).toEqual(first);
    expect(await logSize()).toBe(before);
  });

  it('the same key with other input is still a CONFLICT once the stored answer is gone', async () => {
    answer(
      await record({ ...currenciesStatement, title: 'First use of the key', idempotencyKey: 'crash-reuse' }),
      'recordEvent',
    );
    await crashBeforeAnswer('crash-reuse');
    const before = await logSize();

    const reused = await record({ ...currenciesStatement, title: 'Other input', idempotencyKey: 'crash-reuse' });

    expect(reused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(reused.errors?.[0]?.message).toMatch(/idempotency key was used already/);
    expect(await logSize()).toBe(before);
    await innocentQueryAnswered();
  });
});

describe('waiting for the first request', () => {
  let locker: PoolClient | undefined;
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    locker?.release();
  });

  it('is bounded: a retry is told to retry later, then gets the first answer', async () => {
    const input = { ...currenciesStatement, title: 'Slow first request', idempotencyKey: 'slow-first' };
    // Hold the first request inside its append: every append writes the streams table.
    locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE streams IN EXCLUSIVE MODE');
    const before = await logSize();
    const firstRequest = record(input);
    await eventually(
      async () =>
        (await db.pool.query(`SELECT 1 FROM idempotency_keys WHERE key = 'slow-first' AND result IS NULL`)).rowCount ===
        1,
      'the first request has claimed its key',
    );

    const waiting = await record(input);

    expect(waiting.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      idempotencyKey: 'slow-first',
      retryable: true,
    });
    expect(waiting.errors?.[0]?.message).toMatch(/still running after 400 ms: retry later/);
    expect(await logSize()).toBe(before);
    await innocentQueryAnswered();

    await locker.query('COMMIT');
    const first = answer(await firstRequest, 'recordEvent');
    const retried = answer(await record(input), 'recordEvent');
    expect(retried).toEqual(first);
    expect(await logSize()).toBe(before + 1);
  });
});

describe('a claim taken over while its first owner still runs', () => {
  let locker: PoolClient | undefined;
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    locker?.release();
  });

  it("both requests answer the first result, the event is appended once and the claim stays the new owner's", async () => {
    const input = { ...currenciesStatement, title: 'Claim taken over', idempotencyKey: 'taken-over' };
    const claim = async () =>
      (
        await db.pool.query<{ claim_token: string; result: unknown }>(
          `SELECT claim_token, result FROM idempotency_keys WHERE key = 'taken-over'`,
        )
      ).rows[0];
    locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE streams IN EXCLUSIVE MODE');
    const before = await logSize();
    const firstRequest = record(input);
    let firstToken: string | undefined;
    await eventually(
      async () => (firstToken = (await claim())?.claim_token) !== undefined,
      'the first request has claimed its key',
    );
    // The first owner looks crashed: its claim is older than the claim timeout.
    await db.pool.query(`UPDATE idempotency_keys SET claimed_at = now() - interval '1 hour' WHERE key = 'taken-over'`);
    const secondRequest = record(input);
    let secondToken: string | undefined;
    await eventually(
      async () => (secondToken = (await claim())?.claim_token) !== firstToken,
      'the second request has taken the claim over',
    );

    await locker.query('COMMIT');
    const [first, second] = [answer(await firstRequest, 'recordEvent'), answer(await secondRequest, 'recordEvent')];

    expect(second).toEqual(first);
    expect(await logSize()).toBe(before + 1);
    expect(await claim()).toEqual({
      claim_token: secondToken,
      result: { value: expect.objectContaining({ eventId: first.eventId }) },
    });
    await innocentQueryAnswered();
  });
});

describe('retention', () => {
  it('a record older than the retention is ignored: the key is free again', async () => {
    // A record from two days ago, of another request, with an answer that must never be served again.
    await db.pool.query(
      `INSERT INTO idempotency_keys (principal, key, operation, request_hash, result, claimed_at, completed_at)
       VALUES ($1, 'stale-key', 'recordEvent', 'another request', '{"value": {"eventId": "stale"}}', now() - interval '2 days', now() - interval '2 days')`,
      [`apikey:${editorName}`],
    );
    const before = await logSize();

    const fresh = answer(
      await record({ ...currenciesStatement, title: 'After the retention', idempotencyKey: 'stale-key' }),
      'recordEvent',
    );

    expect(fresh.eventId).not.toBe('stale');
    expect(fresh.event.title).toBe('After the retention');
    expect(await logSize()).toBe(before + 1);
  });

  it('records are purged after the retention, and a retry then still answers from the log', async () => {
    const shortDb = await createTestDatabase();
    const short = await startTestApp(shortDb, { idempotencyRetentionMs: 1_500 });
    try {
      const headers = await apiKeyHeader(short, 'editor');
      for (const actor of SPEAKER_AND_ADDRESSEE) {
        const registered = await graphql(
          short,
          'mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId } }',
          { input: actor },
          headers,
        );
        expect(registered.errors).toBeUndefined();
      }
      const input = { ...currenciesStatement, title: 'Kept for the retention only', idempotencyKey: 'short-lived' };
      const first = answer(await record(input, short, headers), 'recordEvent');
      const records = async () =>
        Number((await shortDb.pool.query<{ n: string }>('SELECT count(*) AS n FROM idempotency_keys')).rows[0]!.n);
      expect(await records()).toBe(1);

      await eventually(async () => (await records()) === 0, 'the purge has removed the expired record');

      const before = await logSize(shortDb);
      const retried = answer(await record(input, short, headers), 'recordEvent');
      expect(retried).toEqual(first);
      expect(await logSize(shortDb)).toBe(before);
      await innocentQueryAnswered(short);
    } finally {
      await short.shutdown();
      await shortDb.drop();
    }
  });
});
