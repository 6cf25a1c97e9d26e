import { expect } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { actors, visitWithSlip } from '../support/story';
import { graphql } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';
import { eventually, once, wsClient, type RawSocket } from '../support/ws-client';

export const INNOCENT = '{ actors(first: 1) { edges { cursor } } }';

export async function registerActors(service: RunningService, editor: Record<string, string>): Promise<void> {
  for (const actor of actors) {
    const response = await graphql(
      service,
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
}

/** A MEETING (the visit), with a title and summary of the caller's choosing. */
export async function recordMeeting(
  service: RunningService,
  editor: Record<string, string>,
  title: string,
  summary = 'A meeting.',
): Promise<string> {
  const response = await graphql(
    service,
    `
      mutation ($input: RecordEventInput!) {
        recordEvent(input: $input) {
          eventId
        }
      }
    `,
    { input: { ...visitWithSlip, title, summary } },
    editor,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.recordEvent.eventId as string;
}

export async function eventCount(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return rows[0]!.n;
}

/** The service still answers an innocent query, over HTTP and over a new socket. */
export async function answersInnocentQuery(service: RunningService): Promise<void> {
  const overHttp = await graphql(service, INNOCENT);
  expect(overHttp.errors).toBeUndefined();
  expect(overHttp.data!.actors.edges).toBeDefined();
  const client = wsClient(service);
  try {
    const overWs = await once(client, INNOCENT);
    expect(overWs.errors).toBeUndefined();
    expect(overWs.data!.actors.edges).toBeDefined();
  } finally {
    await client.dispose();
  }
}

const heardBy = (socket: RawSocket, ids: string[]) =>
  ids.every((id) => socket.count((m) => m.id === id && m.type === 'next') > 0);

/**
 * A subscription is registered some time after its subscribe message, and nothing tells the client
 * when: records probe meetings until every listed subscription on the socket has heard one.
 */
export async function untilSubscribed(
  service: RunningService,
  editor: Record<string, string>,
  socket: RawSocket,
  ids: string[],
): Promise<void> {
  let probes = 0;
  await eventually(
    'the subscriptions to hear a probe',
    async () => {
      if (heardBy(socket, ids)) return true;
      await recordMeeting(service, editor, `probe ${++probes}`);
      await eventually('one probe to be heard', () => heardBy(socket, ids), 1_000).catch(() => undefined);
      return heardBy(socket, ids);
    },
    30_000,
    0,
  );
}
