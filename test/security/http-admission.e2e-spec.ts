import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Issue 9, the HTTP admission path: each attack as a client sends it over HTTP, refused before it
 * runs, nothing appended, and the service still answering an innocent query right after.
 */

let db: TestDatabase;
let service: RunningService;
/** The same service with introspection off and a one-second request budget. */
let strict: RunningService;
const REQUEST_BUDGET_MS = 1_000;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  strict = await startTestApp(db, {
    graphqlIntrospection: false,
    requestTimeoutMs: REQUEST_BUDGET_MS,
    runProjector: false,
  });
});
afterAll(async () => {
  await strict?.shutdown();
  await service?.shutdown();
  await db?.drop();
});

const eventCount = async () =>
  Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

interface RawResponse extends GraphQLResponse {
  contentType: string | null;
}

async function post(target: RunningService, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as Pick<GraphQLResponse, 'data' | 'errors'>;
  return {
    status: response.status,
    headers: response.headers,
    contentType: response.headers.get('content-type'),
    ...parsed,
  };
}

/** The attack is refused with BAD_USER_INPUT and the details asked for, and appends nothing. */
async function expectRefused(
  target: RunningService,
  attack: () => Promise<GraphQLResponse>,
  extensions: Record<string, unknown>,
  message: RegExp,
) {
  const before = await eventCount();
  const response = await attack();
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...extensions });
  expect(response.errors![0]!.message).toMatch(message);
  expect(await eventCount()).toBe(before);
  await expectInnocentQueryAnswered(target);
  return response;
}

async function expectInnocentQueryAnswered(target: RunningService) {
  const innocent = await graphql(target, '{ timeline(first: 1) { edges { node { id } } pageInfo { hasNextPage } } }');
  expect(innocent.status).toBe(200);
  expect(innocent.errors).toBeUndefined();
  expect(innocent.data!.timeline).toBeDefined();
  const live = await fetch(`${target.url}/health/live`);
  expect(live.status).toBe(200);
}

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('cost model', () => {
  it('refuses 2,000 timelineExport aliases (they ran the process out of heap)', async () => {
    // As sent, the document is over 100 KB; written tightly, it is over the token limit: either
    // way it is refused before it is parsed in full, let alone priced.
    const asSent = await expectRefused(
      service,
      () => graphql(service, aliases(2_000, 'timelineExport(format: NDJSON) { eventCount }')),
      { maxBytes: 100_000 },
      /bytes/,
    );
    expect(asSent.status).toBe(400);
    const tight = `{${Array.from({ length: 2_000 }, (_, i) => `e${i}:timelineExport(format:NDJSON){eventCount}`).join(' ')}}`;
    await expectRefused(service, () => graphql(service, tight), { maxTokens: 5_000 }, /tokens/);
  });

  it('refuses 300 export aliases and 300 count aliases, each refused by what it reads', async () => {
    await expectRefused(
      service,
      () => graphql(service, aliases(300, 'timelineExport(format: NDJSON) { eventCount }')),
      { maxComplexity: 20_000 },
      /costs about/,
    );
    await expectRefused(
      service,
      () => graphql(service, aliases(300, 'timeline(first: 1) { totalCount }')),
      { maxComplexity: 20_000 },
      /costs about/,
    );
    // A handful at most fits: two exports are already over the budget, one is answered.
    await expectRefused(
      service,
      () => graphql(service, aliases(2, 'timelineExport(format: NDJSON) { eventCount }')),
      { maxComplexity: 20_000 },
      /costs about/,
    );
    const one = await graphql(service, '{ timelineExport(format: NDJSON) { eventCount truncated } }');
    expect(one.errors).toBeUndefined();
  });

  it('refuses unpaged histories by the dozen', async () => {
    await expectRefused(
      service,
      () => graphql(service, aliases(40, 'eventHistory(id: "8f7e0c52-25d9-4a8c-9f2e-4d0e4c1a0b11") { version data }')),
      { maxComplexity: 20_000 },
      /costs about/,
    );
  });
});

describe('minPosition waits', () => {
  it('refuses a second wait in one request, naming it', async () => {
    const twoWaits = `{ a: timeline(minPosition: "999999999") { totalCount } b: timelineBuckets(bucket: YEAR, minPosition: "999999999") { total } }`;
    const response = await expectRefused(
      service,
      () => graphql(service, twoWaits),
      { field: 'minPosition', fields: ['a', 'b'], maxWaits: 1 },
      /"b"/,
    );
    expect(response.status).toBe(400);
  });

  it('counts waits behind aliases and fragments', async () => {
    const viaFragment = `query($p: String) { x: actors(first: 1) { edges { node { ...T } } } y: actors(first: 1) { edges { node { ...T } } } }
      fragment T on Actor { timeline(first: 1, minPosition: $p) { totalCount } }`;
    await expectRefused(
      service,
      () => graphql(service, viaFragment, { p: '999999999' }),
      { field: 'minPosition' },
      /minPosition/,
    );
  });
});

describe('asOf waits (for the record-time horizon)', () => {
  it('refuses asOf in 20 aliases, each of which could wait: one wait per request, shared with minPosition', async () => {
    const asOf = new Date(Date.now() + 4_000).toISOString();
    const response = await expectRefused(
      service,
      () => graphql(service, aliases(20, `timeline(first: 1, asOf: "${asOf}") { edges { cursor } }`)),
      { field: 'asOf', maxWaits: 1 },
      /minPosition or asOf/,
    );
    expect(response.status).toBe(400);
    const mixed = `{ a: timeline(minPosition: "1") { totalCount } b: event(id: "8f7e0c52-25d9-4a8c-9f2e-4d0e4c1a0b11", asOf: "2022-07-20T00:00:00Z") { title } }`;
    await expectRefused(service, () => graphql(service, mixed), { field: 'asOf', fields: ['a', 'b'] }, /"b"/);
  });
});

describe('depth, selections and document size', () => {
  it('limits introspection depth too: 17 levels refused, getIntrospectionQuery() answered', async () => {
    let chain = 'name';
    for (let i = 0; i < 12; i += 1) chain = `ofType { ${chain} }`;
    const seventeen = `{ __schema { types { fields { type { ${chain} } } } } }`;
    await expectRefused(
      service,
      () => graphql(service, seventeen),
      { depth: 17, maxDepth: 15 },
      /introspection query is 17 levels deep/,
    );
    const graphiql = await graphql(
      service,
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }),
    );
    expect(graphiql.errors).toBeUndefined();
    expect((graphiql.data!.__schema as { types: unknown[] }).types.length).toBeGreaterThan(20);
  });

  it('counts selections after fragments are expanded, repeated spreads and aliases included', async () => {
    // Each fragment spreads the next four times, with aliases: 4^6 * 2 selections from a few lines.
    const levels = 6;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { n: __typename m: __typename }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} ...F${i + 1} }`,
    );
    await expectRefused(
      service,
      () =>
        graphql(
          service,
          `
            {
              ...F0
            }
            ${fragments.join(' ')}
          `,
        ),
      { maxSelections: 1_000 },
      /more than 1000 fields/,
    );
    // 400 aliases of three selections each: 1,200, within the token limit.
    await expectRefused(
      service,
      () => graphql(service, aliases(400, 'projectionStatus { b: __typename c: __typename }')),
      { maxSelections: 1_000 },
      /aliases count/,
    );
  });

  it('stops parsing at the token limit', async () => {
    await expectRefused(
      service,
      () => graphql(service, `{ ${'__typename '.repeat(6_000)}}`),
      { maxTokens: 5_000 },
      /more than 5000 tokens/,
    );
  });

  it('refuses an oversized document before parsing it', async () => {
    const huge = `# ${'x'.repeat(150_000)}\n{ __typename }`;
    const response = await expectRefused(
      service,
      () => post(service, JSON.stringify({ query: huge })),
      { field: 'query', maxBytes: 100_000 },
      /at most 100000/,
    );
    expect(response.status).toBe(400);
  });
});

describe('HTTP body', () => {
  it('answers a body over the cap as GraphQL JSON with a code, not an HTML page', async () => {
    const body = JSON.stringify({
      query: 'query($c: String!) { __typename }',
      variables: { c: 'x'.repeat(12 * 1024 * 1024) },
    });
    const response = (await expectRefused(
      service,
      () => post(service, body),
      { field: 'body', reason: 'entity.too.large' },
      /at most \d+ bytes/,
    )) as RawResponse;
    expect(response.status).toBe(413);
    expect(response.contentType).toMatch(/^application\/json/);
  });

  it('answers malformed JSON as GraphQL JSON too', async () => {
    const response = (await expectRefused(
      service,
      () => post(service, '{"query": '),
      { field: 'body' },
      /could not be read/,
    )) as RawResponse;
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/json/);
  });

  it('takes a 5 MB importEvents content whose JSON body is over the old 6 MB cap', async () => {
    // NDJSON full of quotes and backslashes: each becomes two bytes in the body.
    const line = (i: number) =>
      JSON.stringify({
        kind: 'STATEMENT',
        title: `Statement ${i}`,
        summary: `He said "${'\\"'.repeat(150)}"`,
        start: { value: '2022-07-19', precision: 'DAY', timeZone: 'UTC' },
        participants: [
          {
            actorId: '0d6f3f2e-1c55-4a43-9d8e-2b1f6d6c0a01',
            role: 'SPEAKER',
            actor: { kind: 'PERSON', name: 'Somebody' },
          },
        ],
        statement: { text: 'x', mode: 'SAID' },
      });
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes + Buffer.byteLength(line(i)) + 1 <= 5 * 1024 * 1024; i += 1) {
      lines.push(line(i));
      bytes += Buffer.byteLength(line(i)) + 1;
    }
    const content = `${lines.join('\n')}\n`;
    const body = JSON.stringify({
      query:
        'mutation($content: String!) { importEvents(format: NDJSON, content: $content, dryRun: true) { dryRun lines } }',
      variables: { content },
    });
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(6 * 1024 * 1024);
    const before = await eventCount();
    const response = await post(service, body, await apiKeyHeader(service, 'admin'));
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data!.importEvents).toMatchObject({ dryRun: true, lines: lines.length });
    expect(await eventCount()).toBe(before);
  });
});

describe('introspection switch', () => {
  it('refuses __schema and __type when GRAPHQL_INTROSPECTION is off, and still answers __typename', async () => {
    const before = await eventCount();
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ __type(name: "Actor") { name } }',
      getIntrospectionQuery(),
    ]) {
      const response = await graphql(strict, query);
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INTROSPECTION_DISABLED' });
      expect(response.errors![0]!.message).toMatch(/introspection .* is turned off/);
    }
    const typename = await graphql(strict, '{ __typename }');
    expect(typename.data).toEqual({ __typename: 'Query' });
    expect(await eventCount()).toBe(before);
    await expectInnocentQueryAnswered(strict);
    const open = await graphql(service, '{ __schema { queryType { name } } }');
    expect(open.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('request time budget', () => {
  it('answers SERVICE_UNAVAILABLE when a request runs past its budget, instead of hanging', async () => {
    // Waiting for a log position that never comes takes up to 5 s: longer than this service's 1 s budget.
    const before = await eventCount();
    const response = await post(
      strict,
      JSON.stringify({ query: '{ timeline(minPosition: "999999999") { totalCount } }' }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'REQUEST_TIMEOUT',
      timeoutMs: REQUEST_BUDGET_MS,
    });
    expect(response.errors![0]!.message).toMatch(/time budget/);
    expect(await eventCount()).toBe(before);
    await expectInnocentQueryAnswered(strict);
  });
});
