import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { actors, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** mergeEvents and splitEvent over GraphQL, and what event(id), timeline and eventHistory then answer. */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;

const RESULT = `eventId version position event { eventId status mergedIntoId sources { publisher mergedFrom } absorbed { eventId sourceIds reports reason } }`;
const MERGE = `mutation($input: MergeEventsInput!) { mergeEvents(input: $input) { survivor { ${RESULT} } duplicates { ${RESULT} } } }`;
const SPLIT = `mutation($input: SplitEventInput!) { splitEvent(input: $input) { event { ${RESULT} } survivor { ${RESULT} } } }`;
const EVENT = `query($id: ID!, $asOf: DateTime, $p: String) {
  event(id: $id, asOf: $asOf, minPosition: $p) {
    eventId mergedIntoId mergedInto { eventId title sources { publisher mergedFrom } } absorbed { eventId }
  }
}`;
/** The events of one test, by the topic it gives them. */
const TIMELINE = `query($topic: String!, $asOf: DateTime, $p: String) {
  timeline(filter: { topics: [$topic] }, asOf: $asOf, minPosition: $p) { totalCount edges { node { eventId reportCount } } }
}`;

async function ok(query: string, variables: Record<string, unknown>) {
  const response = await graphql(service, query, variables, editor);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const record = async (title: string, publisher: string, topic = 'merged-visit') =>
  (
    await ok('mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId position } }', {
      input: { ...visitWithSlip, title, sources: [{ publisher }], topics: [topic] },
    })
  ).recordEvent as { eventId: string; position: string };

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'editor', 'merge-editor');
  for (const actor of actors) {
    await ok('mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId } }', { input: actor });
  }
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('mergeEvents', () => {
  it('makes one event of two reports, as known from the merge on; splitEvent makes two again', async () => {
    const survivor = await record('Putin visits Tehran', 'Reuters');
    const duplicate = await record('Russia visits Iran', 'AP');
    const topic = 'merged-visit';
    const before = await ok(TIMELINE, { topic, p: duplicate.position });
    expect(before.timeline.totalCount).toBe(2);
    const beforeMerge = new Date();

    const { mergeEvents } = await ok(MERGE, {
      input: { survivorId: survivor.eventId, duplicateIds: [duplicate.eventId], reason: 'one visit' },
    });
    expect(mergeEvents.survivor.event.sources).toEqual([
      { publisher: 'Reuters', mergedFrom: null },
      { publisher: 'AP', mergedFrom: duplicate.eventId },
    ]);
    expect(mergeEvents.survivor.event.absorbed).toEqual([
      { eventId: duplicate.eventId, sourceIds: [expect.any(String)], reports: 1, reason: 'one visit' },
    ]);
    expect(mergeEvents.duplicates[0].event.mergedIntoId).toBe(survivor.eventId);
    const position = mergeEvents.duplicates[0].position as string;

    const after = await ok(TIMELINE, { topic, p: position });
    // The survivor's page row counts the duplicate's report with its own.
    expect(after.timeline.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { eventId: survivor.eventId, reportCount: 2 },
    ]);
    expect((await ok(TIMELINE, { topic, asOf: beforeMerge.toISOString() })).timeline.totalCount).toBe(2);
    // With retracted events asked for, the duplicate comes back: not RETRACTED, but with mergedIntoId.
    const withRetracted = await ok(
      `query($topic: String!) { timeline(filter: { topics: [$topic] }, includeRetracted: true) {
         edges { node { eventId status mergedIntoId } } } }`,
      { topic },
    );
    expect(withRetracted.timeline.edges.map((edge: { node: unknown }) => edge.node)).toEqual(
      expect.arrayContaining([
        { eventId: survivor.eventId, status: 'RECORDED', mergedIntoId: null },
        { eventId: duplicate.eventId, status: 'RECORDED', mergedIntoId: survivor.eventId },
      ]),
    );
    expect(withRetracted.timeline.edges).toHaveLength(2);

    const asked = await ok(EVENT, { id: duplicate.eventId, p: position });
    expect(asked.event).toMatchObject({
      eventId: duplicate.eventId,
      mergedIntoId: survivor.eventId,
      mergedInto: { eventId: survivor.eventId, title: 'Putin visits Tehran' },
    });
    const thenAsked = await ok(EVENT, { id: duplicate.eventId, asOf: beforeMerge.toISOString() });
    expect(thenAsked.event).toMatchObject({ mergedIntoId: null, mergedInto: null });

    const { splitEvent } = await ok(SPLIT, { input: { eventId: duplicate.eventId, reason: 'two visits' } });
    expect(splitEvent.event.event.mergedIntoId).toBeNull();
    expect(splitEvent.survivor.event.sources).toEqual([{ publisher: 'Reuters', mergedFrom: null }]);
    const split = await ok(TIMELINE, { topic, p: splitEvent.survivor.position });
    expect(split.timeline.totalCount).toBe(2);
    expect(split.timeline.edges.map((edge: { node: { reportCount: number } }) => edge.node.reportCount)).toEqual([
      1, 1,
    ]);

    const history = await ok('query($id: ID!) { eventHistory(id: $id) { type reason data } }', {
      id: duplicate.eventId,
    });
    expect(history.eventHistory.map((entry: { type: string }) => entry.type)).toEqual([
      'EventRecorded',
      'EventMerged',
      'EventSplit',
    ]);
    const survivorHistory = await ok('query($id: ID!) { eventHistory(id: $id) { type reason } }', {
      id: survivor.eventId,
    });
    expect(survivorHistory.eventHistory).toEqual([
      { type: 'EventRecorded', reason: null },
      { type: 'EventAbsorbed', reason: 'one visit' },
      { type: 'EventReleased', reason: 'two visits' },
    ]);
  });

  it('answers a retry with the same idempotency key with the first result, appending nothing', async () => {
    const survivor = await record('Visit', 'Reuters');
    const duplicate = await record('Visit again', 'AP');
    const input = {
      survivorId: survivor.eventId,
      duplicateIds: [duplicate.eventId],
      reason: 'same',
      idempotencyKey: 'merge-1',
    };
    const first = await ok(MERGE, { input });
    const count = async () => Number((await db.pool.query('SELECT count(*) FROM events')).rows[0].count);
    const stored = await count();
    expect(await ok(MERGE, { input })).toEqual(first);
    expect(await count()).toBe(stored);
  });
});
