import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { demoIds as ids } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import type { TimelineFilterInput } from '../../src/timelines/dto/timeline-filter.input';
import { bareHandler, PAGE_QUERIES, pageFromGraphQL, type BarePage } from '../../bench/bare-timeline';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The bare node:http + pg server of bench:timeline answers each benchmark page with the JSON a
 * client gets from the service for the same GraphQL query: the same events, cursors, version ids,
 * names (as known at asOf) and merged actors resolved to their survivors. Otherwise the benchmark
 * would compare the service with a server doing other work.
 */
let db: TestDatabase;
let service: RunningService;
let bare: Server;
let barePool: Pool;
let bareUrl: string;
let head = '0';
const DUPLICATE = '5e1d0a52-8f0a-4d3c-9b1e-0000000009a1';
let beforeRename: Date;
const pages: Record<string, { page: BarePage; variables: Record<string, unknown> }> = {};

/** `answer` selects the result's position (where the write landed in the log) as `position`. */
async function mutate(headers: Record<string, string>, name: string, input: Record<string, unknown>, answer: string) {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await graphql(
    service,
    `mutation($input: ${type}!) { ${name}(input: $input) { ${answer} } }`,
    { input },
    headers,
  );
  expect(response.errors).toBeUndefined();
  const result = response.data![name];
  head = result.position ?? result.survivor.position;
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  const editor = await apiKeyHeader(service, 'editor');
  const admin = await apiKeyHeader(service, 'admin');
  await seedStory(service);
  // A duplicate of Iran in an event of its own, then merged: its participant resolves to Iran.
  await mutate(
    editor,
    'registerActor',
    { actorId: DUPLICATE, kind: 'STATE', name: 'I.R. Iran', country: 'IRN' },
    'position',
  );
  await mutate(
    editor,
    'recordEvent',
    {
      kind: 'MEETING',
      title: 'Russian and Iranian energy officials meet',
      start: { value: '2022-07-20', precision: 'DAY', timeZone: 'UTC' },
      participants: [
        { actorId: ids.russia, role: 'HOST' },
        { actorId: DUPLICATE, role: 'GUEST' },
      ],
      topics: ['energy'],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    },
    'position',
  );
  await mutate(
    admin,
    'mergeActors',
    { duplicateId: DUPLICATE, survivorId: ids.iran, reason: 'duplicate' },
    'survivor { position }',
  );
  beforeRename = new Date();
  // Russia renamed: a page asOf an earlier moment names it as it was then.
  await mutate(
    editor,
    'reviseActor',
    { actorId: ids.russia, reason: 'full name', name: 'The Russian Federation' },
    'position',
  );
  // The service has projected everything once a read at the last write's position answers.
  const caughtUp = await graphql(
    service,
    `
      query ($p: String) {
        timeline(minPosition: $p, first: 1) {
          edges {
            cursor
          }
        }
      }
    `,
    {
      p: head,
    },
  );
  expect(caughtUp.errors).toBeUndefined();

  const year = { value: '2022', precision: 'YEAR', timeZone: 'UTC' };
  const actor = { actors: { anyOf: [ids.iran] }, dateRange: { from: year, to: year } };
  const dyad = { dyad: { actors: [ids.russia, ids.iran] } };
  const text = { text: 'Iran' };
  const spec = (query: string, filter: object, first: number, variables: Record<string, unknown>, asOf?: Date) => ({
    page: pageFromGraphQL(query, filter as TimelineFilterInput, { first, ...(asOf ? { asOf } : {}) }),
    variables,
  });
  // first 1: a page with a next page; the benchmark asks for 50.
  pages.actor = spec(PAGE_QUERIES.actor, actor, 1, { actor: ids.iran, from: year, to: year });
  pages.asOf = spec(
    PAGE_QUERIES.actor,
    actor,
    50,
    { actor: ids.iran, from: year, to: year, asOf: beforeRename.toISOString() },
    beforeRename,
  );
  pages.dyad = spec(PAGE_QUERIES.dyad, dyad, 50, { a: ids.russia, b: ids.iran });
  pages.text = spec(PAGE_QUERIES.text, text, 50, { text: 'Iran' });

  barePool = new Pool({ connectionString: db.url, max: 2 });
  bare = createServer(
    await bareHandler(barePool, Object.fromEntries(Object.entries(pages).map(([n, p]) => [n, p.page]))),
  );
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  if (bare) await new Promise((resolve) => bare.close(resolve));
  await barePool?.end();
  await service?.shutdown();
  await db?.drop();
});

/** The benchmark's queries ask for `first: 50`; the test's page of 1 puts the size in the query. */
const queryOf = (page: BarePage) => page.query.replace(/first: \d+/, `first: ${page.options.first}`);

describe('the bare server of bench:timeline', () => {
  it.each(['actor', 'asOf', 'dyad', 'text'])('answers the %s page with the service data', async (name) => {
    const { page, variables } = pages[name]!;
    const fromService = await graphql(service, queryOf(page), variables);
    expect(fromService.errors).toBeUndefined();
    const response = await fetch(`${bareUrl}/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: queryOf(page), variables }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: fromService.data });
    expect(fromService.data!.timeline.edges.length).toBeGreaterThan(0);
  });

  it('covers what a page may hold: a next page, a merged actor and a name as known at asOf', async () => {
    const names = async (name: string) => {
      const { page, variables } = pages[name]!;
      const data = (await graphql(service, queryOf(page), variables)).data!;
      return {
        more: data.timeline.pageInfo.hasNextPage as boolean,
        participants: data.timeline.edges.flatMap(
          (edge: { node: { participants: object[] } }) => edge.node.participants,
        ),
      };
    };
    expect((await names('actor')).more).toBe(true);
    const now = await names('dyad');
    expect(now.participants).toContainEqual({ actorId: ids.iran, role: 'GUEST', actor: { name: expect.any(String) } });
    expect(now.participants).not.toContainEqual(expect.objectContaining({ actorId: DUPLICATE }));
    expect(now.participants).toContainEqual({
      actorId: ids.russia,
      role: 'HOST',
      actor: { name: 'The Russian Federation' },
    });
    const then = await names('asOf');
    expect(then.participants).toContainEqual(
      expect.objectContaining({ actorId: ids.russia, actor: { name: expect.any(String) } }),
    );
    expect(then.participants).not.toContainEqual(
      expect.objectContaining({ actor: { name: 'The Russian Federation' } }),
    );
  });

  it('answers an unknown page with 404', async () => {
    const response = await fetch(`${bareUrl}/nope`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });
});
