import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { demoIds as ids } from '../../src/admin/seed/tehran-2022.story';
import { exportCli, exportCommand } from '../../src/cli/export';
import { runCli } from '../../src/cli/run-cli';
import type { RunningService } from '../../src/service';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually, wsClient } from '../support/ws-client';

/**
 * Questions by participant role on the demo story (the 19 July 2022 Tehran talks), asked as a
 * client asks them: the timeline, an actor's timeline, buckets, the export (GraphQL and CLI) and a
 * subscription all take the same filters and give the same answers.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let head = '0';
const clients: Client[] = [];

type Filter = Record<string, unknown>;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'editor');
  await seedStory(service);
  const { rows } = await db.pool.query(`SELECT max(global_position)::text AS head FROM events`);
  head = rows[0].head;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await service?.shutdown();
  await db?.drop();
});

async function read(query: string, variables: Record<string, unknown> = {}) {
  const response = await graphql(service, query, { minPosition: head, ...variables });
  expect(response.errors).toBeUndefined();
  return response.data!;
}

/** The titles the timeline answers for a filter (every one: the story has fewer than 100 events). */
async function titles(filter: Filter): Promise<string[]> {
  const data = await read(
    `query($filter: TimelineFilterInput, $minPosition: String) {
       timeline(filter: $filter, first: 100, minPosition: $minPosition) { totalCount edges { node { title } } } }`,
    { filter },
  );
  const found = data.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title) as string[];
  expect(data.timeline.totalCount).toBe(found.length);
  return found;
}

async function actorTitles(actorId: string, filter: Filter): Promise<string[]> {
  const data = await read(
    `query($id: ID!, $filter: TimelineFilterInput, $minPosition: String) {
       actor(id: $id) { timeline(filter: $filter, first: 100, minPosition: $minPosition) { totalCount edges { node { title } } } } }`,
    { id: actorId, filter },
  );
  const found = data.actor.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title) as string[];
  expect(data.actor.timeline.totalCount).toBe(found.length);
  return found;
}

async function refusal(filter: Filter): Promise<Record<string, unknown> | undefined> {
  const response = await graphql(
    service,
    `
      query ($filter: TimelineFilterInput) {
        timeline(filter: $filter) {
          totalCount
        }
      }
    `,
    {
      filter,
    },
  );
  expect(response.data?.timeline ?? null).toBeNull();
  return response.errors?.[0]?.extensions;
}

const khameneiStatements = [
  'Khamenei urges trade in national currencies',
  'Khamenei: Russia has maintained its independence from the United States',
  'Khamenei: Moscow had little alternative in Ukraine',
  'Khamenei warns Erdogan against a military attack in northern Syria',
];
const spokenBy = (actor: string): Filter => ({ kinds: ['STATEMENT'], actors: { anyOf: [actor], roles: ['SPEAKER'] } });
const putinToIran: Filter = {
  dyad: { from: { actor: ids.putin, roles: ['GUEST'] }, to: { country: 'IRN', roles: ['HOST'] } },
};

describe('the story, without roles', () => {
  it('names Erdogan in one statement (Khamenei’s warning to him) and Khamenei in four', async () => {
    expect(await titles({ kinds: ['STATEMENT'], actors: { anyOf: [ids.erdogan] } })).toEqual([
      'Khamenei warns Erdogan against a military attack in northern Syria',
    ]);
    expect((await titles({ kinds: ['STATEMENT'], actors: { anyOf: [ids.khamenei] } })).sort()).toEqual(
      [...khameneiStatements].sort(),
    );
  });
});

describe('questions by role', () => {
  it('statements made by Erdogan: none', async () => {
    expect(await titles(spokenBy(ids.erdogan))).toEqual([]);
    expect(await actorTitles(ids.erdogan, { kinds: ['STATEMENT'], actors: { roles: ['SPEAKER'] } })).toEqual([]);
    // The README's question: everything Erdogan said about Syria.
    expect(
      await actorTitles(ids.erdogan, { kinds: ['STATEMENT'], topics: ['syria'], actors: { roles: ['SPEAKER'] } }),
    ).toEqual([]);
  });

  it('statements made by Khamenei: four, one of them on Syria', async () => {
    expect((await titles(spokenBy(ids.khamenei))).sort()).toEqual([...khameneiStatements].sort());
    expect((await actorTitles(ids.khamenei, { actors: { roles: ['SPEAKER'] } })).sort()).toEqual(
      [...khameneiStatements].sort(),
    );
    expect(await titles({ ...spokenBy(ids.khamenei), topics: ['syria'] })).toEqual([
      'Khamenei warns Erdogan against a military attack in northern Syria',
    ]);
  });

  it('Putin’s visits to Iran (guest Putin, host Iran): one; the other way round: none', async () => {
    expect(await titles(putinToIran)).toEqual(['Putin visits Tehran']);
    expect(
      await titles({
        dyad: { from: { actor: ids.putin, roles: ['GUEST'] }, to: { actor: ids.iran, roles: ['HOST'] } },
      }),
    ).toEqual(['Putin visits Tehran']);
    expect(
      await titles({ dyad: { from: { country: 'RUS', roles: ['GUEST'] }, to: { country: 'IRN', roles: ['HOST'] } } }),
    ).toEqual(['Putin visits Tehran']);
    expect(
      await titles({
        dyad: { from: { actor: ids.iran, roles: ['GUEST'] }, to: { actor: ids.putin, roles: ['HOST'] } },
      }),
    ).toEqual([]);
    // Raisi hosted the summit, but Putin took part in it as a participant, not as a guest.
    expect(
      await titles({
        dyad: { from: { actor: ids.erdogan, roles: ['GUEST'] }, to: { country: 'IRN', roles: ['HOST'] } },
      }),
    ).toEqual([]);
  });

  it('agreements signed by Turkey’s president, and events with a speaker among any of several actors', async () => {
    expect(await titles({ kinds: ['AGREEMENT'], actors: { allOf: [ids.erdogan], roles: ['SIGNATORY'] } })).toEqual([
      'Russia, Iran and Turkey agree to keep consulting on Syria',
    ]);
    expect(
      (await titles({ actors: { anyOf: [ids.erdogan, ids.khamenei, ids.putin], roles: ['SPEAKER'] } })).sort(),
    ).toEqual([...khameneiStatements].sort());
  });

  it('a directed dyad’s events are a subset of the undirected dyad’s', async () => {
    const cases: Array<[Filter, Filter]> = [
      [
        { from: { actor: ids.khamenei, roles: ['SPEAKER'] }, to: { actor: ids.putin, roles: ['ADDRESSEE'] } },
        { actors: [ids.khamenei, ids.putin] },
      ],
      [
        { from: { actor: ids.khamenei, roles: ['SPEAKER'] }, to: { actor: ids.erdogan, roles: ['ADDRESSEE'] } },
        { actors: [ids.khamenei, ids.erdogan] },
      ],
      [
        { from: { actor: ids.putin, roles: ['GUEST'] }, to: { country: 'IRN', roles: ['HOST'] } },
        { countries: ['RUS', 'IRN'] },
      ],
      [
        { from: { country: 'IRN', roles: ['SPEAKER'] }, to: { country: 'RUS', roles: ['ADDRESSEE', 'MENTIONED'] } },
        { countries: ['IRN', 'RUS'] },
      ],
    ];
    const sizes: Array<[number, number]> = [];
    for (const [directed, undirected] of cases) {
      const narrow = await titles({ dyad: directed });
      const wide = await titles({ dyad: undirected });
      expect(narrow.length).toBeGreaterThan(0);
      expect(wide).toEqual(expect.arrayContaining(narrow));
      sizes.push([narrow.length, wide.length]);
    }
    // Khamenei and Erdogan share one event (his warning to Erdogan); Russia and Iran seven, of which
    // one is a visit from Russia to Iran and three are Iranian statements addressed to or about Russia.
    expect(sizes).toEqual([
      [3, 4],
      [1, 1],
      [1, 7],
      [3, 7],
    ]);
  });
});

describe('the same filters elsewhere', () => {
  const BUCKETS = `query($filter: TimelineFilterInput, $minPosition: String) {
    timelineBuckets(filter: $filter, bucket: YEAR, minPosition: $minPosition) { bucketStart total meetings statements agreements } }`;
  const EXPORT = `query($filter: TimelineFilterInput, $minPosition: String) {
    timelineExport(filter: $filter, format: NDJSON, minPosition: $minPosition) { eventCount truncated content } }`;

  it('buckets count what the timeline lists', async () => {
    expect((await read(BUCKETS, { filter: spokenBy(ids.khamenei) })).timelineBuckets).toEqual([
      { bucketStart: '2022-01-01', total: 4, meetings: 0, statements: 4, agreements: 0 },
    ]);
    expect((await read(BUCKETS, { filter: spokenBy(ids.erdogan) })).timelineBuckets).toEqual([]);
    expect((await read(BUCKETS, { filter: putinToIran })).timelineBuckets).toEqual([
      { bucketStart: '2022-01-01', total: 1, meetings: 1, statements: 0, agreements: 0 },
    ]);
  });

  it('timelineExport exports what the timeline lists', async () => {
    for (const filter of [spokenBy(ids.khamenei), spokenBy(ids.erdogan), putinToIran]) {
      const exported = (await read(EXPORT, { filter })).timelineExport;
      const exportedTitles = (exported.content as string)
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { title: string }).title);
      expect(exported.truncated).toBe(false);
      expect(exported.eventCount).toBe(exportedTitles.length);
      expect(exportedTitles.sort()).toEqual((await titles(filter)).sort());
    }
  });

  it('npm run export takes --role for its --actor', async () => {
    const lines: string[] = [];
    const count = await exportCommand(
      ['--format', 'ndjson', '--actor', ids.khamenei, '--role', 'speaker'],
      { DATABASE_URL: db.url },
      { write: (chunk: string) => void lines.push(chunk) },
    );
    expect(count).toBe(4);
    const exported = lines
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { title: string }).title);
    expect(exported.sort()).toEqual([...khameneiStatements].sort());
    for (const [args, message] of [
      [['--format', 'csv', '--role', 'SPEAKER'], /^--role is the role of an --actor/],
      [['--format', 'csv', '--actor', ids.erdogan, '--role', 'chief'], /^--role must be one of host/],
    ] as const) {
      let out = '';
      let err = '';
      const code = await runCli(exportCli, [...args], {
        env: { DATABASE_URL: db.url },
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (err += text) },
        cwd: process.cwd(),
      });
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toMatch(message);
    }
  });

  it('a subscriber with a role filter hears a matching new event and not one that names its actor in another role', async () => {
    const hub = service.app.get(TimelineUpdatesHub);
    const heard: { role: string[]; all: string[] } = { role: [], all: [] };
    let wake: () => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const enough = new Promise<void>((resolve, reject) => {
      wake = () => (heard.role.length >= 1 && heard.all.length >= 2 ? resolve() : undefined);
      fail = reject;
    });
    const listen = (filter: Filter, into: string[]) => {
      const client = wsClient(service);
      clients.push(client);
      client.subscribe<{ timelineUpdated: { event: { title: string } } }>(
        {
          query: `subscription($filter: TimelineFilterInput) { timelineUpdated(filter: $filter) { event { title } } }`,
          variables: { filter },
        },
        {
          next: ({ data }) => {
            into.push(data!.timelineUpdated.event.title);
            wake();
          },
          error: (error) => fail(new Error(`a subscription ended: ${JSON.stringify(error)}`)),
          complete: () => fail(new Error('a subscription completed')),
        },
      );
    };
    const before = hub.subscriberCount;
    listen({ actors: { anyOf: [ids.erdogan], roles: ['SPEAKER'] } }, heard.role);
    listen({ actors: { anyOf: [ids.erdogan] } }, heard.all);
    await eventually('both subscriptions to reach the hub', () => hub.subscriberCount === before + 2);

    const statement = (title: string, speaker: string, addressee: string) => ({
      kind: 'STATEMENT',
      title,
      start: { value: '2022-07-20', precision: 'DAY', timeZone: 'Europe/Istanbul' },
      participants: [
        { actorId: speaker, role: 'SPEAKER' },
        { actorId: addressee, role: 'ADDRESSEE' },
      ],
      statement: { speakerId: speaker, mode: 'PARAPHRASE', text: title, language: 'en', addresseeIds: [addressee] },
    });
    // First one in which Erdogan is spoken to, then one he makes: the hub handles changes in log
    // order, so the first update the role subscriber hears shows whether it heard the other.
    for (const input of [
      statement('Putin tells Erdogan about grain exports', ids.putin, ids.erdogan),
      statement('Erdogan answers Putin on grain exports', ids.erdogan, ids.putin),
    ]) {
      const response = await graphql(
        service,
        `
          mutation ($input: RecordEventInput!) {
            recordEvent(input: $input) {
              position
            }
          }
        `,
        { input },
        editor,
      );
      expect(response.errors).toBeUndefined();
    }
    await enough;
    expect(heard.all).toEqual(['Putin tells Erdogan about grain exports', 'Erdogan answers Putin on grain exports']);
    expect(heard.role).toEqual(['Erdogan answers Putin on grain exports']);
  });
});

describe('bad role filters are refused with the path of the value', () => {
  it.each<[string, Filter, string]>([
    ['an empty role list', { actors: { anyOf: [ids.erdogan], roles: [] } }, 'filter.actors.roles'],
    ['roles without actors', { actors: { roles: ['SPEAKER'] } }, 'filter.actors.roles'],
    [
      'more roles than there are',
      { actors: { anyOf: [ids.erdogan], roles: Array.from({ length: 9 }, () => 'SPEAKER') } },
      'filter.actors.roles',
    ],
    [
      'too many actors',
      { actors: { anyOf: Array.from({ length: 101 }, () => ids.erdogan), roles: ['SPEAKER'] } },
      'filter.actors.anyOf',
    ],
    ['an actor id that is not one', { actors: { anyOf: ['erdogan'], roles: ['SPEAKER'] } }, 'filter.actors.anyOf.0'],
    ['a dyad from without to', { dyad: { from: { actor: ids.putin } } }, 'filter.dyad.to'],
    [
      'a directed and an undirected dyad at once',
      { dyad: { actors: [ids.putin, ids.raisi], from: { actor: ids.putin }, to: { actor: ids.raisi } } },
      'filter.dyad.actors',
    ],
    ['a side with neither actor nor country', { dyad: { from: {}, to: { actor: ids.raisi } } }, 'filter.dyad.from'],
    [
      'a side with both',
      { dyad: { from: { actor: ids.putin, country: 'RUS' }, to: { actor: ids.raisi } } },
      'filter.dyad.from',
    ],
    ['a bad side actor id', { dyad: { from: { actor: 'putin' }, to: { actor: ids.raisi } } }, 'filter.dyad.from.actor'],
    ['a bad side country', { dyad: { from: { actor: ids.putin }, to: { country: 'Iran' } } }, 'filter.dyad.to.country'],
    [
      'an empty side role list',
      { dyad: { from: { actor: ids.putin }, to: { country: 'IRN', roles: [] } } },
      'filter.dyad.to.roles',
    ],
    [
      'one actor on both sides',
      { dyad: { from: { actor: ids.putin }, to: { actor: ids.putin } } },
      'filter.dyad.to.actor',
    ],
  ])('%s', async (_, filter, field) => {
    expect(await refusal(filter)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('a role that does not exist, in a query and at subscribe time', async () => {
    const extensions = await refusal({ actors: { anyOf: [ids.erdogan], roles: ['CHIEF'] } });
    expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const client = wsClient(service);
    clients.push(client);
    const ended = await new Promise<unknown>((resolve) =>
      client.subscribe(
        {
          query: `subscription($filter: TimelineFilterInput) { timelineUpdated(filter: $filter) { position } }`,
          variables: { filter: { actors: { roles: ['SPEAKER'] } } },
        },
        // Refused at subscribe: as an error message, or as a first result that holds only errors.
        { next: (result) => resolve(result.errors), error: resolve, complete: () => resolve('complete') },
      ),
    );
    expect(ended).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'filter.actors.roles' }),
      }),
    ]);
  });
});
