import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { RawSocket } from '../support/ws-client';
import { answersInnocentQuery, eventCount } from './ws-support';

/**
 * Attacks found by a review of the hardened service: each reproduced, refused with a code or a
 * close code, nothing appended, and an innocent query answered after it.
 */
let db: TestDatabase;
let service: RunningService;
let eventsBefore: number;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  eventsBefore = await eventCount(db);
});

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

async function innocentAnsweredAndNothingAppended(): Promise<void> {
  await answersInnocentQuery(service);
  expect(await eventCount(db)).toBe(eventsBefore);
}

/** Sends raw bytes and resolves with what came back once the server closed the connection. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(service.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('hostile requests found in review', () => {
  it('an upgrade request whose target is not a URL ends that socket, not the process', async () => {
    await rawRequest(
      'GET // HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await innocentAnsweredAndNothingAppended();
  });

  it('a string literal shaped like a code generator’s marker stays a string, however often it is sent', async () => {
    // graphql-jit 0.8.9 (tried for issue 12 and dropped) turned a literal containing its fixed
    // date marker into `new Date(<the rest of the string>)` in the code it compiled: JavaScript
    // from any client, run from the second sighting of a query on. The service executes with
    // graphql-js; this holds whichever executor it uses.
    const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
    const probe = '__dtlInjectedBy' + process.pid;
    const query = `{ actors(first: 1, search: "${marker}(globalThis.${probe}=1,0)") { edges { cursor } } }`;
    for (let sighting = 0; sighting < 3; sighting += 1) {
      const answer = await graphql(service, query);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ actors: { edges: [] } });
    }
    expect((globalThis as Record<string, unknown>)[probe]).toBeUndefined();
    await innocentAnsweredAndNothingAppended();
  });

  it('an Authorization longer than any API key is UNAUTHENTICATED before any look-up', async () => {
    const answer = await graphql(
      service,
      'mutation { retractEvent(input: { eventId: "5e1d0a52-8f0a-4d3c-9b1e-000000000001", expectedVersion: 1, reason: "test" }) { version } }',
      {},
      { authorization: `Bearer ${'k'.repeat(10_000)}` },
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0]?.message).toMatch(/longer than 200 characters/);
    await innocentAnsweredAndNothingAppended();
  });

  it('a JSON body nested deeper than 64 levels is refused before it is parsed', async () => {
    const body = `{"query":"query($v: String) { __typename }","variables":{"v":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}}`;
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as {
      errors: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
    expect(answer.errors[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'body', reason: 'entity.too.deep' },
    });
    expect(answer.errors[0]!.message).toMatch(/more than 64 levels deep/);
    await innocentAnsweredAndNothingAppended();
  });

  it('a body that claims a compression it does not have is BAD_USER_INPUT, without zlib text', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '{"query":"{ __typename }"}',
      });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      expect(answer.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    }
    // A real gzip body is still read.
    const ok = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"query":"{ __typename }"}'),
    });
    expect(((await ok.json()) as { data?: unknown }).data).toEqual({ __typename: 'Query' });
    await innocentAnsweredAndNothingAppended();
  });

  it('a WebSocket message nested deeper than 64 levels closes that socket with 4400', async () => {
    const socket = new RawSocket(service);
    await socket.init();
    socket.send(
      `{"id":"1","type":"subscribe","payload":{"query":"{ __typename }","variables":{"v":${'['.repeat(500_000)}}}}`,
    );
    expect(await socket.closed).toEqual({ code: 4400, reason: 'message nested more than 64 levels deep' });
    await innocentAnsweredAndNothingAppended();
  });

  it('a long operation id used twice closes with 4409, not as an internal error', async () => {
    const socket = new RawSocket(service);
    await socket.init();
    const id = 'x'.repeat(200);
    socket.subscribe(id, 'subscription { timelineUpdated { position } }');
    socket.subscribe(id, 'subscription { timelineUpdated { position } }');
    expect((await socket.closed).code).toBe(4409);
    await innocentAnsweredAndNothingAppended();
  });
});

describe('requests in flight from one address', () => {
  let capped: RunningService;
  let cappedDb: TestDatabase;

  beforeAll(async () => {
    cappedDb = await createTestDatabase();
    capped = await startTestApp(cappedDb, { httpMaxConcurrentPerAddress: 2 });
  });

  afterAll(async () => {
    await capped?.shutdown();
    await cappedDb?.drop();
  });

  it('past the cap, a request is answered 429 SERVICE_UNAVAILABLE at once, and the cap frees as answers go out', async () => {
    // Each waits up to 5 s for a log position that never comes: they stay in flight meanwhile.
    const waiting = Array.from({ length: 2 }, () =>
      graphql(capped, '{ timeline(first: 1, minPosition: "999999999") { edges { cursor } } }'),
    );
    const refused = await eventuallyRefused();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'TOO_MANY_CONCURRENT_REQUESTS',
      maxConcurrent: 2,
    });
    for (const answer of await Promise.all(waiting))
      expect(answer.errors?.[0]?.extensions?.code).toBe('PROJECTION_TIMEOUT');
    const after = await graphql(capped, '{ actors(first: 1) { edges { cursor } } }');
    expect(after.errors).toBeUndefined();
  });

  /** The two waits are sent first; a third sent once the server holds them is refused. */
  async function eventuallyRefused() {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const answer = await graphql(capped, '{ __typename }');
      if (answer.status === 429) return answer;
    }
    throw new Error('no request was refused while two waits were in flight');
  }
});
