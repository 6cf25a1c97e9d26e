import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { Client, type Pool } from 'pg';
import { READ_POOL } from '../../src/database/database.module';
import { AddressShares } from '../../src/database/request-read-share';
import type { RunningService } from '../../src/service';
import { eventually } from '../support/eventually';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { apiKeyHeader, startTestApp, type GraphQLResponse } from '../support/test-app';
import { recordMeeting, registerActors } from './ws-support';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * One address's requests hold at most its share of the read pool (half of it by default), so that
 * a client sending many slow requests at once cannot take every connection from the others. Two
 * clients on two loopback addresses (Linux answers all of 127.0.0.0/8): the first one's pages wait
 * behind a lock on the read model's event versions; the second one's read of actors is answered at
 * once, where before every read connection was held by the first and it got pool_exhausted.
 */
let db: TestDatabase;
let service: RunningService;

const PAGE = `{ timeline(first: 5) { edges { node { id title } } } }`;
const ACTORS = `{ actors(first: 5) { edges { node { name } } } }`;

/** A POST /graphql sent from the given local address. */
function graphqlFrom(localAddress: string, query: string): Promise<GraphQLResponse> {
  const url = new URL(`${service.url}/graphql`);
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<
            GraphQLResponse,
            'status' | 'headers'
          >;
          resolve({ status: res.statusCode ?? 0, headers: new Headers(), ...parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, {
    databasePoolSize: 4,
    databaseReadsPerRequest: 2,
    databaseReadTimeoutMs: 30_000,
    databaseLockTimeoutMs: 30_000,
    databaseConnectTimeoutMs: 1_000,
  });
}, 120_000);

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

describe('one address’s share of the read pool', () => {
  it('leaves connections to another address while its own requests wait, then answers them all', async () => {
    expect((await graphqlFrom('127.0.0.2', PAGE)).errors).toBeUndefined();
    const readPool = service.app.get<Pool>(READ_POOL);
    const readsRunning = () => readPool.totalCount - readPool.idleCount;
    const holder = new Client({ connectionString: db.url, application_name: 'address-share-lock-holder' });
    await holder.connect();
    let pages: Promise<GraphQLResponse[]> | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rm_1.event_versions IN ACCESS EXCLUSIVE MODE');
      pages = Promise.all(Array.from({ length: 6 }, () => graphqlFrom('127.0.0.2', PAGE)));
      // Two of the pool's four connections, held behind the lock: the address's share (half the
      // pool by default); its other four pages wait in the service, not for connections.
      await eventually('two of the first address’s reads running', async () => readsRunning() === 2);

      const other = await graphqlFrom('127.0.0.3', ACTORS);
      expect(other.errors).toBeUndefined();
      expect(Array.isArray(other.data!.actors.edges)).toBe(true);
      await eventually('the other address’s read done', async () => readsRunning() === 2);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    const answered = await pages!;
    for (const answer of answered) {
      expect(answer.errors).toBeUndefined();
      expect(Array.isArray(answer.data!.timeline.edges)).toBe(true);
    }
    // Every request over: no address is held any more.
    await eventually('no address held', async () => service.app.get(AddressShares).size === 0);
  }, 60_000);
});

describe('a subscription’s events', () => {
  it('are executed within a share of their socket’s address, which is let go when it ends', async () => {
    const editor = await apiKeyHeader(service, 'editor');
    await registerActors(service, editor);
    const shares = service.app.get(AddressShares);
    await eventually('no address held', async () => shares.size === 0);
    /** A socket from 127.0.0.4, as the graphql-ws client opens one. */
    class FromOtherAddress extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { localAddress: '127.0.0.4' });
      }
    }
    const client = createClient({
      url: `${service.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: FromOtherAddress,
      retryAttempts: 0,
    });
    try {
      const names = new Promise<string[]>((resolve, reject) => {
        client.subscribe<{ timelineUpdated: { event: { participants: { actor: { name: string } }[] } } }>(
          { query: `subscription { timelineUpdated { event { participants { actor { name } } } } }` },
          {
            next: ({ data }) => resolve(data!.timelineUpdated.event.participants.map((p) => p.actor.name)),
            error: reject,
            complete: () => reject(new Error('completed before an event')),
          },
        );
      });
      // Waiting for its next event, the subscription holds its address's share (no slot yet).
      await eventually('the subscription’s address held', async () => shares.size === 1);
      await recordMeeting(service, editor, 'A visit heard over a socket from another address');
      // The event's participants were read for this subscriber (the actor loader), in its share.
      expect((await names).length).toBeGreaterThan(1);
    } finally {
      await client.dispose();
    }
    await eventually('no address held once the socket is gone', async () => shares.size === 0);
  }, 60_000);
});
