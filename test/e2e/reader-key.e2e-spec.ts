import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** REQUIRE_READER_KEY=true: queries and subscriptions need a key too. */
let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { requireReaderKey: true, runProjector: false });
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('queries behind a reader key', () => {
  it('refuses a query without a key and answers one with a reader key', async () => {
    const anonymous = await graphql(service, '{ actors { edges { cursor } } }');
    expect(anonymous.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const reader = await graphql(service, '{ actors { edges { cursor } } }', {}, await apiKeyHeader(service, 'reader'));
    expect(reader.errors).toBeUndefined();
    expect(reader.data!.actors.edges).toEqual([]);
  });

  it('refuses a subscription without a key', async () => {
    const client = createClient({
      url: `${service.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { timelineUpdated { change } }' },
        { next: (result) => resolve(result.errors), error: resolve, complete: () => resolve('complete') },
      );
    });
    await client.dispose();
    expect(JSON.stringify(error)).toMatch(/UNAUTHENTICATED/);
  });

  it('keeps health and metrics open', async () => {
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
  });
});
