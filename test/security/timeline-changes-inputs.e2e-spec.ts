import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { graphql, seedStory, startTestApp, type GraphQLResponse } from '../support/test-app';
import { expectRefused } from '../support/refusals';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * timelineChanges' arguments under attack: moments at the ends of what a date-time can spell,
 * forged cursors, pages out of bounds, many aliases, several waits. Each is refused with its code
 * (BAD_USER_INPUT naming the argument), never INTERNAL_SERVER_ERROR or PostgreSQL's text,
 * appends nothing, and an innocent query is answered right after.
 */
let db: TestDatabase;
let service: RunningService;

const INNOCENT = '{ timelineChanges(from: "2020-01-01T00:00:00Z", first: 1) { edges { cursor } } }';
const CHANGES = `query($from: DateTime!, $to: DateTime, $first: Int, $after: String, $filter: TimelineFilterInput) {
  timelineChanges(from: $from, to: $to, first: $first, after: $after, filter: $filter) { edges { node { kind after { title } } } }
}`;
const EARLY = '2020-01-01T00:00:00.000Z';
const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const SOME_UUID = '0b7c3a52-1111-4d3c-9b1e-000000000001';

const refused = (attack: () => Promise<GraphQLResponse>, code: string, field?: string) =>
  expectRefused(
    {
      db,
      service,
      innocent: INNOCENT,
      innocentHolds: (data) => expect(data.timelineChanges.edges).toHaveLength(1),
    },
    attack,
    code,
    field,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  await seedStory(service);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('timelineChanges under attack', () => {
  it.each([
    ['from at the end of time', { from: '9999-12-31T23:59:59.999Z' }, 'from'],
    ['from before year 1', { from: '-000001-01-01T00:00:00.000Z' }, 'from'],
    ['to far ahead', { from: EARLY, to: '9999-12-31T23:59:59.999Z' }, 'to'],
    ['to before from', { from: EARLY, to: '2019-01-01T00:00:00.000Z' }, 'to'],
    // Priced by its page before it runs: the cost limit refuses it first (101 is the query's own refusal).
    ['a page of a million', { from: EARLY, first: 1_000_000 }, 'query'],
    ['a page of 101', { from: EARLY, first: 101 }, 'first'],
    ['a timeline cursor', { from: EARLY, after: cursor(`t1|2022-07-19T00:00:00.000000Z|${SOME_UUID}`) }, 'after'],
    ['a cursor on 30 February', { from: EARLY, after: cursor(`c1|2022-02-30T00:00:00.000000Z|${SOME_UUID}`) }, 'after'],
    ['a cursor with SQL in it', { from: EARLY, after: cursor(`c1|2022-02-01T00:00:00.000000Z|' OR 1=1 --`) }, 'after'],
    ['a cursor of 100 kB', { from: EARLY, after: 'c'.repeat(99_000) }, 'after'],
    [
      'a filter with an SQL fragment for an actor',
      { from: EARLY, filter: { actors: { anyOf: ["' OR 1=1 --"] } } },
      'filter.actors.anyOf.0',
    ],
  ])('refuses %s', async (_, variables, field) => {
    await refused(() => graphql(service, CHANGES, variables), 'BAD_USER_INPUT', field);
  });

  it('answers a cursor at the ends of the calendar with an empty page, not an error', async () => {
    for (const at of ['0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z']) {
      const response = await graphql(service, CHANGES, { from: EARLY, after: cursor(`c1|${at}|${SOME_UUID}`) });
      expect(response.errors).toBeUndefined();
      expect(response.data!.timelineChanges.edges.length).toBe(at.startsWith('0001') ? 9 : 0);
    }
  });

  it('refuses a first beyond GraphQL Int', async () => {
    await refused(() => graphql(service, CHANGES, { from: EARLY, first: 2 ** 31 }), 'BAD_USER_INPUT');
  });

  it('refuses 25 aliases of full pages by the cost limit before any runs', async () => {
    const aliases = Array.from(
      { length: 25 },
      (_, n) =>
        `c${n}: timelineChanges(from: "${EARLY}", first: 100) { edges { node { before { title summary } after { title summary } } } }`,
    ).join(' ');
    await refused(() => graphql(service, `{ ${aliases} }`), 'BAD_USER_INPUT', 'query');
  });

  it('lets one field per request wait: two windows with a to are refused', async () => {
    const to = new Date().toISOString();
    await refused(
      () =>
        graphql(
          service,
          `{ a: timelineChanges(from: "${EARLY}", to: "${to}") { edges { cursor } } b: timelineChanges(from: "${EARLY}", to: "${to}") { edges { cursor } } }`,
        ),
      'BAD_USER_INPUT',
      'to',
    );
  });
});
