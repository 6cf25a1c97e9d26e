import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Relay's refetch: node(id) answers every version of an event or an actor as it was recorded. */
let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;

const EVENT_FIELDS = 'id eventId version status title summary recordedFrom recordedTo participants { actorId role }';
const ACTOR_FIELDS = 'id actorId version name aliases actorStatus: status mergedInto';
const NODE = `query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on DiplomaticEvent { ${EVENT_FIELDS} }
    ... on Actor { ${ACTOR_FIELDS} }
  }
}`;

async function ok(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const answer = await graphql(service, query, variables, headers);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

async function node(id: string) {
  return (await ok(NODE, { id })).node as Record<string, unknown>;
}

const eventAt = async (eventId: string, asOf?: string) =>
  (
    await ok(`query ($id: ID!, $asOf: DateTime) { event(id: $id, asOf: $asOf) { __typename ${EVENT_FIELDS} } }`, {
      id: eventId,
      asOf,
    })
  ).event as Record<string, any>;
const actorNow = async (actorId: string) =>
  (await ok(`query ($id: ID!) { actor(id: $id) { __typename ${ACTOR_FIELDS} } }`, { id: actorId })).actor as Record<
    string,
    any
  >;

/** A moment before the given version of an event's stream was recorded. */
async function justBefore(eventId: string, version: number): Promise<string> {
  const { eventHistory } = await ok(`query ($id: ID!) { eventHistory(id: $id) { version recordedAt } }`, {
    id: eventId,
  });
  const entry = (eventHistory as Array<{ version: number; recordedAt: string }>).find((e) => e.version === version)!;
  return new Date(new Date(entry.recordedAt).getTime() - 1).toISOString();
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin');
  await seedStory(service);
  // The whole story in the read model (the agreement's correction is its last entry).
  const { eventHistory } = await ok(`query ($id: ID!) { eventHistory(id: $id) { position } }`, {
    id: demoIds.syriaConsultations,
  });
  await ok(`query ($p: String) { timeline(first: 1, minPosition: $p) { edges { cursor } } }`, {
    p: (eventHistory as Array<{ position: string }>).at(-1)!.position,
  });
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('node(id)', () => {
  it('refetches the current version of an event and an older one, each as it was recorded', async () => {
    const now = await eventAt(demoIds.visit);
    const then = await eventAt(demoIds.visit, await justBefore(demoIds.visit, 2));
    expect(then.summary).toMatch(/Saudi Arabia/);
    expect(then.recordedTo).not.toBeNull();
    expect(now.id).not.toBe(then.id);
    expect(now).toMatchObject({ eventId: demoIds.visit, version: 2, recordedTo: null });
    expect(then).toMatchObject({ eventId: demoIds.visit, version: 1 });
    expect(await node(now.id)).toEqual(now);
    expect(await node(then.id)).toEqual(then);
  });

  it("refetches a retracted event's versions, the retraction and the one before it", async () => {
    const before = await eventAt(demoIds.ukraine);
    const retracted = await ok(
      `mutation ($input: RetractEventInput!) { retractEvent(input: $input) { position event { id status version } } }`,
      { input: { eventId: demoIds.ukraine, reason: 'node round trip of a retracted event' } },
      admin,
    );
    const answered = retracted.retractEvent as { position: string; event: { id: string; version: number } };
    // Once projected, the retracted version is the event's current one.
    await ok(`query ($p: String) { timeline(first: 1, minPosition: $p) { edges { cursor } } }`, {
      p: answered.position,
    });
    const now = await eventAt(demoIds.ukraine);
    expect(now).toMatchObject({ id: answered.event.id, status: 'RETRACTED', version: before.version + 1 });
    expect(await node(now.id)).toEqual(now);
    // The version before the retraction answers as it was: recorded, and closed since.
    expect(await node(before.id)).toEqual({ ...before, recordedTo: now.recordedFrom });
  });

  it('refetches the current version of an actor and an older one, as it was recorded', async () => {
    const before = await actorNow(demoIds.erdogan);
    const revised = await ok(
      `mutation ($input: ReviseActorInput!) { reviseActor(input: $input) { position actor { id version name } } }`,
      {
        input: {
          actorId: demoIds.erdogan,
          reason: 'his name in full',
          name: 'Recep Tayyip Erdoğan',
          expectedVersion: before.version,
        },
      },
      admin,
    );
    const answered = revised.reviseActor as { position: string; actor: { id: string; version: number; name: string } };
    expect(answered.actor.id).not.toBe(before.id);
    // Straight after the write, from the log if the read model has not caught up yet.
    expect(await node(answered.actor.id)).toMatchObject({ actorId: demoIds.erdogan, name: 'Recep Tayyip Erdoğan' });
    await ok(`query ($p: String) { timeline(first: 1, minPosition: $p) { edges { cursor } } }`, {
      p: answered.position,
    });
    const now = await actorNow(demoIds.erdogan);
    expect(now).toMatchObject({ id: answered.actor.id, version: before.version + 1 });
    expect(await node(now.id)).toEqual(now);
    expect(await node(before.id)).toEqual(before);
  });

  it("names the type a participant's actor and a mutation's answer refetch as", async () => {
    const page = await ok(
      `query ($id: ID!) { event(id: $id) { participants { actor { __typename id actorId version name } } } }`,
      { id: demoIds.putinErdogan },
    );
    for (const { actor } of (page.event as { participants: Array<{ actor: Record<string, unknown> }> }).participants)
      expect(await node(actor.id as string)).toMatchObject(actor);
  });

  it('refuses an id it did not issue (BAD_USER_INPUT) and answers NOT_FOUND for a version that does not exist', async () => {
    const current = await eventAt(demoIds.summit);
    const refused = [
      demoIds.summit, // the stable UUID is an argument's id, not a node's
      'not an id',
      '',
      'A'.repeat(10_000),
      Buffer.from(`DiplomaticEvent:${demoIds.summit}:0`).toString('base64url'),
      Buffer.from(`DiplomaticEvent:${demoIds.summit}:99999999999`).toString('base64url'),
      Buffer.from(`Event:${demoIds.summit}:1`).toString('base64url'),
      Buffer.from(`DiplomaticEvent:${demoIds.summit}:12`).toString('base64'), // padded: not our spelling
      `${current.id}=`,
    ];
    for (const id of refused) {
      const answer = await graphql(service, NODE, { id });
      expect({ id, data: answer.data, error: answer.errors?.[0]?.extensions }).toEqual({
        id,
        data: { node: null },
        error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id' }),
      });
    }
    const missing = [
      Buffer.from(`DiplomaticEvent:${demoIds.summit}:${current.version + 1}`).toString('base64url'),
      Buffer.from(`DiplomaticEvent:00000000-0000-4000-8000-000000000000:1`).toString('base64url'),
      Buffer.from(`Actor:${demoIds.putin}:99`).toString('base64url'),
      Buffer.from(`Actor:${demoIds.summit}:1`).toString('base64url'), // an event's id as an actor's
    ];
    for (const id of missing) {
      const answer = await graphql(service, NODE, { id });
      expect({ id, data: answer.data, code: answer.errors?.[0]?.extensions?.code }).toEqual({
        id,
        data: { node: null },
        code: 'NOT_FOUND',
      });
    }
  });

  it('is no argument: what names an event or an actor takes the stable UUID, and a version id is refused', async () => {
    const event = await eventAt(demoIds.summit);
    const actor = await actorNow(demoIds.putin);
    const editor = await apiKeyHeader(service, 'editor');
    const asked = [
      { query: `query ($id: ID!) { event(id: $id) { title } }`, variables: { id: event.id }, field: 'eventId' },
      { query: `query ($id: ID!) { actor(id: $id) { name } }`, variables: { id: actor.id }, field: 'actorId' },
      {
        query: `query ($id: ID!) { timeline(filter: { actors: { anyOf: [$id] } }) { edges { cursor } } }`,
        variables: { id: actor.id },
        field: 'filter.actors.anyOf.0',
      },
      {
        query: `mutation ($input: ReviseEventInput!) { reviseEvent(input: $input) { version } }`,
        variables: {
          input: { eventId: event.id, expectedVersion: event.version, reason: 'by version id', title: 'x' },
        },
        field: 'input.eventId',
      },
      {
        query: `mutation ($input: ReviseEventInput!) { reviseEvent(input: $input) { version } }`,
        variables: {
          input: {
            eventId: demoIds.summit,
            expectedVersion: event.version,
            reason: 'a participant by version id',
            participants: [{ actorId: actor.id, role: 'PARTICIPANT' }],
          },
        },
        field: 'input.participants.0.actorId',
      },
    ];
    for (const { query, variables, field } of asked) {
      const answer = await graphql(service, query, variables, editor);
      expect({ query, error: answer.errors?.[0] }).toEqual({
        query,
        error: expect.objectContaining({
          message: expect.stringMatching(/one version/),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
        }),
      });
    }
    // The histories read a stream by its id: a version id names none.
    for (const query of [
      `query ($id: ID!) { eventHistory(id: $id) { version } }`,
      `query ($id: ID!) { actorHistory(id: $id) { version } }`,
    ]) {
      const answer = await graphql(service, query, { id: query.includes('event') ? event.id : actor.id });
      expect({ query, code: answer.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'NOT_FOUND' });
    }
    // Nothing was revised.
    expect(await eventAt(demoIds.summit)).toEqual(event);
  });
});
