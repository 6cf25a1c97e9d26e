import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { currenciesStatement, ids } from '../support/story';
import { apiKeyHeader, graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Bad input must be answered as the client's mistake (BAD_USER_INPUT naming the field), never as
 * INTERNAL_SERVER_ERROR, never with PostgreSQL's message, and must append nothing.
 */
let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
let editor: Record<string, string>;
let actorId: string;

const NUL = '\u0000';
const INNOCENT = '{ timeline(first: 1) { edges { cursor } } }';
/** Words of PostgreSQL's own messages for the errors these inputs used to cause. */
const POSTGRES_TEXT =
  /invalid byte sequence|0x00|out of range|date\/time field|invalid input syntax|unsupported Unicode|SQLSTATE/i;

const logSize = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
const cursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The attack is refused with BAD_USER_INPUT on `field`, appends nothing, and the service answers an innocent query after it. */
async function refusedAsBadInput(attack: () => Promise<GraphQLResponse>, field: string): Promise<string> {
  const before = await logSize();
  const { status, errors } = await attack();
  expect(status).toBeLessThan(500);
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error!.message).toContain(field);
  expect(error!.message).not.toMatch(POSTGRES_TEXT);
  expect(await logSize()).toBe(before);
  const innocent = await graphql(service, INNOCENT);
  expect(innocent.errors).toBeUndefined();
  expect(Array.isArray(innocent.data!.timeline.edges)).toBe(true);
  return error!.message;
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin');
  editor = await apiKeyHeader(service, 'editor');
  const registered = await graphql(
    service,
    'mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId position } }',
    { input: { actorId: ids.khamenei, kind: 'PERSON', name: 'Ali Khamenei', country: 'IRN' } },
    editor,
  );
  expect(registered.errors).toBeUndefined();
  actorId = registered.data!.registerActor.actorId;
  // Read your write: the actor is in the read model once this answers.
  const caughtUp = await graphql(
    service,
    'query($p: String) { timeline(minPosition: $p, first: 1) { edges { cursor } } }',
    {
      p: registered.data!.registerActor.position,
    },
  );
  expect(caughtUp.errors).toBeUndefined();
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('text PostgreSQL cannot store', () => {
  it('a NUL in the timeline filter text is BAD_USER_INPUT on filter.text', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($f: TimelineFilterInput) { timeline(filter: $f) { edges { cursor } } }', {
          f: { text: `a${NUL}b` },
        }),
      'filter.text',
    );
  });

  it('a lone surrogate in a filter is BAD_USER_INPUT on its path', async () => {
    const message = await refusedAsBadInput(
      () =>
        graphql(service, 'query($f: TimelineFilterInput) { timeline(filter: $f) { edges { cursor } } }', {
          f: { placeName: 'Teh\uD800ran' },
        }),
      'filter.placeName',
    );
    expect(message).toMatch(/lone surrogate/);
  });

  it('a NUL in actors(search) is BAD_USER_INPUT on search', async () => {
    await refusedAsBadInput(
      () => graphql(service, 'query($s: String) { actors(search: $s) { edges { cursor } } }', { s: `Kh${NUL}` }),
      'search',
    );
  });

  it('a NUL in eventHistory(id) is BAD_USER_INPUT on id', async () => {
    await refusedAsBadInput(
      () => graphql(service, 'query($id: ID!) { eventHistory(id: $id) { version } }', { id: `x${NUL}` }),
      'id',
    );
  });

  it('a NUL in a recordEvent title, or deeper in its input, is BAD_USER_INPUT on that path', async () => {
    const record = (input: Record<string, unknown>) =>
      graphql(
        service,
        'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }',
        { input },
        editor,
      );
    await refusedAsBadInput(() => record({ ...currenciesStatement, title: `Khamenei${NUL}` }), 'input.title');
    await refusedAsBadInput(
      () => record({ ...currenciesStatement, location: { placeName: `Tehran${NUL}`, country: 'IRN' } }),
      'input.location.placeName',
    );
  });

  it('a NUL in an idempotencyKey is BAD_USER_INPUT on input.idempotencyKey', async () => {
    await refusedAsBadInput(
      () =>
        graphql(
          service,
          'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }',
          {
            input: { ...currenciesStatement, idempotencyKey: `key${NUL}` },
          },
          editor,
        ),
      'input.idempotencyKey',
    );
  });
});

describe('forged cursors', () => {
  const timelineAfter = (after: string) =>
    graphql(service, 'query($a: String) { timeline(after: $a) { edges { cursor } } }', { a: after });
  const event = '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5aff';

  it('a timeline cursor in year 0000 is BAD_USER_INPUT on after', async () => {
    await refusedAsBadInput(() => timelineAfter(cursor(`t1|0000-01-01T00:00:00.000000Z|${event}`)), 'after');
  });

  it('a timeline cursor on 30 February is BAD_USER_INPUT on after', async () => {
    await refusedAsBadInput(() => timelineAfter(cursor(`t1|2022-02-30T00:00:00.000000Z|${event}`)), 'after');
  });

  it('a timeline cursor at hour 24 is BAD_USER_INPUT on before', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($b: String) { timeline(before: $b, last: 2) { edges { cursor } } }', {
          b: cursor(`t1|2022-02-01T24:00:00.000000Z|${event}`),
        }),
      'before',
    );
  });

  it('an actor cursor with a NUL in its sort name is BAD_USER_INPUT on after', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($a: String) { actors(after: $a) { edges { cursor } } }', {
          a: cursor(`a1|${ids.khamenei}|ali${NUL}`),
        }),
      'after',
    );
  });

  it('a real cursor from an earlier page is still taken', async () => {
    const first = await graphql(service, '{ actors(first: 1) { edges { cursor } } }');
    const next = await graphql(service, 'query($a: String) { actors(after: $a) { edges { cursor } } }', {
      a: first.data!.actors.edges[0].cursor,
    });
    expect(next.errors).toBeUndefined();
  });
});

describe('positions beyond bigint', () => {
  it('a minPosition past 9223372036854775807 is BAD_USER_INPUT on minPosition', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($p: String) { timeline(minPosition: $p) { edges { cursor } } }', {
          p: '9223372036854775808',
        }),
      'minPosition',
    );
  });

  it('a log(after) cursor past bigint is BAD_USER_INPUT on after', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($a: String) { log(after: $a) { caughtUp } }', { a: '1:99999999999999999999' }, admin),
      'after',
    );
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($a: String) { log(after: $a) { caughtUp } }', { a: '99999999999999999999:1' }, admin),
      'after',
    );
  });
});

describe('dates PostgreSQL cannot hold', () => {
  it('an asOf before year 1 is BAD_USER_INPUT on asOf', async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($t: DateTime) { timeline(asOf: $t) { edges { cursor } } }', {
          t: '-100000-01-01T00:00:00.000Z',
        }),
      'asOf',
    );
  });

  it("actor's asOf is checked as timeline's: outside the years 1-9999 is BAD_USER_INPUT on asOf", async () => {
    const actorAsOf = (t: string) =>
      graphql(service, 'query($id: ID!, $t: DateTime) { actor(id: $id, asOf: $t) { name } }', { id: actorId, t });
    await refusedAsBadInput(() => actorAsOf('-100000-01-01T00:00:00.000Z'), 'asOf');
    await refusedAsBadInput(() => actorAsOf('+010000-01-01T00:00:00.000Z'), 'asOf');
  });

  it("actor's minPosition past bigint is BAD_USER_INPUT on minPosition, and counts as the request's one wait", async () => {
    await refusedAsBadInput(
      () =>
        graphql(service, 'query($id: ID!, $p: String) { actor(id: $id, minPosition: $p) { name } }', {
          id: actorId,
          p: '9223372036854775808',
        }),
      'minPosition',
    );
    await refusedAsBadInput(
      () =>
        graphql(
          service,
          'query($id: ID!) { actor(id: $id, minPosition: "1") { name } timeline(minPosition: "1") { edges { cursor } } }',
          { id: actorId },
        ),
      'minPosition',
    );
  });
});

describe('the nested Actor.timeline', () => {
  const actorTimeline = (filter: Record<string, unknown>) =>
    graphql(
      service,
      'query($id: ID!, $f: TimelineFilterInput) { actor(id: $id) { name timeline(filter: $f) { edges { cursor } } } }',
      {
        id: actorId,
        f: filter,
      },
    );

  it("answers a bad filter as BAD_USER_INPUT with the field path, not PostgreSQL's message", async () => {
    await refusedAsBadInput(() => actorTimeline({ text: `x${NUL}` }), 'filter.text');
    await refusedAsBadInput(() => actorTimeline({ countries: ['IRN', 'XX'] }), 'filter.countries.1');
    await refusedAsBadInput(() => actorTimeline({ cameoRootCodes: ['99'] }), 'filter.cameoRootCodes.0');
  });

  it('answers a good filter', async () => {
    const { errors, data } = await actorTimeline({ countries: ['IRN'] });
    expect(errors).toBeUndefined();
    expect(data!.actor).toMatchObject({ name: 'Ali Khamenei', timeline: { edges: [] } });
  });
});

describe('arguments graphql-js refuses as it executes a field', () => {
  it.each([
    ['timeline', 'query ($v: Boolean) { timeline(includeRetracted: $v) { totalCount } }'],
    ['timelineBuckets', 'query ($v: Boolean) { timelineBuckets(bucket: DAY, includeRetracted: $v) { total } }'],
  ])('a nullable variable sent as null to a non-null argument of %s is BAD_USER_INPUT on it', async (_field, query) => {
    const answer = await graphql(service, query, { v: null });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'includeRetracted' });
    expect(answer.errors![0]!.message).toContain('must not be null');
  });
});
