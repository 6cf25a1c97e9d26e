import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '../../src/config/env';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { once, RawSocket, wsClient } from '../support/ws-client';
import { answersInnocentQuery, eventCount, recordMeeting, registerActors, untilSubscribed } from './ws-support';

/**
 * graphql-ws had no limits: what HTTP refused ran over the socket, any message size was parsed,
 * any number of subscriptions was taken, a bad filter silenced the subscribers after it, and a
 * client that stopped reading let its updates pile up. Each attack here goes over a real socket.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
const SOCKETS_PER_ADDRESS = 30;

beforeAll(async () => {
  db = await createTestDatabase();
  const ws = parseEnv({}).ws;
  service = await startTestApp(db, {
    ws: { ...ws, maxQueuedUpdates: 3, connectionInitTimeoutMs: 1_000, maxSocketsPerAddress: SOCKETS_PER_ADDRESS },
  });
  editor = await apiKeyHeader(service, 'editor');
  await registerActors(service, editor);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

/** actor > timeline > edges > node > participants, repeated, then the actor's name: 16 levels. */
const DEEP_16 =
  '{ timeline(first: 1) { edges { node { participants { actor { timeline(first: 1) { edges { node { participants { actor { ' +
  'timeline(first: 1) { edges { node { participants { actor { name } } } } } } } } } } } } } } } }';

// 100 events, each with the 100 events of each participant: about 50,000 by the documented model.
const COSTLY =
  '{ timeline(first: 100) { edges { node { title participants { actor { timeline(first: 100) { edges { node { title summary kind } } } } } } } } }';

describe('operations over the socket pass the admission HTTP applies', () => {
  it('refuses a 16-level query', async () => {
    const before = await eventCount(db);
    const client = wsClient(service);
    const outcome = await once(client, DEEP_16);
    await client.dispose();
    expect(outcome.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(outcome.errors?.[0]?.message).toMatch(/deep|depth/i);
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });

  it('refuses a query costing about 50,000', async () => {
    const before = await eventCount(db);
    const client = wsClient(service);
    const outcome = await once(client, COSTLY);
    await client.dispose();
    expect(outcome.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(outcome.errors?.[0]?.message).toMatch(/cost/i);
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });

  it('refuses a mutation that does not validate, with nothing appended', async () => {
    const before = await eventCount(db);
    const invalid = 'mutation { recordEvent(input: { nonsense: 1 }) { eventId } }';
    const client = wsClient(service, { Authorization: editor.authorization });
    const outcome = await once(client, invalid);
    await client.dispose();
    const overHttp = await graphql(service, invalid, {}, editor);
    expect(outcome.errors?.[0]?.extensions?.code).toBe(overHttp.errors?.[0]?.extensions?.code);
    expect(outcome.errors?.[0]?.extensions?.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });
});

describe('errors over the socket carry the codes HTTP answers with', () => {
  it.each([
    ['a bad argument', '{ event(id: "not-an-id") { id } }', {}],
    ['a variable that does not coerce', 'query($n: Int) { actors(first: $n) { edges { cursor } } }', { n: 'many' }],
    [
      'a mutation without a key',
      'mutation { retractEvent(input: { eventId: "0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a01", reason: "r" }) { eventId } }',
      {},
    ],
    // graphql-js refuses it as it executes the field, with no code of its own.
    [
      'a null for a non-null argument',
      'query ($v: Boolean) { timeline(includeRetracted: $v) { totalCount } }',
      { v: null },
    ],
  ])('%s', async (_what, query, variables) => {
    const before = await eventCount(db);
    const overHttp = await graphql(service, query, variables);
    const client = wsClient(service);
    const overWs = await once(client, query, variables);
    await client.dispose();
    const code = overHttp.errors?.[0]?.extensions?.code as string;
    expect(['BAD_USER_INPUT', 'UNAUTHENTICATED']).toContain(code);
    expect(overWs.errors?.[0]?.extensions?.code).toBe(code);
    expect(overWs.errors?.[0]?.extensions?.field).toEqual(overHttp.errors?.[0]?.extensions?.field);
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });
});

describe('socket limits', () => {
  it('closes a socket that sends a 7 MB message (1009) and stays up', async () => {
    const before = await eventCount(db);
    const socket = new RawSocket(service);
    await socket.init();
    const huge = `{ ${'actors(first: 1) { edges { cursor } } '.repeat(190_000)} }`;
    expect(huge.length).toBeGreaterThan(7_000_000);
    socket.send({ id: '1', type: 'subscribe', payload: { query: huge } });
    expect(await socket.closed).toMatchObject({ code: 1009 });
    expect(socket.count((m) => m.id === '1')).toBe(0);
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });

  it('refuses the 21st operation on one socket and keeps the 20 it holds', async () => {
    const before = await eventCount(db);
    const socket = new RawSocket(service);
    await socket.init();
    for (let i = 1; i <= 21; i++) socket.subscribe(`s${i}`, 'subscription { timelineUpdated { position } }');
    const refused = await socket.next((m) => m.id === 's21' && m.type === 'error');
    expect(refused.payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxOperationsPerSocket: 20 });
    expect(refused.payload[0].message).toMatch(/at most 20 operations/);
    expect(socket.count((m) => m.type === 'error' || m.type === 'complete')).toBe(1);
    expect(await eventCount(db)).toBe(before);
    // Once one completes, there is room for another.
    socket.send({ id: 's1', type: 'complete' });
    socket.subscribe('s22', 'subscription { timelineUpdated { position } }');
    await untilSubscribed(service, editor, socket, ['s22']);
    expect(socket.count((m) => m.id === 's22' && m.type === 'error')).toBe(0);
    socket.close();
    await answersInnocentQuery(service);
  });

  it('closes a socket that never sends connection_init (4408)', async () => {
    const socket = new RawSocket(service);
    await socket.open();
    expect(await socket.closed).toMatchObject({ code: 4408 });
    await answersInnocentQuery(service);
  });

  it(`refuses more than ${SOCKETS_PER_ADDRESS} sockets from one address with HTTP 429`, async () => {
    const sockets: RawSocket[] = [];
    let refusal: unknown;
    try {
      for (let i = 0; i <= SOCKETS_PER_ADDRESS + 5 && refusal === undefined; i++) {
        const socket = new RawSocket(service);
        sockets.push(socket);
        refusal = await socket.open().then(
          () => undefined,
          (error: unknown) => error,
        );
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
    expect(String(refusal)).toMatch(/HTTP 429/);
    expect(sockets.length).toBeLessThanOrEqual(SOCKETS_PER_ADDRESS + 1);
    await Promise.all(sockets.map((socket) => socket.closed));
    await answersInnocentQuery(service);
  });

  it('refuses another path', async () => {
    const other = new RawSocket(service, '/elsewhere');
    await expect(other.open()).rejects.toThrow();
    await answersInnocentQuery(service);
  });
});

describe('subscription filters', () => {
  it('refuses a bad filter at subscribe with BAD_USER_INPUT, and a subscriber after it still hears its update', async () => {
    const before = await eventCount(db);
    const socket = new RawSocket(service);
    await socket.init();
    socket.subscribe('bad', 'subscription { timelineUpdated(filter: { cameoRootCodes: ["99"] }) { position } }');
    const refused = await socket.next((m) => m.id === 'bad' && (m.type === 'error' || m.type === 'next'));
    const errors = refused.type === 'error' ? refused.payload : refused.payload.errors;
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.cameoRootCodes.0' });
    expect(await eventCount(db)).toBe(before);

    socket.subscribe('good', 'subscription { timelineUpdated(filter: { kinds: [MEETING] }) { event { title } } }');
    await untilSubscribed(service, editor, socket, ['good']);
    await recordMeeting(service, editor, 'heard after the bad filter');
    await socket.next(
      (m) => m.id === 'good' && m.payload?.data?.timelineUpdated?.event?.title === 'heard after the bad filter',
    );
    socket.close();
    await answersInnocentQuery(service);
  });

  it('keeps delivering to other filters when one fails to match at delivery', async () => {
    const socket = new RawSocket(service);
    await socket.init();
    // A NUL passes the filter's shape but not PostgreSQL: refused at subscribe once inputs are
    // checked for it, ended with an error at its first delivery otherwise. Either way, not silence.
    socket.subscribe('nul', 'subscription { timelineUpdated(filter: { placeName: "Teh\\u0000ran" }) { position } }');
    socket.subscribe('good', 'subscription { timelineUpdated(filter: { kinds: [MEETING] }) { event { title } } }');
    await untilSubscribed(service, editor, socket, ['good']);
    await recordMeeting(service, editor, 'heard beside a failing filter');
    await socket.next(
      (m) => m.id === 'good' && m.payload?.data?.timelineUpdated?.event?.title === 'heard beside a failing filter',
    );
    const ended = await socket.next((m) => m.id === 'nul' && (m.type === 'error' || m.payload?.errors));
    const errors = ended.type === 'error' ? ended.payload : ended.payload.errors;
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    socket.close();
    await answersInnocentQuery(service);
  });
});

describe('a subscriber that stops reading', () => {
  it('is closed with 4008 "slow consumer" once its queue passes the bound', async () => {
    const socket = new RawSocket(service);
    await socket.init();
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    for (const id of ids)
      socket.subscribe(
        id,
        'subscription { timelineUpdated(filter: { kinds: [MEETING] }) { position event { title summary } } }',
      );
    await untilSubscribed(service, editor, socket, ids);

    // The client stops reading: what the server sends fills the TCP buffers (a few MB), then
    // waits in the subscriptions' queues. 20 subscriptions hear ~5 kB per event: ~100 kB each.
    (socket.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const before = await eventCount(db);
    const recorded = 150;
    for (let i = 0; i < recorded; i++) await recordMeeting(service, editor, `flood ${i}`, `${'x'.repeat(4_990)} ${i}`);
    (socket.socket as unknown as { _socket: { resume(): void } })._socket.resume();

    expect(await socket.closed).toEqual({ code: 4008, reason: 'slow consumer' });
    expect(await eventCount(db)).toBe(before + recorded);
    await answersInnocentQuery(service);
  });
});
