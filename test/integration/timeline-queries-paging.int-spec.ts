import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  QueryInputError,
  TimelineQueries,
  type ActorsOptions,
  type Connection,
  type SortOrder,
  type TimelineFilter,
  type TimelineNode,
} from '../../src/timelines/queries/index';
import { ids, loadStory } from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let queries: TimelineQueries;
let series: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  ({ paging: series } = await loadStory(db.pool, 'rm_1', { pagingEvents: 25 }));
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
});
afterAll(() => db.drop());

const eventIds = (connection: Connection<TimelineNode>) => connection.edges.map((edge) => edge.node.eventId);

// Two events a day, tying on valid_from: only the id orders them.
const bySeries: Record<string, TimelineFilter> = {
  'the actor index': {
    actorIds: { anyOf: [ids.putin] },
    dateRange: { from: '2020-01-01T00:00:00Z', to: '2020-12-01T00:00:00Z' },
  },
  'the timeline index': { dateRange: { from: '2020-02-20T00:00:00Z', to: '2020-12-01T00:00:00Z' } },
  'a dyad': { dyad: { actors: [ids.erdogan, ids.putin] }, dateRange: { to: '2020-12-01T00:00:00Z' } },
  'a country dyad': {
    dyad: { countries: ['TUR', 'RUS'] },
    dateRange: { from: '2020-03-01T00:00:00Z', to: '2020-12-01T00:00:00Z' },
  },
  'several actors': {
    actorIds: { anyOf: [ids.putin, ids.erdogan] },
    dateRange: { from: '2020-03-01T00:00:00Z', to: '2020-12-01T00:00:00Z' },
  },
};

async function walkForward(
  filter: TimelineFilter,
  order: SortOrder,
  size: number,
): Promise<{ ids: string[]; pages: Connection<TimelineNode>[] }> {
  const pages: Connection<TimelineNode>[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await queries.timeline(filter, { order, first: size, ...(after ? { after } : {}) });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor!;
  }
  return { ids: pages.flatMap(eventIds), pages };
}

async function walkBackward(
  filter: TimelineFilter,
  order: SortOrder,
  size: number,
): Promise<{ ids: string[]; pages: Connection<TimelineNode>[] }> {
  const pages: Connection<TimelineNode>[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await queries.timeline(filter, { order, last: size, ...(before ? { before } : {}) });
    pages.unshift(page);
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor!;
  }
  return { ids: pages.flatMap(eventIds), pages };
}

describe.each(Object.entries(bySeries))('paging through %s', (_, filter) => {
  it.each([
    ['ASC', 2],
    ['ASC', 7],
    ['DESC', 3],
    ['DESC', 25],
  ] as const)('forward with first/after, %s, pages of %i', async (order, size) => {
    const { ids: walked, pages } = await walkForward(filter, order, size);
    expect(walked).toEqual(order === 'ASC' ? series : [...series].reverse());
    expect(pages.length).toBe(Math.ceil(series.length / size));
    expect(pages[0]!.pageInfo.hasPreviousPage).toBe(false);
    for (const page of pages.slice(1)) expect(page.pageInfo.hasPreviousPage).toBe(true);
    expect(await queries.count(filter)).toBe(series.length);
  });

  it.each([
    ['ASC', 2],
    ['ASC', 7],
    ['DESC', 3],
    ['DESC', 100],
  ] as const)('backward with last/before, %s, pages of %i', async (order, size) => {
    const { ids: walked, pages } = await walkBackward(filter, order, size);
    expect(walked).toEqual(order === 'ASC' ? series : [...series].reverse());
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    for (const page of pages.slice(0, -1)) expect(page.pageInfo.hasNextPage).toBe(true);
  });
});

describe('cursors', () => {
  const filter = bySeries['the actor index']!;

  it('are stable: the same row has the same cursor in either order and on any page', async () => {
    const asc = await walkForward(filter, 'ASC', 4);
    const desc = await walkForward(filter, 'DESC', 5);
    const ascCursors = new Map(asc.pages.flatMap((p) => p.edges.map((e) => [e.node.eventId, e.cursor] as const)));
    for (const edge of desc.pages.flatMap((p) => p.edges)) expect(edge.cursor).toBe(ascCursors.get(edge.node.eventId));
  });

  it('taken in one order can be used in the other', async () => {
    const first = await queries.timeline(filter, { order: 'ASC', first: 4 });
    const cursor = first.edges[3]!.cursor; // the 4th event
    expect(eventIds(await queries.timeline(filter, { order: 'DESC', after: cursor, first: 10 }))).toEqual(
      series.slice(0, 3).reverse(),
    );
    expect(eventIds(await queries.timeline(filter, { order: 'ASC', before: cursor, last: 2 }))).toEqual(
      series.slice(1, 3),
    );
  });

  it('after and before together bound a window', async () => {
    const all = await queries.timeline(filter, { first: 25 });
    const window = { after: all.edges[2]!.cursor, before: all.edges[10]!.cursor };
    expect(eventIds(await queries.timeline(filter, { ...window, first: 100 }))).toEqual(series.slice(3, 10));
    expect(eventIds(await queries.timeline(filter, { ...window, last: 3 }))).toEqual(series.slice(7, 10));
    const firstTwo = await queries.timeline(filter, { ...window, first: 2 });
    expect(firstTwo.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('page info of a page and an empty page', async () => {
    const page = await queries.timeline(filter, { first: 3 });
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page.edges[0]!.cursor,
      endCursor: page.edges[2]!.cursor,
    });
    const empty = await queries.timeline({ ...filter, kinds: ['AGREEMENT'] }, { first: 3 });
    expect(empty).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
    const none = await queries.timeline(filter, { first: 0 });
    expect(none.edges).toEqual([]);
    expect(none.pageInfo.hasNextPage).toBe(true);
  });

  it('default to the first 20', async () => {
    expect(eventIds(await queries.timeline(filter))).toEqual(series.slice(0, 20));
  });
});

describe('actors', () => {
  const names = async (options: ActorsOptions) => (await queries.actors(options)).edges.map((edge) => edge.node.name);

  it('by name, case-insensitively, then id; merged duplicates left out unless asked for', async () => {
    expect(await names({ first: 100 })).toEqual([
      'Ali Khamenei',
      'Caspian 5_Summit',
      'Ebrahim Raisi',
      'Iran',
      'Recep Tayyip Erdogan',
      'Russia',
      'Syria',
      'Turkey',
      'Vladimir Putin',
    ]);
    // Both Putins have the same lower-case name: the id breaks the tie.
    expect((await queries.actors({ search: 'putin', includeMerged: true })).edges.map((e) => e.node.actorId)).toEqual([
      ids.putin,
      ids.putinImported,
    ]);
  });

  it('paged with first/after', async () => {
    const first = await queries.actors({ first: 4 });
    expect(first.edges.map((e) => e.node.name)).toEqual(['Ali Khamenei', 'Caspian 5_Summit', 'Ebrahim Raisi', 'Iran']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await queries.actors({ first: 4, after: first.pageInfo.endCursor! });
    expect(second.edges.map((e) => e.node.name)).toEqual(['Recep Tayyip Erdogan', 'Russia', 'Syria', 'Turkey']);
    const third = await queries.actors({ first: 4, after: second.pageInfo.endCursor! });
    expect(third.edges.map((e) => e.node.name)).toEqual(['Vladimir Putin']);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('searched in names and aliases', async () => {
    expect(await names({ search: 'PUTIN' })).toEqual(['Vladimir Putin']);
    expect(await names({ search: 'Erdoğan' })).toEqual(['Recep Tayyip Erdogan']);
    expect(await names({ search: 'ayatollah' })).toEqual(['Ali Khamenei']);
    expect(await names({ search: 'islamic republic' })).toEqual(['Iran']);
  });

  it('takes LIKE wildcards in the search literally', async () => {
    expect(await names({ search: '5_s' })).toEqual(['Caspian 5_Summit']);
    expect(await names({ search: '_' })).toEqual(['Caspian 5_Summit']);
    expect(await names({ search: '5%s' })).toEqual([]);
    expect(await names({ search: '%' })).toEqual([]);
    expect(await names({ search: 'n\\5' })).toEqual([]);
  });

  it('actorById gives the doc and mergedInto', async () => {
    const duplicate = await queries.actorById(ids.putinImported);
    expect(duplicate).toMatchObject({
      actorId: ids.putinImported,
      name: 'VLADIMIR PUTIN',
      mergedInto: ids.putin,
      country: 'RUS',
      kind: 'PERSON',
    });
    expect(duplicate!.doc).toMatchObject({ status: 'MERGED', mergedInto: ids.putin });
    expect((await queries.actorById(ids.putin))!.doc.absorbedActorIds).toEqual([ids.putinImported]);
    expect(await queries.actorById(ids.unknownActor)).toBeNull();
  });
});

describe('bad input is refused with the field named', () => {
  const refused = async (work: () => Promise<unknown>, field: string) => {
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryInputError);
    expect((error as QueryInputError).field).toBe(field);
    expect((error as QueryInputError).code).toBe('BAD_USER_INPUT');
  };
  const timeline =
    (filter: unknown, options: Record<string, unknown> = {}) =>
    () =>
      queries.timeline(filter as TimelineFilter, options);

  it('page sizes and paging arguments', async () => {
    await refused(timeline({}, { first: 101 }), 'first');
    await refused(timeline({}, { first: -1 }), 'first');
    await refused(timeline({}, { first: 1.5 }), 'first');
    await refused(timeline({}, { last: 1000 }), 'last');
    await refused(timeline({}, { first: 2, last: 2 }), 'last');
    await refused(timeline({}, { order: 'UP' }), 'order');
    await refused(() => queries.actors({ first: 500 }), 'first');
  });

  it('cursors', async () => {
    await refused(timeline({}, { after: 'garbage!' }), 'after');
    await refused(timeline({}, { after: Buffer.from('t1|2022-07-19|x').toString('base64url') }), 'after');
    await refused(timeline({}, { before: 'dGhpcyBpcyBub3Q' }), 'before');
    const actorCursor = (await queries.actors({ first: 1 })).pageInfo.endCursor!;
    await refused(timeline({}, { after: actorCursor }), 'after');
    const eventCursor = (await queries.timeline({}, { first: 1 })).pageInfo.endCursor!;
    await refused(() => queries.actors({ after: eventCursor }), 'after');
  });

  it('ids, codes, kinds and topics, by position in their list', async () => {
    await refused(timeline({ actorIds: { anyOf: [ids.putin, 'putin'] } }), 'filter.actorIds.anyOf.1');
    await refused(timeline({ actorIds: { allOf: [] } }), 'filter.actorIds.allOf');
    await refused(timeline({ actorIds: { anyOf: 'x' } }), 'filter.actorIds.anyOf');
    await refused(timeline({ dyad: { actors: [ids.putin] } }), 'filter.dyad.actors');
    await refused(timeline({ dyad: { actors: [ids.putin, ids.putin] } }), 'filter.dyad.actors.1');
    await refused(timeline({ dyad: { countries: ['IRN', 'tur'] } }), 'filter.dyad.countries.1');
    await refused(timeline({ countries: ['rus'] }), 'filter.countries.0');
    await refused(timeline({ locationCountries: ['IRN', 'XXX'] }), 'filter.locationCountries.1');
    await refused(timeline({ kinds: ['MEETINGS'] }), 'filter.kinds.0');
    await refused(timeline({ cameoCodes: ['999'] }), 'filter.cameoCodes.0');
    await refused(timeline({ cameoRootCodes: ['4'] }), 'filter.cameoRootCodes.0');
    await refused(timeline({ topics: ['syria', '!!'] }), 'filter.topics.1');
    await refused(
      timeline({ actorIds: { anyOf: Array.from({ length: 101 }, () => ids.putin) } }),
      'filter.actorIds.anyOf',
    );
    await refused(timeline({ colour: 'red' }), 'filter.colour');
    await refused(() => queries.eventById('nope'), 'eventId');
    await refused(() => queries.actorById('nope'), 'actorId');
  });

  it('text and dates', async () => {
    await refused(timeline({ text: 'x'.repeat(501) }), 'filter.text');
    await refused(timeline({ text: '   ' }), 'filter.text');
    await refused(timeline({ placeName: 'x'.repeat(201) }), 'filter.placeName');
    await refused(() => queries.actors({ search: 'x'.repeat(501) }), 'search');
    await refused(timeline({ dateRange: { from: '2022-07-19' } }), 'filter.dateRange.from');
    await refused(timeline({ dateRange: { to: '2022-07-19T25:00:00Z' } }), 'filter.dateRange.to');
    await refused(
      timeline({ dateRange: { from: '2022-07-19T00:00:00Z', to: '2022-07-19T00:00:00Z' } }),
      'filter.dateRange.to',
    );
    await refused(timeline({}, { asOf: new Date('not a date') }), 'asOf');
    await refused(timeline({}, { includeRetracted: 'yes' }), 'includeRetracted');
  });

  it('buckets', async () => {
    await refused(() => queries.buckets({}, { bucket: 'HOUR' as 'DAY' }), 'bucket');
    await refused(() => queries.buckets({}, { bucket: 'DAY', timeZone: 'Mars/Olympus' }), 'timeZone');
    await refused(() => queries.buckets({}, { bucket: 'DAY', timeZone: '+03:00' }), 'timeZone');
    await refused(() => queries.buckets({ kinds: ['X' as 'MEETING'] }, { bucket: 'DAY' }), 'filter.kinds.0');
  });

  it('a long but valid text is fine, and quotes or operators in it are no syntax error', async () => {
    await expect(queries.timeline({ text: `"unclosed ${'a '.repeat(200)} or -` })).resolves.toMatchObject({
      edges: [],
    });
    await expect(queries.timeline({ text: "'); DROP TABLE x; --" })).resolves.toMatchObject({ edges: [] });
  });
});
