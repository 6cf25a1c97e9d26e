import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { clockPast } from '../support/eventually';
import { apiKeyHeader, graphql, startTestApp, mutation } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Actor merges over GraphQL are bitemporal: asked as of a moment before Raisi's duplicate was
 * merged into him, timelines, dyads, events and the actor's own timeline show the two apart; now,
 * one actor with the events of both.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let admin: Record<string, string>;

const RAISI = '7a2e4d63-3c1f-4d6a-8b64-1a5e3e9f8b01';
const DUPLICATE = '7a2e4d63-3c1f-4d6a-8b64-1a5e3e9f8b02';
const PUTIN = '7a2e4d63-3c1f-4d6a-8b64-1a5e3e9f8b03';
const UN = '7a2e4d63-3c1f-4d6a-8b64-1a5e3e9f8b04';
const UN_DUPLICATE = '7a2e4d63-3c1f-4d6a-8b64-1a5e3e9f8b05';
let unStatement: string;
let duplicateStatement: string;
let underDuplicate: string;
let underRaisi: string;
let beforeMerge: string;
let head = '0';

async function mutate(name: string, input: Record<string, unknown>, answer: string) {
  const answered = await mutation(service, editor, name, input, answer);
  head = answered.position;
  return answered;
}

async function query(text: string, variables: Record<string, unknown> = {}) {
  const response = await graphql(service, text, { p: head, ...variables });
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const meeting = (title: string, raisi: string, day: string) => ({
  kind: 'MEETING',
  title,
  start: { value: day, precision: 'DAY', timeZone: 'Asia/Tehran' },
  participants: [
    { actorId: PUTIN, role: 'GUEST' },
    { actorId: raisi, role: 'HOST' },
  ],
  meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
});

const TIMELINE = `query($filter: TimelineFilterInput, $asOf: DateTime, $p: String) {
  timeline(filter: $filter, asOf: $asOf, minPosition: $p, first: 10) {
    totalCount edges { node { eventId participants { actorId role actor { name status } } } } } }`;
const EVENT = `query($id: ID!, $asOf: DateTime, $p: String) {
  event(id: $id, asOf: $asOf, minPosition: $p) { eventId participants { actorId actor { name status } } } }`;
// One field per request may wait: the queries before have waited for the merge already.
const ACTOR_TIMELINE = `query($id: ID!, $asOf: DateTime) {
  actor(id: $id) { actorId timeline(asOf: $asOf) { edges { node { eventId } } } } }`;

const eventIds = (data: Record<string, any>): string[] =>
  data.timeline.edges.map((edge: { node: { eventId: string } }) => edge.node.eventId);

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'editor');
  admin = await apiKeyHeader(service, 'admin');
  await mutate('registerActor', { actorId: RAISI, kind: 'PERSON', name: 'Ebrahim Raisi', country: 'IRN' }, 'actorId');
  await mutate(
    'registerActor',
    { actorId: DUPLICATE, kind: 'PERSON', name: 'EBRAHIM RAISI', country: 'IRN' },
    'actorId',
  );
  await mutate('registerActor', { actorId: PUTIN, kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' }, 'actorId');
  underDuplicate = (await mutate('recordEvent', meeting('Putin meets RAISI', DUPLICATE, '2022-07-19'), 'eventId'))
    .eventId;
  underRaisi = (await mutate('recordEvent', meeting('Putin meets Raisi', RAISI, '2022-07-20'), 'eventId')).eventId;
  // Two organisations without a country, each the only party of a statement on the same day.
  await mutate('registerActor', { actorId: UN, kind: 'ORGANIZATION', name: 'United Nations' }, 'actorId');
  await mutate('registerActor', { actorId: UN_DUPLICATE, kind: 'ORGANIZATION', name: 'UNITED NATIONS' }, 'actorId');
  const statement = (title: string, speakerId: string) => ({
    kind: 'STATEMENT',
    title,
    start: { value: '2022-07-21', precision: 'DAY', timeZone: 'UTC' },
    participants: [{ actorId: speakerId, role: 'SPEAKER' }],
    statement: { speakerId, mode: 'PARAPHRASE', text: 'A ceasefire in Syria is needed.', language: 'en' },
  });
  unStatement = (await mutate('recordEvent', statement('UN calls for a ceasefire in Syria', UN), 'eventId')).eventId;
  duplicateStatement = (
    await mutate('recordEvent', statement('UN CALLS FOR CEASEFIRE IN SYRIA', UN_DUPLICATE), 'eventId')
  ).eventId;
  const moment = new Date();
  await clockPast(moment);
  beforeMerge = moment.toISOString();
  const merged = await graphql(
    service,
    `
      mutation ($input: MergeActorsInput!) {
        mergeActors(input: $input) {
          survivor {
            position
          }
        }
      }
    `,
    { input: { duplicateId: DUPLICATE, survivorId: RAISI, reason: 'imported twice' } },
    admin,
  );
  expect(merged.errors).toBeUndefined();
  const unMerged = await graphql(
    service,
    `
      mutation ($input: MergeActorsInput!) {
        mergeActors(input: $input) {
          survivor {
            position
          }
        }
      }
    `,
    { input: { duplicateId: UN_DUPLICATE, survivorId: UN, reason: 'imported twice' } },
    admin,
  );
  expect(unMerged.errors).toBeUndefined();
  head = unMerged.data!.mergeActors.survivor.position;
}, 60_000);

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

describe('an actor merge over GraphQL', () => {
  it('a timeline filtered by the survivor: its own events before the merge, the duplicate’s too after', async () => {
    const filter = { actors: { anyOf: [RAISI] } };
    const before = await query(TIMELINE, { filter, asOf: beforeMerge });
    expect(eventIds(before)).toEqual([underRaisi]);
    expect(before.timeline.totalCount).toBe(1);
    const now = await query(TIMELINE, { filter });
    expect(eventIds(now)).toEqual([underDuplicate, underRaisi]);
    expect(now.timeline.totalCount).toBe(2);
    // Now the duplicate's event names the survivor.
    expect(now.timeline.edges[0].node.participants).toEqual([
      { actorId: PUTIN, role: 'GUEST', actor: { name: 'Vladimir Putin', status: 'ACTIVE' } },
      { actorId: RAISI, role: 'HOST', actor: { name: 'Ebrahim Raisi', status: 'ACTIVE' } },
    ]);
  });

  it('filtered by the duplicate: its own events before, the survivor’s after', async () => {
    const filter = { actors: { anyOf: [DUPLICATE] } };
    const before = await query(TIMELINE, { filter, asOf: beforeMerge });
    expect(eventIds(before)).toEqual([underDuplicate]);
    expect(before.timeline.edges[0].node.participants[1]).toEqual({
      actorId: DUPLICATE,
      role: 'HOST',
      actor: { name: 'EBRAHIM RAISI', status: 'ACTIVE' },
    });
    expect(eventIds(await query(TIMELINE, { filter }))).toEqual([underDuplicate, underRaisi]);
  });

  it('dyads: the duplicate’s meeting is Putin and Raisi’s only from the merge on; countries alike', async () => {
    const dyad = { dyad: { actors: [PUTIN, RAISI] } };
    expect(eventIds(await query(TIMELINE, { filter: dyad, asOf: beforeMerge }))).toEqual([underRaisi]);
    expect(eventIds(await query(TIMELINE, { filter: dyad }))).toEqual([underDuplicate, underRaisi]);
    const countries = { dyad: { countries: ['RUS', 'IRN'] } };
    expect(eventIds(await query(TIMELINE, { filter: countries, asOf: beforeMerge }))).toEqual([
      underDuplicate,
      underRaisi,
    ]);
  });

  it('event(id) names the duplicate as known before the merge, the survivor after', async () => {
    const before = await query(EVENT, { id: underDuplicate, asOf: beforeMerge });
    expect(before.event.participants.map((p: { actorId: string }) => p.actorId)).toEqual([PUTIN, DUPLICATE]);
    const now = await query(EVENT, { id: underDuplicate });
    expect(now.event.participants.map((p: { actorId: string }) => p.actorId)).toEqual([PUTIN, RAISI]);
  });

  it('actor(id) { timeline(asOf) } follows the merges known at that asOf', async () => {
    const ofDuplicate = async (asOf?: string) =>
      (
        await query(ACTOR_TIMELINE, { id: DUPLICATE, p: undefined, ...(asOf ? { asOf } : {}) })
      ).actor.timeline.edges.map((edge: { node: { eventId: string } }) => edge.node.eventId);
    expect(await ofDuplicate(beforeMerge)).toEqual([underDuplicate]);
    expect(await ofDuplicate()).toEqual([underDuplicate, underRaisi]);
  });

  it('duplicateCandidates finds a countryless duplicate’s statement from the merge on', async () => {
    const CANDIDATES = `query($id: ID!, $asOf: DateTime, $p: String) {
      duplicateCandidates(eventId: $id, asOf: $asOf, minPosition: $p) { event { eventId } sharedActorIds reason } }`;
    const before = await query(CANDIDATES, { id: unStatement, asOf: beforeMerge, p: undefined });
    expect(before.duplicateCandidates).toEqual([]);
    const now = await query(CANDIDATES, { id: unStatement });
    expect(now.duplicateCandidates).toEqual([
      {
        event: { eventId: duplicateStatement },
        sharedActorIds: [UN],
        reason: expect.stringMatching(/^same participants \(United Nations\), same day/),
      },
    ]);
  });
});
