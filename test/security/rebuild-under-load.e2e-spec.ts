import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { appendSyntheticLog } from '../../src/timelines/projection/testing/synthetic-log';
import { graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * `projections:rebuild` swaps the read model's generation and drops the old one while clients
 * read: instances may still hold the old name for a moment, and a read that reaches the dropped
 * schema is run again on the new one. Readers see no error at any point.
 */
let db: TestDatabase;
let service: RunningService;
let store: PostgresEventStore;

const CLIENTS = 8;
/** Reads per client after the swap, so that stale names are exercised too. */
const READS_AFTER_SWAP = 15;
/** A bound on every loop, whatever happens. */
const MAX_READS_PER_CLIENT = 5_000;

const QUERIES = [
  `{ timeline(first: 20) { totalCount edges { node { id title participants { role actor { name } } } } } }`,
  `{ timeline(last: 10, filter: { kinds: [MEETING] }) { edges { cursor node { id start { value } } } } }`,
  `{ actors(first: 10) { edges { node { id name } } } }`,
];

async function projectionStatus(): Promise<{ activeSchema: string; lagEvents: number }> {
  const answer = await graphql(
    service,
    `
      {
        projectionStatus {
          activeSchema
          lagEvents
        }
      }
    `,
  );
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.projectionStatus;
}

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  await appendSyntheticLog(store, { events: 3_000, seed: 11 });
  // This test is about the swap: a new connection slower than the default 2 s wait (a loaded CI
  // machine under a rebuild) is the pool's SERVICE_UNAVAILABLE, tested in pools.e2e-spec.ts.
  service = await startTestApp(db, { databaseConnectTimeoutMs: 15_000 });
  const deadline = Date.now() + 120_000;
  while ((await projectionStatus()).lagEvents > 0) {
    if (Date.now() > deadline) throw new Error('the service did not project the log');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 300_000);

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

describe('projections:rebuild while 8 clients read timelines', () => {
  it('answers every read without an error, before, during and after the swap', async () => {
    const before = await projectionStatus();
    const eventsBefore = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    let swapped = false;
    const failures: GraphQLResponse[] = [];
    const reads: number[] = Array.from({ length: CLIENTS }, () => 0);
    const readsAfterSwap: number[] = Array.from({ length: CLIENTS }, () => 0);

    const client = async (index: number) => {
      for (let i = 0; i < MAX_READS_PER_CLIENT && readsAfterSwap[index]! < READS_AFTER_SWAP; i += 1) {
        const answer = await graphql(service, QUERIES[(index + i) % QUERIES.length]!);
        reads[index]! += 1;
        if (answer.status !== 200 || answer.errors) failures.push(answer);
        if (swapped) readsAfterSwap[index]! += 1;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
    const rebuilt = await rebuildReadModel({ connectionString: db.url, store, batchSize: 500 }).finally(
      () => (swapped = true),
    );
    await Promise.all(clients);

    expect(failures.map((answer) => answer.errors ?? answer.status)).toEqual([]);
    expect(rebuilt.previousSchema).toBe(before.activeSchema);
    expect(rebuilt.previousDropped).toBe(true); // the generation the readers started on is gone
    expect(readsAfterSwap.every((count) => count === READS_AFTER_SWAP)).toBe(true);
    expect(reads.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(CLIENTS * READS_AFTER_SWAP);
    expect((await projectionStatus()).activeSchema).toBe(rebuilt.schema);
    const eventsAfter = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    expect(eventsAfter).toBe(eventsBefore); // reading appends nothing
    // An innocent query right after is answered from the new generation.
    const after = await graphql(service, QUERIES[0]!);
    expect(after.errors).toBeUndefined();
    expect(after.data!.timeline.totalCount).toBeGreaterThan(0);
  }, 300_000);
});
