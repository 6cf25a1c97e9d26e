import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { clockPast } from '../support/eventually';
import { ids, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, mutation, seedStory, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * timelineChanges: what changed between two record times for the events a filter matches, each
 * event as known at both ends. A story of its own on top of the demo story: events recorded
 * before `from`, then added, revised, retracted, restored and merged between `from` and `to`,
 * and more after `to`, which the window must leave out.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
const TOPIC = 'compare-mode';
const OTHER = 'compare-elsewhere';

/** Event ids by their part in the story. */
const e: Record<string, string> = {};
let from: Date;
let to: Date;

const CHANGES = `query($filter: TimelineFilterInput, $from: DateTime!, $to: DateTime, $first: Int, $after: String) {
  timelineChanges(filter: $filter, from: $from, to: $to, first: $first, after: $after) {
    edges { cursor node { kind eventId recordedAt mergedIntoId
      before { eventId version title status topics mergedIntoId }
      after { eventId version title status topics mergedIntoId } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

type Change = {
  kind: string;
  eventId: string;
  recordedAt: string;
  mergedIntoId: string | null;
  before: { version: number; title: string; status: string; topics: string[] } | null;
  after: { version: number; title: string; status: string; topics: string[]; mergedIntoId: string | null };
};

async function changes(variables: Record<string, unknown>) {
  return graphql(service, CHANGES, variables);
}

async function allChanges(variables: Record<string, unknown>): Promise<Change[]> {
  const response = await changes(variables);
  expect(response.errors).toBeUndefined();
  return response.data!.timelineChanges.edges.map((edge: { node: Change }) => edge.node);
}

const record = async (title: string, topic = TOPIC) =>
  (await mutation(service, editor, 'recordEvent', { ...visitWithSlip, title, topics: [topic] }, 'eventId version'))
    .eventId as string;

async function merge(survivorId: string, duplicateId: string) {
  const merged = await graphql(
    service,
    'mutation($input: MergeEventsInput!) { mergeEvents(input: $input) { survivor { eventId } } }',
    { input: { survivorId, duplicateIds: [duplicateId], reason: 'one visit' } },
    editor,
  );
  expect(merged.errors).toBeUndefined();
}

/**
 * A moment after every write so far, at the milliseconds the query takes (a write at .123456 is
 * after .123: the clock is first let past the moment read after the write), and the clock let
 * past it too, so that the next write is recorded after it.
 */
async function now(): Promise<Date> {
  await clockPast(new Date());
  const moment = new Date();
  await clockPast(moment);
  return moment;
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'admin', 'changes-admin');
  await seedStory(service);
  for (const part of [
    'revised',
    'retracted',
    'restored',
    'survivor',
    'duplicate',
    'unchanged',
    'movedOut',
    'split',
    'splitFrom',
  ])
    e[part] = await record(`The ${part} event`);
  e.elsewhere = await record('An event of another topic', OTHER);
  await mutation(service, editor, 'retractEvent', { eventId: e.restored, reason: 'doubtful' }, 'version');
  await merge(e.splitFrom, e.split);
  from = await now();

  e.added = await record('The added event');
  await mutation(
    service,
    editor,
    'reviseEvent',
    { eventId: e.revised, expectedVersion: 1, title: 'The revised event, corrected', reason: 'typo' },
    'version',
  );
  await mutation(service, editor, 'retractEvent', { eventId: e.retracted, reason: 'never happened' }, 'version');
  await mutation(service, editor, 'restoreEvent', { eventId: e.restored, reason: 'confirmed' }, 'version');
  await merge(e.survivor, e.duplicate);
  const split = await graphql(
    service,
    'mutation($input: SplitEventInput!) { splitEvent(input: $input) { event { eventId } } }',
    { input: { eventId: e.split, reason: 'two visits after all' } },
    editor,
  );
  expect(split.errors).toBeUndefined();
  // Revised out of the filter: it matched as known at `from`, so it changed for its reader.
  await mutation(
    service,
    editor,
    'reviseEvent',
    { eventId: e.movedOut, expectedVersion: 1, topics: [OTHER], reason: 'another story' },
    'version',
  );
  await mutation(
    service,
    editor,
    'reviseEvent',
    { eventId: e.elsewhere, expectedVersion: 1, title: 'Another topic, revised', reason: 'style' },
    'version',
  );
  to = await now();

  e.late = await record('Recorded after to');
  const last = await mutation(
    service,
    editor,
    'reviseEvent',
    { eventId: e.unchanged, expectedVersion: 1, title: 'Revised after to', reason: 'later' },
    'version',
  );
  // timelineChanges takes no minPosition: the read model must hold every write before it is read.
  expect(await service.app.get(ProjectionStatus).waitForPosition(BigInt(last.position as string), 20_000)).toBe(true);
});

afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('timelineChanges', () => {
  it('lists what was added, revised, retracted, restored, merged and split between from and to, as known at each', async () => {
    const found = await allChanges({ filter: { topics: [TOPIC] }, from, to, first: 100 });
    const byId = new Map(found.map((change) => [change.eventId, change]));
    expect(Object.fromEntries(Object.entries(e).map(([part, id]) => [part, byId.get(id)?.kind ?? null]))).toEqual({
      revised: 'REVISED',
      retracted: 'RETRACTED',
      restored: 'RESTORED',
      survivor: 'REVISED',
      duplicate: 'MERGED',
      unchanged: null,
      split: 'SPLIT',
      splitFrom: 'REVISED',
      movedOut: 'REVISED',
      elsewhere: null,
      added: 'ADDED',
      late: null,
    });
    expect(found).toHaveLength(9);
    // In the order they were recorded.
    const times = found.map((change) => Date.parse(change.recordedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(found[0]!.eventId).toBe(e.added);
    for (const change of found) {
      expect(Date.parse(change.recordedAt)).toBeGreaterThan(from.getTime());
      expect(Date.parse(change.recordedAt)).toBeLessThanOrEqual(to.getTime());
    }

    expect(byId.get(e.added)).toMatchObject({ before: null, after: { title: 'The added event', status: 'RECORDED' } });
    expect(byId.get(e.revised)).toMatchObject({
      before: { version: 1, title: 'The revised event' },
      after: { version: 2, title: 'The revised event, corrected' },
    });
    expect(byId.get(e.retracted)).toMatchObject({ before: { status: 'RECORDED' }, after: { status: 'RETRACTED' } });
    expect(byId.get(e.restored)).toMatchObject({ before: { status: 'RETRACTED' }, after: { status: 'RECORDED' } });
    expect(byId.get(e.duplicate)).toMatchObject({
      mergedIntoId: e.survivor,
      before: { version: 1 },
      after: { mergedIntoId: e.survivor },
    });
    expect(byId.get(e.movedOut)).toMatchObject({ before: { topics: [TOPIC] }, after: { topics: [OTHER] } });
    expect(byId.get(e.revised)!.mergedIntoId).toBeNull();
  });

  it('answers up to now when to is left out', async () => {
    const found = await allChanges({ filter: { topics: [TOPIC] }, from, first: 100 });
    const kinds = new Map(found.map((change) => [change.eventId, change.kind]));
    expect(kinds.get(e.late)).toBe('ADDED');
    expect(kinds.get(e.unchanged)).toBe('REVISED');
    expect(found).toHaveLength(11);
  });

  it('applies the filter: another topic, an actor, a date range', async () => {
    const elsewhere = await allChanges({ filter: { topics: [OTHER] }, from, to, first: 100 });
    expect(elsewhere.map((change) => change.eventId).sort()).toEqual([e.elsewhere, e.movedOut].sort());
    const putin = await allChanges({ filter: { actors: { anyOf: [ids.putin] } }, from, to, first: 100 });
    expect(putin.length).toBeGreaterThanOrEqual(7);
    const nobody = await allChanges({
      filter: {
        dateRange: {
          from: { value: '1990', precision: 'YEAR', timeZone: 'UTC' },
          to: { value: '1991', precision: 'YEAR', timeZone: 'UTC' },
        },
      },
      from,
      to,
      first: 100,
    });
    expect(nobody).toEqual([]);
    // Before anything of this test was recorded and after: the whole story, nothing else.
    const story = await allChanges({
      filter: { topics: [TOPIC] },
      from: new Date(Date.parse('2020-01-01T00:00:00Z')),
      to,
      first: 100,
    });
    expect(story.every((change) => change.kind === 'ADDED')).toBe(true);
    expect(story.map((change) => change.eventId).sort()).toEqual(
      // movedOut left the topic before `to`, and there was nothing of it at `from`.
      ['revised', 'retracted', 'restored', 'survivor', 'duplicate', 'unchanged', 'split', 'splitFrom', 'added']
        .map((p) => e[p])
        .sort(),
    );
  });

  it('pages through the changes with first and after', async () => {
    const everything = await allChanges({ filter: { topics: [TOPIC] }, from, to, first: 100 });
    const paged: Change[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response = await changes({ filter: { topics: [TOPIC] }, from, to, first: 2, after });
      expect(response.errors).toBeUndefined();
      const connection = response.data!.timelineChanges;
      expect(connection.edges.length).toBeLessThanOrEqual(2);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      paged.push(...connection.edges.map((edge: { node: Change }) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(paged.map((change) => change.eventId)).toEqual(everything.map((change) => change.eventId));
  });

  it('answers a GET with an ETag, and an unchanged window 304 to If-None-Match', async () => {
    const search = new URLSearchParams({
      query: 'query($from: DateTime!, $to: DateTime) { timelineChanges(from: $from, to: $to) { edges { cursor } } }',
      variables: JSON.stringify({ from, to }),
    });
    const headers = { 'content-type': 'application/json' };
    const first = await fetch(`${service.url}/graphql?${search}`, { headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${service.url}/graphql?${search}`, { headers: { ...headers, 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['from after to', () => ({ from: to, to: from }), 'to'],
    ['from equal to to', () => ({ from, to: from }), 'to'],
    ['from in the future', () => ({ from: new Date(Date.now() + 3_600_000) }), 'from'],
    ['to in the future', () => ({ from, to: new Date(Date.now() + 3_600_000) }), 'to'],
    ['a page over 100', () => ({ from, to, first: 101 }), 'first'],
    ['a negative page', () => ({ from, to, first: -1 }), 'first'],
    ['a cursor from another query', () => ({ from, to, after: 'dDF8MjAyMg' }), 'after'],
    ['a filter the timeline refuses', () => ({ from, to, filter: { topics: [] } }), 'filter.topics'],
  ])('refuses %s with BAD_USER_INPUT and the field', async (_name, variables, field) => {
    const response = await changes(variables());
    expect(response.data?.timelineChanges ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('is admitted like the timeline: its page multiplies what it selects, and its to is the one wait', async () => {
    const waits = await graphql(
      service,
      `
        query ($from: DateTime!, $to: DateTime!) {
          a: timelineChanges(from: $from, to: $to) {
            pageInfo {
              hasNextPage
            }
          }
          b: timeline(asOf: $to) {
            pageInfo {
              hasNextPage
            }
          }
        }
      `,
      { from, to },
    );
    expect(waits.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['a', 'b'], maxWaits: 1 });
    const wide = await graphql(
      service,
      `query($from: DateTime!) { ${Array.from(
        { length: 10 },
        (_, i) =>
          `c${i}: timelineChanges(from: $from, first: 100) { edges { node { before { sources { publisher url } participants { role actor { name aliases } } } after { sources { publisher url } participants { role actor { name aliases } } } } } }`,
      ).join(' ')} }`,
      { from },
    );
    expect(wide.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
    expect(wide.errors?.[0]?.message).toMatch(/costs about/);
  });
});
