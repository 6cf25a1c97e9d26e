import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningService } from '../../src/service';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';
import { eventually } from '../support/eventually';
import { actors, currenciesStatement, ids, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Two instances of the service on one database: a client subscribed to one hears about changes
 * written through the other, once they are projected (fan-out through LISTEN/NOTIFY).
 */
let db: TestDatabase;
let writer: RunningService;
let listener: RunningService;
let editor: Record<string, string>;
let admin: Record<string, string>;
const clients: Client[] = [];

interface Update {
  change: string;
  position: string;
  event: { id: string; eventId: string; version: number; title: string; status: string };
}

function subscribe(
  service: RunningService,
  filter: Record<string, unknown>,
): { updates: Update[]; next: (count: number) => Promise<Update[]>; closed: Promise<unknown> } {
  const client = createClient({
    url: `${service.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  clients.push(client);
  const updates: Update[] = [];
  let onClosed: (reason: unknown) => void = () => undefined;
  const closed = new Promise((resolve) => (onClosed = resolve));
  let waiting: { count: number; resolve: () => void } | undefined;
  client.subscribe<{ timelineUpdated: Update }>(
    {
      query: `subscription($filter: TimelineFilterInput) { timelineUpdated(filter: $filter) { change position event { id eventId version title status } } }`,
      variables: { filter },
    },
    {
      next: ({ data }) => {
        updates.push(data!.timelineUpdated);
        if (waiting && updates.length >= waiting.count) waiting.resolve();
      },
      error: (error) => onClosed(error),
      complete: () => onClosed('complete'),
    },
  );
  const next = (count: number) =>
    new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${updates.length} of ${count} updates arrived: ${JSON.stringify(updates)}`)),
        10_000,
      );
      const done = () => {
        clearTimeout(timer);
        resolve(updates.slice(0, count));
      };
      if (updates.length >= count) done();
      else waiting = { count, resolve: done };
    });
  return { updates, next, closed };
}

/** Subscriptions the service's hub holds: one that is counted hears every change from then on. */
const subscribers = (service: RunningService) => service.app.get(TimelineUpdatesHub).subscriberCount;

async function mutate(name: string, input: Record<string, unknown>, headers = editor) {
  const response = await graphql(
    writer,
    `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { eventId position } }`,
    { input },
    headers,
  );
  expect(response.errors).toBeUndefined();
  return response.data![name] as { eventId: string; position: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  writer = await startTestApp(db);
  listener = await startTestApp(db);
  editor = await apiKeyHeader(writer, 'editor');
  admin = await apiKeyHeader(writer, 'admin');
  for (const actor of actors) {
    const response = await graphql(
      writer,
      `
        mutation ($input: RegisterActorInput!) {
          registerActor(input: $input) {
            actorId
          }
        }
      `,
      { input: actor },
      editor,
    );
    expect(response.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await listener?.shutdown();
  await writer?.shutdown();
  await db.drop();
});

describe('timelineUpdated', () => {
  it('tells a client on another instance about each matching new, revised and retracted event', async () => {
    const putin = subscribe(listener, { actors: { anyOf: [ids.putin] } });
    const syria = subscribe(writer, { topics: ['syria'] });
    await eventually(
      'both subscriptions to reach the servers',
      () => subscribers(listener) === 1 && subscribers(writer) === 1,
    );

    const visit = await mutate('recordEvent', visitWithSlip);
    const statement = await mutate('recordEvent', {
      ...currenciesStatement,
      participants: [{ actorId: ids.khamenei, role: 'SPEAKER' }],
      statement: { ...currenciesStatement.statement, addresseeIds: [] },
    });
    await mutate('reviseEvent', {
      eventId: visit.eventId,
      expectedVersion: 1,
      reason: 'the Saudi Arabia slip',
      summary: 'Putin’s visit to Iran.',
    });
    await mutate('retractEvent', { eventId: visit.eventId, reason: 'test retraction' }, admin);

    const heard = await putin.next(3);
    expect(heard.map((u) => [u.change, u.event.eventId, u.event.status])).toEqual([
      ['RECORDED', visit.eventId, 'RECORDED'],
      ['REVISED', visit.eventId, 'RECORDED'],
      ['RETRACTED', visit.eventId, 'RETRACTED'],
    ]);
    // Each update is of a new version, with an id of its own (what a client cache keys it by).
    expect(heard.map((u) => u.event.version)).toEqual([1, 2, 3]);
    expect(new Set(heard.map((u) => u.event.id)).size).toBe(3);
    // The statement does not involve Putin: nobody on that filter hears of it.
    expect(putin.updates.map((u) => u.event.eventId)).not.toContain(statement.eventId);
    const syrian = await syria.next(3);
    expect(syrian.map((u) => u.change)).toEqual(['RECORDED', 'REVISED', 'RETRACTED']);
  });

  it('lets an instance with open subscriptions shut down promptly', async () => {
    const before = subscribers(listener);
    const open = subscribe(listener, {});
    await eventually('the subscription to reach the server', () => subscribers(listener) === before + 1);
    const started = Date.now();
    await listener.shutdown();
    expect(Date.now() - started).toBeLessThan(5_000);
    // The client was told the server is going away (1001), so it can reconnect elsewhere.
    expect(await open.closed).toMatchObject({ code: 1001 });
  });
});
