import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client as WsClient } from 'graphql-ws';
import { Client } from 'pg';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { TIMELINE_CHANGES_CHANNEL } from '../../src/timelines/projection/projection-keys';
import { CATCH_UP_NOTICE, parseTimelineChange } from '../../src/timelines/projection/timeline-change';
import { rebuildReadModel } from '../../src/timelines/projection/rebuild';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';
import { eventually, notificationsDelivered } from '../support/eventually';
import { registerActors } from '../security/ws-support';
import { currenciesStatement, ids, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { wsClient } from '../support/ws-client';

/**
 * A rebuild whose old generation is far behind the log (here: no projector ran at all) does not
 * announce each change at its swap: it sends one catch-up notice, and the subscriptions' hub reads
 * what the new generation holds after the last change it handled, so a subscriber still hears
 * every change, in order.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let ws: WsClient;

interface Update {
  change: string;
  event: { eventId: string; version: number; title: string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  // Nothing projects: the active generation stays where it started, empty.
  service = await startTestApp(db, { runProjector: false });
  editor = await apiKeyHeader(service, 'editor');
  await registerActors(service, editor);
  ws = wsClient(service);
});

afterAll(async () => {
  await ws?.dispose();
  await service?.shutdown();
  await db?.drop();
});

async function mutate(query: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await graphql(service, query, { input }, editor);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const RECORD = `mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }`;

/** What the swap of a rebuild with this limit sent on the changes' channel. */
async function swapNotifications(announceLimit: number): Promise<string[]> {
  const listener = new Client({ connectionString: db.url });
  await listener.connect();
  const payloads: string[] = [];
  listener.on('notification', (message) => payloads.push(message.payload ?? ''));
  await listener.query(`LISTEN ${TIMELINE_CHANGES_CHANNEL}`);
  try {
    await rebuildReadModel({ connectionString: db.url, store: new PostgresEventStore(db.pool), announceLimit });
    await notificationsDelivered(listener, db.pool, TIMELINE_CHANGES_CHANNEL);
    return payloads.filter((payload) => !payload.startsWith('delivered-'));
  } finally {
    await listener.end();
  }
}

describe('a rebuild over a generation far behind', () => {
  it('sends one catch-up notice, and a subscriber hears each change through it', async () => {
    const updates: Update[] = [];
    ws.subscribe<{ timelineUpdated: Update }>(
      {
        query: `subscription($filter: TimelineFilterInput) { timelineUpdated(filter: $filter) { change event { eventId version title } } }`,
        variables: { filter: { actors: { anyOf: [ids.putin] } } },
      },
      { next: ({ data }) => updates.push(data!.timelineUpdated), error: () => undefined, complete: () => undefined },
    );
    const hub = service.app.get(TimelineUpdatesHub);
    await eventually('the subscription to reach the hub', () => hub.subscriberCount === 1);

    const visit = (await mutate(RECORD, visitWithSlip)).recordEvent.eventId as string;
    await mutate(`mutation($input: ReviseEventInput!) { reviseEvent(input: $input) { eventId } }`, {
      eventId: visit,
      expectedVersion: 1,
      reason: 'the Saudi Arabia slip',
      summary: 'Putin’s visit to Iran.',
    });

    // Two versions of diplomatic events (actors are not counted) over a limit of 1: one notice.
    expect(await swapNotifications(1)).toEqual([CATCH_UP_NOTICE]);
    await eventually('both changes to reach the subscriber', () => updates.length >= 2, 15_000);
    expect(updates.map((u) => [u.change, u.event.eventId, u.event.version])).toEqual([
      ['RECORDED', visit, 1],
      ['REVISED', visit, 2],
    ]);

    // Within the limit, the swap lists each change, as before.
    const statement = (
      await mutate(RECORD, {
        ...currenciesStatement,
        participants: [{ actorId: ids.putin, role: 'SPEAKER' }],
        statement: { ...currenciesStatement.statement, speakerId: ids.putin, addresseeIds: [] },
      })
    ).recordEvent.eventId as string;
    const listed = (await swapNotifications(1)).map(parseTimelineChange);
    expect(listed.map((change) => [change?.change, change?.eventId, change?.version])).toEqual([
      ['RECORDED', statement, 1],
    ]);
    await eventually('the third change to reach the subscriber', () => updates.length >= 3, 15_000);
    expect(updates.map((u) => u.event.eventId)).toEqual([visit, visit, statement]);
  }, 60_000);
});
