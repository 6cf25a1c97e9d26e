import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import { directExecutionCounts } from '../../src/graphql/direct-execution/direct-execution.plugin';
import type { RunningService } from '../../src/service';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Queries answered directly (src/graphql/direct-execution) against the same queries answered by
 * graphql-js: two services on one database, one with GRAPHQL_DIRECT_EXECUTION off. Every answer,
 * data and errors, must be the same; the counts say which path each query took on the first.
 * The selections are made from the schema (every field without required arguments, to a depth),
 * so a field added later is compared too.
 */
let db: TestDatabase;
let direct: RunningService;
let reference: RunningService;
let schema: GraphQLSchema;
let head = '0';

beforeAll(async () => {
  db = await createTestDatabase();
  direct = await startTestApp(db);
  reference = await startTestApp(db, { graphqlDirectExecution: false, runProjector: false });
  await seedStory(direct);
  const { rows } = await db.pool.query(`SELECT max(global_position)::text AS head FROM events`);
  head = rows[0].head;
  schema = direct.app.get(GraphQLSchemaHost).schema;
}, 60_000);

afterAll(async () => {
  await reference?.shutdown();
  await direct?.shutdown();
  await db?.drop();
});

/** Every field of the type without required arguments, `depth` levels of objects down; abstract types left out. */
function everyField(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 0) parts.push(`${field.name} { ${everyField(named, depth - 1)} }`);
  }
  return parts.length > 0 ? parts.join(' ') : '__typename';
}

function objectType(name: string): GraphQLObjectType {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`no object type ${name}`);
  return type;
}

async function both(query: string, variables: Record<string, unknown> = {}) {
  const [ours, theirs] = await Promise.all([graphql(direct, query, variables), graphql(reference, query, variables)]);
  expect({ status: ours.status, data: ours.data, errors: ours.errors }).toEqual({
    status: theirs.status,
    data: theirs.data,
    errors: theirs.errors,
  });
  return ours;
}

/** Runs the query on both services and says which path the direct one took. */
async function pathOf(query: string, variables: Record<string, unknown> = {}) {
  const before = { ...directExecutionCounts };
  const answer = await both(query, variables);
  const path =
    directExecutionCounts.direct > before.direct
      ? 'direct'
      : directExecutionCounts.fallback > before.fallback
        ? 'graphql-js'
        : 'none';
  return { path, answer };
}

describe('direct execution answers as graphql-js does', () => {
  it('a timeline page with every field of its events, as known now and as of a past moment', async () => {
    const event = everyField(objectType('DiplomaticEvent'), 3);
    const query = `query($asOf: DateTime, $minPosition: String) {
      timeline(first: 10, includeRetracted: true, asOf: $asOf, minPosition: $minPosition) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { ${event} } }
      }
    }`;
    const now = await pathOf(query, { minPosition: head });
    expect(now.path).toBe('direct');
    expect(now.answer.data!.timeline.edges.length).toBeGreaterThan(3);
    const past = await pathOf(query, { asOf: new Date(Date.now() - 60_000).toISOString(), minPosition: head });
    expect(past.path).toBe('direct');
  });

  it('one event, actors and buckets, with every field', async () => {
    const event = `query($id: ID!) { event(id: $id) { ${everyField(objectType('DiplomaticEvent'), 3)} } }`;
    expect((await pathOf(event, { id: demoIds.summit })).path).toBe('direct');
    const actors = `{ actors(first: 10) { edges { cursor node { ${everyField(objectType('Actor'), 1)} } } pageInfo { hasNextPage endCursor } } }`;
    const answer = await pathOf(actors);
    expect(answer.path).toBe('direct');
    expect(answer.answer.data!.actors.edges.length).toBeGreaterThan(2);
    const buckets = `{ timelineBuckets(bucket: YEAR) { ${everyField(objectType('TimelineBucket'), 1)} } }`;
    expect((await pathOf(buckets)).path).toBe('direct');
  });

  it('aliases, fragments, __typename, @include and @skip, a field asked twice', async () => {
    const query = `query($with: Boolean!, $without: Boolean!) {
      __typename
      first: timeline(first: 2) { ...Page }
      last: timeline(last: 2) { edges { node { t: title title kind __typename } } }
      again: timeline(first: 2) { edges { node { ... on DiplomaticEvent { eventId } title start { value } start { precision } } } }
    }
    fragment Page on TimelineConnection {
      __typename
      edges {
        node {
          ...Card
          sources @include(if: $with) { url publisher }
          location @skip(if: $without) { __typename }
          participants @include(if: $without) { role }
        }
      }
    }
    fragment Card on DiplomaticEvent { eventId title participants { actor { name } } }`;
    for (const flags of [
      { with: true, without: false },
      { with: false, without: true },
    ]) {
      const answer = await pathOf(query, flags);
      expect(answer.path).toBe('direct');
      expect(answer.answer.data!.__typename).toBe('Query');
    }
  });

  it('errors and what it does not model go to graphql-js, answered the same', async () => {
    // A resolver's refusal: the root answer is handed over, not read again.
    const missing = await pathOf('{ event(id: "00000000-0000-4000-8000-000000000000") { title } }');
    expect(missing.path).toBe('graphql-js');
    expect(missing.answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // An error in one root field and data in another.
    const mixed = await pathOf(
      '{ a: timeline(first: 1) { edges { node { title } } } b: event(id: "00000000-0000-4000-8000-000000000000") { title } }',
    );
    expect(mixed.path).toBe('graphql-js');
    expect(mixed.answer.data).toBeNull();
    // Variables graphql-js refuses, and a bad argument value.
    expect((await pathOf('query($n: Int) { timeline(first: $n) { totalCount } }', { n: 'x' })).path).toBe('graphql-js');
    const badFirst = await pathOf('{ timeline(first: 100000) { totalCount } }');
    expect(badFirst.answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An abstract type (node) and introspection.
    const nodeId = (await graphql(direct, '{ timeline(first: 1) { edges { node { id } } } }')).data!.timeline.edges[0]
      .node.id as string;
    const node = await pathOf(`{ node(id: "${nodeId}") { id ... on DiplomaticEvent { title } } }`);
    expect(node.path).toBe('graphql-js');
    expect(node.answer.data!.node.title).toEqual(expect.any(String));
    expect((await pathOf('{ __schema { queryType { name } } }')).path).toBe('graphql-js');
    expect((await pathOf('{ __type(name: "Actor") { name } }')).path).toBe('graphql-js');
  });

  it('a nested field that waits and fails is not run again by graphql-js: one wait per request', async () => {
    const status = direct.app.get(ProjectionStatus);
    const waits = jest.spyOn(status, 'waitForPosition');
    try {
      const answer = await graphql(
        direct,
        '{ actors(first: 1) { edges { node { name timeline(minPosition: "900000000000") { totalCount } } } } }',
      );
      expect(answer.errors?.[0]?.extensions?.code).toBe('PROJECTION_TIMEOUT');
      expect(waits).toHaveBeenCalledTimes(1);
    } finally {
      waits.mockRestore();
    }
  }, 30_000);
});
