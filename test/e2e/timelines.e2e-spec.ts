import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import type { Pool } from 'pg';
import { READ_POOL, WRITE_POOL } from '../../src/database/database.module';
import type { RunningService } from '../../src/service';
import { clockPast } from '../support/eventually';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The read side over HTTP, on the demo story plus events dated to the month and to the year.
 * Every read passes the position of the last write as minPosition, so it sees that write.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let admin: Record<string, string>;
let head = '0';
const ids = demoIds;
const moment = (): Date => new Date();
/**
 * Statements on the pools that are not a request's: NOTIFYs, and the read of the active generation
 * that ActiveSchema repeats every 5 s on the read pool (requests use its cached value), which fell
 * within a counted request now and then.
 */
const background = (text: string) => /pg_notify/.test(text) || text === 'SELECT active_schema FROM read_model_state';

async function write(name: string, input: Record<string, unknown>, headers = editor) {
  const response = await graphql(
    service,
    `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { eventId version position } }`,
    { input },
    headers,
  );
  expect(response.errors).toBeUndefined();
  const result = response.data![name];
  head = result.position;
  return result as { eventId: string; version: number; position: string };
}

async function read(query: string, variables: Record<string, unknown> = {}) {
  const response = await graphql(service, query, { minPosition: head, ...variables });
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const TIMELINE = `query($filter: TimelineFilterInput, $asOf: DateTime, $includeRetracted: Boolean, $orderBy: SortOrder, $first: Int, $after: String, $last: Int, $before: String, $minPosition: String) {
  timeline(filter: $filter, asOf: $asOf, includeRetracted: $includeRetracted, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before, minPosition: $minPosition) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title status version summary start { value precision } participants { actorId role actor { name } } } }
  }
}`;

async function titles(variables: Record<string, unknown>): Promise<string[]> {
  const data = await read(TIMELINE, variables);
  return data.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title);
}

let beforeCorrections: Date;
let july2022Talks: string;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'editor');
  admin = await apiKeyHeader(service, 'admin');
  await seedStory(service);
  const { rows } = await db.pool.query(`SELECT max(global_position)::text AS head FROM events`);
  head = rows[0].head;
  // The seed's corrections are the last two entries: "before corrections" is just before them.
  const { rows: corrected } = await db.pool.query(
    `SELECT min(recorded_at) AS at FROM events WHERE type = 'EventRevised'`,
  );
  beforeCorrections = new Date(new Date(corrected[0].at).getTime() - 1);
  july2022Talks = (
    await write('recordEvent', {
      kind: 'MEETING',
      title: 'Russian and Iranian energy officials meet (July 2022)',
      start: { value: '2022-07', precision: 'MONTH', timeZone: 'UTC' },
      participants: [
        { actorId: ids.russia, role: 'PARTICIPANT' },
        { actorId: ids.iran, role: 'PARTICIPANT' },
      ],
      topics: ['energy'],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    })
  ).eventId;
  await write('recordEvent', {
    kind: 'STATEMENT',
    title: 'Iran reviews its ties with Russia (2022)',
    start: { value: '2022', precision: 'YEAR', timeZone: 'UTC' },
    participants: [
      { actorId: ids.iran, role: 'SPEAKER' },
      { actorId: ids.russia, role: 'MENTIONED' },
    ],
    statement: {
      speakerId: ids.iran,
      mode: 'PARAPHRASE',
      text: 'Relations with Russia are strategic.',
      language: 'en',
    },
  });
  await write('recordEvent', {
    kind: 'MEETING',
    title: 'Erdogan and Raisi meet in Ankara',
    start: { value: '2024-01-24', precision: 'DAY', timeZone: 'Europe/Istanbul' },
    participants: [
      { actorId: ids.erdogan, role: 'HOST' },
      { actorId: ids.raisi, role: 'GUEST' },
    ],
    location: { placeName: 'Ankara', country: 'TUR' },
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
  });
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('timeline', () => {
  it('lists everything by when it happened, oldest first, with a total', async () => {
    const data = await read(TIMELINE, { first: 100 });
    expect(data.timeline.totalCount).toBe(12);
    const starts = data.timeline.edges.map((e: { node: { start: { value: string } } }) => e.node.start.value);
    expect(starts[0]).toBe('2022'); // the year-long event begins first
    expect(starts.at(-1)).toBe('2024-01-24');
  });

  it('filters by actor (any of, all of) and by a dyad of actors or of countries', async () => {
    // Same day: ties are broken by event id (the summit's is the smaller).
    expect(await titles({ filter: { actors: { anyOf: [ids.raisi] } } })).toEqual([
      'Trilateral summit of Russia, Iran and Turkey on Syria',
      'Russia, Iran and Turkey agree to keep consulting on Syria',
      'Erdogan and Raisi meet in Ankara',
    ]);
    expect(await titles({ filter: { actors: { allOf: [ids.putin, ids.erdogan] } } })).toHaveLength(3);
    expect(await titles({ filter: { dyad: { actors: [ids.khamenei, ids.erdogan] } } })).toEqual([
      'Khamenei warns Erdogan against a military attack in northern Syria',
    ]);
    const russiaIran = await titles({ filter: { dyad: { countries: ['RUS', 'IRN'] } } });
    expect(russiaIran).toContain('Russian and Iranian energy officials meet (July 2022)');
    expect(russiaIran).toContain('Putin meets Supreme Leader Ali Khamenei');
    expect(russiaIran).not.toContain('Erdogan and Raisi meet in Ankara');
  });

  it('filters by kind, CAMEO code and root, topic, country, place and text', async () => {
    expect(await titles({ filter: { kinds: ['AGREEMENT'] } })).toEqual([
      'Russia, Iran and Turkey agree to keep consulting on Syria',
    ]);
    expect(await titles({ filter: { cameoCodes: ['042'] } })).toEqual(['Putin visits Tehran']);
    expect((await titles({ filter: { cameoRootCodes: ['01'] } })).length).toBe(5);
    expect(await titles({ filter: { topics: ['National currencies'] } })).toEqual([
      'Khamenei urges trade in national currencies',
    ]);
    expect(await titles({ filter: { locationCountries: ['TUR'] } })).toEqual(['Erdogan and Raisi meet in Ankara']);
    expect(await titles({ filter: { countries: ['TUR'], kinds: ['MEETING'] } })).toEqual(
      expect.arrayContaining(['Putin meets Erdogan in Tehran', 'Erdogan and Raisi meet in Ankara']),
    );
    expect(await titles({ filter: { placeName: 'ankara' } })).toEqual(['Erdogan and Raisi meet in Ankara']);
    expect(await titles({ filter: { text: 'northern Syria terrorists' } })).toEqual([
      'Khamenei warns Erdogan against a military attack in northern Syria',
    ]);
  });

  it('matches a date range by overlap at each event’s precision', async () => {
    const midJuly = {
      from: { value: '2022-07-15', precision: 'DAY', timeZone: 'UTC' },
      to: { value: '2022-07-15', precision: 'DAY', timeZone: 'UTC' },
    };
    const july15 = await titles({ filter: { dateRange: midJuly } });
    expect(july15).toEqual([
      'Iran reviews its ties with Russia (2022)',
      'Russian and Iranian energy officials meet (July 2022)',
    ]);
    const year2023 = {
      from: { value: '2023', precision: 'YEAR', timeZone: 'UTC' },
      to: { value: '2023', precision: 'YEAR', timeZone: 'UTC' },
    };
    expect(await titles({ filter: { dateRange: year2023 } })).toEqual([]);
    const from2024 = { from: { value: '2024-01', precision: 'MONTH', timeZone: 'UTC' } };
    expect(await titles({ filter: { dateRange: from2024 } })).toEqual(['Erdogan and Raisi meet in Ankara']);
  });

  it('pages forward and backward with stable cursors, in both orders', async () => {
    const all = await titles({ first: 100 });
    const forward: string[] = [];
    let after: string | undefined;
    for (;;) {
      const data = await read(TIMELINE, { first: 5, after });
      forward.push(...data.timeline.edges.map((e: { node: { title: string } }) => e.node.title));
      if (!data.timeline.pageInfo.hasNextPage) break;
      after = data.timeline.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);
    const backward: string[] = [];
    let before: string | undefined;
    for (;;) {
      const data = await read(TIMELINE, { last: 5, before });
      backward.unshift(...data.timeline.edges.map((e: { node: { title: string } }) => e.node.title));
      if (!data.timeline.pageInfo.hasPreviousPage) break;
      before = data.timeline.pageInfo.startCursor;
    }
    expect(backward).toEqual(all);
    expect(await titles({ orderBy: 'DESC', first: 100 })).toEqual([...all].reverse());
  });

  it('answers as the timeline was known before and after a revision', async () => {
    const visitBefore = await read(
      `query($id: ID!, $asOf: DateTime) { event(id: $id, asOf: $asOf) { summary version recordedTo } }`,
      {
        id: ids.visit,
        asOf: beforeCorrections.toISOString(),
      },
    );
    expect(visitBefore.event).toMatchObject({ version: 1, summary: expect.stringMatching(/Saudi Arabia/) });
    expect(visitBefore.event.recordedTo).not.toBeNull();
    const visitNow = await read(`query($id: ID!) { event(id: $id) { summary version recordedTo } }`, { id: ids.visit });
    expect(visitNow.event).toMatchObject({ version: 2, recordedTo: null });
    expect(visitNow.event.summary).not.toMatch(/Saudi/);
    // Raisi was not a party to the agreement as first recorded: asOf shows it.
    const raisiThen = await titles({
      filter: { actors: { anyOf: [ids.raisi] }, kinds: ['AGREEMENT'] },
      asOf: beforeCorrections.toISOString(),
    });
    expect(raisiThen).toEqual([]);
  });

  it('takes a retracted event off the default timeline, keeps it reachable and as known before', async () => {
    const beforeRetraction = moment();
    await clockPast(beforeRetraction);
    await write('retractEvent', { eventId: july2022Talks, reason: 'no such meeting took place' }, admin);
    expect(await titles({ filter: { topics: ['energy'] } })).toEqual([]);
    const included = await read(TIMELINE, { filter: { topics: ['energy'] }, includeRetracted: true });
    expect(included.timeline.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(['RETRACTED']);
    expect(await titles({ filter: { topics: ['energy'] }, asOf: beforeRetraction.toISOString() })).toEqual([
      'Russian and Iranian energy officials meet (July 2022)',
    ]);
    await write('restoreEvent', { eventId: july2022Talks, reason: 'confirmed after all' }, admin);
    expect(await titles({ filter: { topics: ['energy'] } })).toEqual([
      'Russian and Iranian energy officials meet (July 2022)',
    ]);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming the field', async () => {
    const tooBig = await graphql(service, TIMELINE, { first: 101 });
    expect(tooBig.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await graphql(service, TIMELINE, { after: 'not-a-cursor' });
    expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const badDyad = await graphql(service, TIMELINE, { filter: { dyad: { actors: [ids.putin] } } });
    expect(badDyad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.dyad.actors' });
    const badDate = await graphql(service, TIMELINE, {
      filter: { dateRange: { from: { value: '2022-13', precision: 'MONTH', timeZone: 'UTC' } } },
    });
    expect(badDate.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(badDate.errors![0]!.extensions!.field).toMatch(/^filter\.dateRange\.from/);
    const badCountry = await graphql(service, TIMELINE, { filter: { countries: ['Iran'] } });
    expect(badCountry.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countries.0' });
  });
});

describe('events, actors, buckets', () => {
  it('answers event(id) and NOT_FOUND for an unknown one', async () => {
    const data = await read(
      `query($id: ID!) { event(id: $id) { title kind participants { role actor { name aliases roles { title } } } } }`,
      {
        id: ids.summit,
      },
    );
    expect(data.event.participants[0]).toMatchObject({
      role: 'HOST',
      actor: { name: 'Ebrahim Raisi', aliases: ['EBRAHIM RAISI', 'Raisi'] },
    });
    const missing = await graphql(
      service,
      `
        {
          event(id: "00000000-0000-4000-8000-000000000000") {
            title
          }
        }
      `,
    );
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('answers actor(id) with its own timeline, and actors(search)', async () => {
    const data = await read(
      `query($id: ID!) { actor(id: $id) { name country roles { title from { value } } timeline(first: 3, orderBy: DESC) { totalCount edges { node { title } } } } }`,
      { id: ids.erdogan },
    );
    expect(data.actor).toMatchObject({
      name: 'Recep Tayyip Erdogan',
      country: 'TUR',
      roles: [{ title: 'President of Turkey', from: { value: '2014-08-28' } }],
    });
    expect(data.actor.timeline.edges[0].node.title).toBe('Erdogan and Raisi meet in Ankara');
    expect(data.actor.timeline.totalCount).toBe(5);
    const found = await read(`{ actors(search: "tayyip") { edges { node { id name } } } }`);
    expect(found.actors.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Recep Tayyip Erdogan']);
  });

  it('counts events per bucket and kind', async () => {
    const data = await read(
      `query($minPosition: String) { timelineBuckets(bucket: YEAR, minPosition: $minPosition) { bucketStart total meetings statements agreements } }`,
    );
    expect(data.timelineBuckets).toEqual([
      { bucketStart: '2022-01-01', total: 11, meetings: 5, statements: 5, agreements: 1 },
      { bucketStart: '2024-01-01', total: 1, meetings: 1, statements: 0, agreements: 0 },
    ]);
  });

  it('reports the projection status', async () => {
    const data = await read(`{ projectionStatus { activeSchema lagEvents } }`);
    expect(data.projectionStatus.activeSchema).toMatch(/^rm_\d+$/);
  });

  it('lets a writer read its own write with minPosition', async () => {
    const written = await write('recordEvent', {
      kind: 'STATEMENT',
      title: 'Raisi praises the summit',
      start: { value: '2022-07-19T21:00', precision: 'MINUTE', timeZone: 'Asia/Tehran' },
      participants: [{ actorId: ids.raisi, role: 'SPEAKER' }],
      statement: { speakerId: ids.raisi, mode: 'PARAPHRASE', text: 'The summit was useful.', language: 'en' },
    });
    const data = await graphql(
      service,
      `
        query ($id: ID!, $p: String) {
          event(id: $id, minPosition: $p) {
            title
          }
        }
      `,
      { id: written.eventId, p: written.position },
    );
    expect(data.data!.event.title).toBe('Raisi praises the summit');
  });
});

describe('no N+1', () => {
  it('serves a page of events with participants, their actors and sources in a fixed number of SQL statements', async () => {
    await read(`query($minPosition: String) { timeline(first: 1, minPosition: $minPosition) { totalCount } }`);
    // The page reads the read model (read pool); the actors' details come from the log (the store's pool).
    const pools = [service.app.get<Pool>(READ_POOL), service.app.get<Pool>(WRITE_POOL)];
    const statements: string[] = [];
    const queries = pools.map((pool) => pool.query.bind(pool));
    pools.forEach((pool, index) => {
      (pool as unknown as { query: unknown }).query = (...args: Parameters<Pool['query']>) => {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
        statements.push(text);
        return (queries[index] as (...a: unknown[]) => unknown)(...args);
      };
    });
    try {
      const page = await graphql(
        service,
        `
          {
            timeline(first: 100) {
              totalCount
              edges {
                node {
                  id
                  title
                  participants {
                    role
                    actor {
                      id
                      name
                      country
                      aliases
                      roles {
                        title
                      }
                    }
                  }
                  sources {
                    publisher
                    url
                  }
                }
              }
            }
          }
        `,
      );
      expect(page.errors).toBeUndefined();
      expect(page.data!.timeline.edges.length).toBeGreaterThanOrEqual(12);
    } finally {
      pools.forEach((pool, index) => ((pool as unknown as { query: unknown }).query = queries[index]));
    }
    // The page (events, participants and actor summaries), its count, and one batch for the
    // actors' aliases and roles: whatever the page size.
    expect(statements.filter((text) => !background(text))).toHaveLength(3);
  });

  it('a page asking only for participants’ names is the page statement alone; totalCount only when asked for', async () => {
    await read(`query($minPosition: String) { timeline(first: 1, minPosition: $minPosition) { edges { cursor } } }`);
    const pool = service.app.get<Pool>(READ_POOL);
    const statements: string[] = [];
    const query = pool.query.bind(pool);
    (pool as unknown as { query: unknown }).query = (...args: Parameters<Pool['query']>) => {
      statements.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
      return (query as (...a: unknown[]) => unknown)(...args);
    };
    const page = `timeline(first: 50, filter: { actors: { anyOf: ["${ids.putin}"] } }) { edges { node { id title start { value } participants { role actor { name } } } } }`;
    let withNames: Record<string, unknown> | undefined;
    const counts: number[] = [];
    try {
      const named = await graphql(service, `{ ${page} }`);
      expect(named.errors).toBeUndefined();
      withNames = named.data!;
      counts.push(statements.filter((text) => !background(text)).length);
      statements.length = 0;
      const counted = await graphql(
        service,
        `{ timeline(first: 50, filter: { actors: { anyOf: ["${ids.putin}"] } }) { totalCount edges { cursor } } }`,
      );
      expect(counted.errors).toBeUndefined();
      counts.push(statements.filter((text) => !background(text)).length);
    } finally {
      (pool as unknown as { query: unknown }).query = query;
    }
    expect(counts).toEqual([1, 2]);
    const edges = (
      withNames!.timeline as {
        edges: {
          node: {
            title: string;
            start: { value: string };
            participants: { role: string; actor: { name: string } | null }[];
          };
        }[];
      }
    ).edges;
    expect(edges.length).toBeGreaterThan(3);
    for (const { node } of edges) {
      expect(node.title).toEqual(expect.any(String));
      expect(node.start.value).toEqual(expect.any(String));
      for (const participant of node.participants) expect(participant.actor?.name).toEqual(expect.any(String));
    }
    expect(edges.flatMap(({ node }) => node.participants.map((p) => p.actor!.name))).toContain('Vladimir Putin');
  });
});

describe('limits', () => {
  it('refuses queries nested too deep', async () => {
    const deep = `{ timeline { edges { node { participants { actor { timeline { edges { node { participants { actor { timeline { edges { node { title } } } } } } } } } } } } } }`;
    const response = await graphql(service, deep);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxDepth: 12 });
    expect(response.errors![0]!.message).toMatch(/levels deep/);
  });

  it('refuses queries that would cost too much, and lets a full page through', async () => {
    const costly = `{ timeline(first: 100) { edges { node { participants { actor { timeline(first: 100) { edges { node { title summary } } } } } } } } }`;
    const response = await graphql(service, costly);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxComplexity: 20000 });
    const page = await graphql(
      service,
      `
        {
          timeline(first: 100) {
            totalCount
            edges {
              cursor
              node {
                id
                title
                summary
                start {
                  value
                }
                participants {
                  role
                  actor {
                    name
                  }
                }
                sources {
                  publisher
                  url
                }
              }
            }
          }
        }
      `,
    );
    expect(page.errors).toBeUndefined();
  });

  it('keeps GraphiQL-style introspection working', async () => {
    const response = await graphql(
      service,
      `
        {
          __schema {
            types {
              name
              fields {
                name
                type {
                  name
                  kind
                  ofType {
                    name
                    kind
                    ofType {
                      name
                      kind
                      ofType {
                        name
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
    );
    expect(response.errors).toBeUndefined();
  });
});
