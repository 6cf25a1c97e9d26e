import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { expectRefused } from '../support/refusals';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The corroboration read paths' arguments under attack: duplicateCandidates with ids that are not
 * event ids, `first` out of bounds, many aliases; the timeline filter's minSources negative, zero,
 * huge. Each is refused with its code (BAD_USER_INPUT naming the argument, NOT_FOUND), never
 * INTERNAL_SERVER_ERROR or PostgreSQL's text, appends nothing, and an innocent query is answered
 * right after.
 */
let db: TestDatabase;
let service: RunningService;

const INNOCENT = '{ timeline(first: 1) { edges { cursor } } }';
const CANDIDATES = 'query($id: ID!, $first: Int) { duplicateCandidates(eventId: $id, first: $first) { score reason } }';
const TIMELINE = 'query($f: TimelineFilterInput) { timeline(filter: $f) { edges { node { sourceCount } } } }';
const SOME_UUID = '0b7c3a52-1111-4d3c-9b1e-000000000001';

const refused = (attack: () => Promise<GraphQLResponse>, code: string, field?: string) =>
  expectRefused({ db, service, innocent: INNOCENT }, attack, code, field);

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('duplicateCandidates', () => {
  it.each([
    ['not a uuid', 'not-a-uuid'],
    ['an SQL fragment', "' OR 1=1 --"],
    ['a version id (for node only)', Buffer.from(`DiplomaticEvent:${SOME_UUID}:1`).toString('base64url')],
    ['a very long id', 'a'.repeat(100_000 - 200)],
  ])('refuses %s as eventId', async (_, id) => {
    await refused(() => graphql(service, CANDIDATES, { id }), 'BAD_USER_INPUT', 'eventId');
  });

  it('answers NOT_FOUND for an event nobody recorded', async () => {
    await refused(() => graphql(service, CANDIDATES, { id: SOME_UUID }), 'NOT_FOUND');
  });

  it.each([0, -1, 21, 1_000_000])('refuses first: %d', async (first) => {
    await refused(() => graphql(service, CANDIDATES, { id: SOME_UUID, first }), 'BAD_USER_INPUT', 'first');
  });

  it('refuses a first beyond GraphQL Int', async () => {
    await refused(() => graphql(service, CANDIDATES, { id: SOME_UUID, first: 2 ** 31 }), 'BAD_USER_INPUT');
  });

  it('refuses an asOf in the future', async () => {
    await refused(
      () =>
        graphql(service, 'query($id: ID!, $at: DateTime) { duplicateCandidates(eventId: $id, asOf: $at) { score } }', {
          id: SOME_UUID,
          at: '2999-01-01T00:00:00Z',
        }),
      'BAD_USER_INPUT',
      'asOf',
    );
  });

  it('is priced like a count: 25 aliases are refused by the cost limit before any runs', async () => {
    const aliases = Array.from(
      { length: 25 },
      (_, n) => `c${n}: duplicateCandidates(eventId: "${SOME_UUID}") { score }`,
    ).join(' ');
    await refused(() => graphql(service, `{ ${aliases} }`), 'BAD_USER_INPUT', 'query');
  });
});

describe('the minSources filter', () => {
  it.each([-1, 0, 101, 1_000_000])('refuses minSources: %d with its path', async (minSources) => {
    await refused(() => graphql(service, TIMELINE, { f: { minSources } }), 'BAD_USER_INPUT', 'filter.minSources');
  });

  it('refuses a minSources beyond GraphQL Int', async () => {
    await refused(() => graphql(service, TIMELINE, { f: { minSources: 2 ** 40 } }), 'BAD_USER_INPUT');
  });

  it('is checked in buckets and exports too', async () => {
    await refused(
      () =>
        graphql(service, 'query($f: TimelineFilterInput) { timelineBuckets(filter: $f, bucket: YEAR) { total } }', {
          f: { minSources: -5 },
        }),
      'BAD_USER_INPUT',
      'filter.minSources',
    );
    await refused(
      () =>
        graphql(service, 'query($f: TimelineFilterInput) { timelineExport(filter: $f, format: CSV) { content } }', {
          f: { minSources: 500 },
        }),
      'BAD_USER_INPUT',
      'filter.minSources',
    );
  });

  it('a valid minSources answers', async () => {
    const { errors, data } = await graphql(service, TIMELINE, { f: { minSources: 100 } });
    expect(errors).toBeUndefined();
    expect(data!.timeline.edges).toEqual([]);
  });
});
