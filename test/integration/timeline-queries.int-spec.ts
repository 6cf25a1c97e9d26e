import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection, TimelineFilter, TimelineNode, TimelineOptions } from '../../src/timelines/queries/index';
import { activeSchemaFrom, TimelineQueries } from '../../src/timelines/queries/index';
import { ids, loadStory, recordTimes } from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let queries: TimelineQueries;
let paging: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  ({ paging } = await loadStory(db.pool));
  queries = new TimelineQueries(db.pool, activeSchemaFrom(db.pool));
});
afterAll(() => db.drop());

const eventIds = (connection: Connection<TimelineNode>) => connection.edges.map((edge) => edge.node.eventId);
const find = async (filter: TimelineFilter, options: TimelineOptions = {}) =>
  eventIds(await queries.timeline(filter, { first: 100, ...options }));

const year = (y: number) => ({ from: `${y}-01-01T00:00:00Z`, to: `${y + 1}-01-01T00:00:00Z` });
/** The six events of 19 July 2022 (Tehran) tie on valid_from and come in id order. */
const tehranDay = [
  ids.visit,
  ids.khameneiTalks,
  ids.summit,
  ids.currenciesStatement,
  ids.syriaWarning,
  ids.syriaAgreement,
];

describe('the whole timeline, as known now', () => {
  it('lists every current, unretracted event by when it happened, then by id', async () => {
    expect(await find({})).toEqual([
      ids.ankaraStatement2019,
      ids.astanaRound2020,
      ...paging,
      ids.tradeTalks2021,
      ...tehranDay,
      ids.phoneCall2023,
    ]);
    expect(await queries.count({})).toBe(34);
  });

  it('in descending order too', async () => {
    expect(await find({}, { order: 'DESC' })).toEqual(
      [
        ids.ankaraStatement2019,
        ids.astanaRound2020,
        ...paging,
        ids.tradeTalks2021,
        ...tehranDay,
        ids.phoneCall2023,
      ].reverse(),
    );
  });
});

describe('filters', () => {
  it('actorIds.anyOf: one actor, with the events recorded under a duplicate merged into it', async () => {
    // The talks with Khamenei were recorded under the imported "VLADIMIR PUTIN", merged into Putin since.
    expect(await find({ actorIds: { anyOf: [ids.putin] }, dateRange: year(2022) })).toEqual([
      ids.visit,
      ids.khameneiTalks,
      ids.summit,
      ids.currenciesStatement,
      ids.syriaAgreement,
    ]);
    expect(await queries.count({ actorIds: { anyOf: [ids.putin] } })).toBe(30);
  });

  it('an actor id that was merged stands for its survivor', async () => {
    expect(await find({ actorIds: { anyOf: [ids.putinImported] }, dateRange: year(2022) })).toEqual([
      ids.visit,
      ids.khameneiTalks,
      ids.summit,
      ids.currenciesStatement,
      ids.syriaAgreement,
    ]);
    expect(await find({ dyad: { actors: [ids.putinImported, ids.khamenei] } })).toEqual([
      ids.khameneiTalks,
      ids.currenciesStatement,
    ]);
  });

  it('actorIds.anyOf: several actors, each event once', async () => {
    expect(await find({ actorIds: { anyOf: [ids.khamenei, ids.erdogan] }, dateRange: year(2022) })).toEqual([
      ids.khameneiTalks,
      ids.summit,
      ids.currenciesStatement,
      ids.syriaWarning,
      ids.syriaAgreement,
    ]);
    expect(await queries.count({ actorIds: { anyOf: [ids.khamenei, ids.erdogan] }, dateRange: year(2022) })).toBe(5);
  });

  it('actorIds.allOf', async () => {
    expect(await find({ actorIds: { allOf: [ids.putin, ids.erdogan] }, dateRange: year(2022) })).toEqual([
      ids.summit,
      ids.syriaAgreement,
    ]);
    expect(await find({ actorIds: { allOf: [ids.putin, ids.raisi, ids.erdogan] } })).toEqual([
      ids.summit,
      ids.syriaAgreement,
    ]);
    expect(await find({ actorIds: { allOf: [ids.putin], anyOf: [ids.khamenei, ids.raisi] } })).toEqual([
      ids.visit,
      ids.khameneiTalks,
      ids.summit,
      ids.currenciesStatement,
      ids.syriaAgreement,
    ]);
  });

  it('dyad of actors, whichever way round, merged duplicates included', async () => {
    expect(await find({ dyad: { actors: [ids.khamenei, ids.putin] } })).toEqual([
      ids.khameneiTalks,
      ids.currenciesStatement,
    ]);
    expect(await find({ dyad: { actors: [ids.putin, ids.khamenei] } })).toEqual([
      ids.khameneiTalks,
      ids.currenciesStatement,
    ]);
    expect(await find({ dyad: { actors: [ids.putin, ids.erdogan] }, dateRange: year(2022) })).toEqual([
      ids.summit,
      ids.syriaAgreement,
    ]);
    expect(await queries.count({ dyad: { actors: [ids.putin, ids.erdogan] } })).toBe(26);
  });

  it('dyad of countries: actors of both countries take part', async () => {
    expect(await find({ dyad: { countries: ['IRN', 'TUR'] } })).toEqual([
      ids.astanaRound2020,
      ids.summit,
      ids.syriaWarning,
      ids.syriaAgreement,
      ids.phoneCall2023,
    ]);
    // Two different Russian participants: Putin, and Russia mentioned.
    expect(await find({ dyad: { countries: ['RUS', 'RUS'] } })).toEqual([ids.currenciesStatement]);
    // A location is not a participant: Ankara does not make the 2019 statement Turkish-Russian.
    expect(await find({ dyad: { countries: ['RUS', 'TUR'] }, dateRange: { to: '2020-01-01T00:00:00Z' } })).toEqual([]);
    // With an actor driving, the country dyad is checked by probe.
    expect(await find({ actorIds: { anyOf: [ids.raisi] }, dyad: { countries: ['IRN', 'TUR'] } })).toEqual([
      ids.summit,
      ids.syriaAgreement,
      ids.phoneCall2023,
    ]);
    expect(await queries.count({ dyad: { countries: ['IRN', 'TUR'] } })).toBe(5);
  });

  it('countries: a participant’s country or the location’s', async () => {
    expect(await find({ countries: ['SYR'] })).toEqual([
      ids.ankaraStatement2019,
      ids.astanaRound2020,
      ids.summit,
      ids.syriaWarning,
      ids.syriaAgreement,
    ]);
    expect(await find({ countries: ['KAZ'] })).toEqual([ids.astanaRound2020]);
    expect(await find({ countries: ['KAZ', 'SAU'] }, { includeRetracted: true })).toEqual([
      ids.astanaRound2020,
      ids.riyadhVisit,
    ]);
  });

  it('locationCountries', async () => {
    expect(await find({ locationCountries: ['TUR'] })).toEqual([ids.ankaraStatement2019]);
    expect(await find({ locationCountries: ['IRN'] })).toEqual([ids.visit, ids.khameneiTalks, ids.summit]);
  });

  it('kinds, cameoCodes and cameoRootCodes', async () => {
    expect(await find({ kinds: ['AGREEMENT'] })).toEqual([ids.astanaRound2020, ids.syriaAgreement]);
    expect(await find({ cameoCodes: ['042'] })).toEqual([ids.visit]);
    expect(await find({ cameoCodes: ['012', '042'] })).toEqual([ids.visit, ids.syriaWarning]);
    expect(await find({ cameoCodes: ['012', '042'] }, { order: 'DESC' })).toEqual([ids.syriaWarning, ids.visit]);
    expect(await find({ cameoRootCodes: ['01'], dateRange: year(2022) })).toEqual([
      ids.currenciesStatement,
      ids.syriaWarning,
    ]);
    expect(await find({ kinds: ['STATEMENT'], actorIds: { anyOf: [ids.khamenei] } })).toEqual([
      ids.currenciesStatement,
      ids.syriaWarning,
    ]);
    expect(await queries.count({ cameoCodes: ['012', '042'] })).toBe(2);
  });

  it('topics: any of, normalised like recorded topics', async () => {
    expect(await find({ topics: ['national-currencies'] })).toEqual([ids.currenciesStatement]);
    expect(await find({ topics: ['Trade'] })).toEqual([ids.tradeTalks2021, ids.currenciesStatement]);
    expect(await find({ topics: ['de-escalation', 'ukraine'] })).toEqual([ids.astanaRound2020, ids.visit]);
  });

  it('placeName: a case-insensitive substring, wildcards taken literally', async () => {
    expect(await find({ placeName: 'TEHR' })).toEqual([ids.visit, ids.khameneiTalks, ids.summit]);
    expect(await find({ placeName: 'nur-sul' })).toEqual([ids.astanaRound2020]);
    expect(await find({ placeName: '%' })).toEqual([]);
    expect(await find({ placeName: 'T_hran' })).toEqual([]);
  });

  it('text: full-text search of title, summary, statement text and topics', async () => {
    expect(await find({ text: 'currencies' })).toEqual([ids.currenciesStatement]);
    expect(await find({ text: 'terrorists' })).toEqual([ids.syriaWarning]);
    expect(await find({ text: '"national currencies"' })).toEqual([ids.currenciesStatement]);
    expect(await find({ text: 'syria -agree', dateRange: year(2022) })).toEqual([ids.summit, ids.syriaWarning]);
    // The slip was corrected: Saudi Arabia is only in the retracted event now.
    expect(await find({ text: 'Saudi' })).toEqual([]);
    expect(await find({ text: 'Saudi' }, { includeRetracted: true })).toEqual([ids.riyadhVisit]);
  });

  it('filters are ANDed', async () => {
    expect(
      await find({
        actorIds: { anyOf: [ids.erdogan] },
        kinds: ['STATEMENT'],
        topics: ['syria'],
        dateRange: year(2022),
      }),
    ).toEqual([ids.syriaWarning]);
    expect(await find({ countries: ['SYR'], kinds: ['MEETING'] })).toEqual([ids.summit]);
  });
});

describe('dateRange: the event’s valid-time interval overlaps the range', () => {
  it('a YEAR in Moscow starts on 31 December in UTC, so it overlaps UTC 2020 and 2021', async () => {
    expect(await find({ dateRange: year(2021) })).toEqual([ids.tradeTalks2021]);
    expect(await find({ dateRange: year(2020) })).toEqual([ids.astanaRound2020, ...paging, ids.tradeTalks2021]);
  });

  it('a MONTH overlaps a day inside it', async () => {
    expect(await find({ dateRange: { from: '2023-01-15T00:00:00Z', to: '2023-01-16T00:00:00Z' } })).toEqual([
      ids.phoneCall2023,
    ]);
    expect(await find({ dateRange: { from: '2023-01-15T00:00:00Z' } })).toEqual([ids.phoneCall2023]);
    expect(await find({ dateRange: { from: '2023-01-15T00:00:00Z' } }, { order: 'DESC' })).toEqual([ids.phoneCall2023]);
  });

  it('an event with an end overlaps a day between start and end', async () => {
    const range = { from: '2020-02-04T00:00:00Z', to: '2020-02-05T00:00:00Z' };
    expect(await find({ dateRange: range })).toEqual([ids.astanaRound2020]);
    expect(await find({ dateRange: range, actorIds: { anyOf: [ids.iran] } })).toEqual([ids.astanaRound2020]);
    expect(await find({ dateRange: range, actorIds: { anyOf: [ids.iran] } }, { order: 'DESC' })).toEqual([
      ids.astanaRound2020,
    ]);
    expect(await find({ dateRange: { from: '2020-02-05T18:00:00Z' }, kinds: ['AGREEMENT'] })).toEqual([
      ids.syriaAgreement,
    ]);
  });

  it('bounds are half-open: an interval ending at from, or starting at to, does not overlap', async () => {
    // 19 July in Tehran is [2022-07-18T19:30Z, 2022-07-19T19:30Z).
    expect(await find({ dateRange: { from: '2022-07-19T19:30:00Z', to: '2022-07-19T20:00:00Z' } })).toEqual([]);
    expect(await find({ dateRange: { from: '2022-07-18T00:00:00Z', to: '2022-07-18T19:30:00Z' } })).toEqual([]);
    expect(await find({ dateRange: { from: '2022-07-19T19:29:00+00:00', to: '2022-07-19T20:00:00Z' } })).toEqual(
      tehranDay,
    );
  });

  it('only `to`', async () => {
    expect(await find({ dateRange: { to: '2020-01-01T00:00:00Z' } })).toEqual([ids.ankaraStatement2019]);
  });
});

describe('record time: as known at a moment', () => {
  const afterFirst = new Date('2022-07-19T19:00:00Z');
  const afterCorrection = new Date('2022-07-21T00:00:00Z');
  const afterRetraction = new Date('2022-08-02T00:00:00Z');

  it('before the correction: the summit still known as "July 2022", the slip not retracted, no agreement yet', async () => {
    const page = await queries.timeline({ dateRange: year(2022) }, { asOf: afterFirst, first: 100 });
    expect(eventIds(page)).toEqual([
      ids.summit,
      ids.visit,
      ids.khameneiTalks,
      ids.currenciesStatement,
      ids.syriaWarning,
      ids.riyadhVisit,
    ]);
    const visit = page.edges.find((edge) => edge.node.eventId === ids.visit)!.node;
    expect(visit.version).toBe(1);
    expect(visit.recordedFrom).toEqual(recordTimes.first);
    expect(visit.recordedTo).toEqual(recordTimes.corrected);
    expect(visit.doc.summary).toContain('Saudi Arabia');
    // A MONTH-precision start overlaps a range in the middle of the month.
    expect(
      await find({ dateRange: { from: '2022-07-15T00:00:00Z', to: '2022-07-16T00:00:00Z' } }, { asOf: afterFirst }),
    ).toEqual([ids.summit]);
    expect(await find({ text: 'Saudi' }, { asOf: afterFirst })).toEqual([ids.visit, ids.riyadhVisit]);
  });

  it('after the correction, before the retraction', async () => {
    const page = await queries.timeline({ dateRange: year(2022) }, { asOf: afterCorrection, first: 100 });
    expect(eventIds(page)).toEqual([...tehranDay, ids.riyadhVisit]);
    const summit = page.edges.find((edge) => edge.node.eventId === ids.summit)!.node;
    expect(summit.version).toBe(2);
    expect(summit.recordedTo).toBeNull();
    expect(summit.doc.start).toEqual({ value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' });
    expect(summit.doc.revisionCount).toBe(1);
    expect(
      await find(
        { dateRange: { from: '2022-07-15T00:00:00Z', to: '2022-07-16T00:00:00Z' } },
        { asOf: afterCorrection },
      ),
    ).toEqual([]);
  });

  it('after the retraction: left out, unless retracted events are asked for', async () => {
    expect(await find({ dateRange: year(2022) }, { asOf: afterRetraction })).toEqual(tehranDay);
    expect(await find({ dateRange: year(2022) })).toEqual(tehranDay);
    const page = await queries.timeline({ dateRange: year(2022) }, { includeRetracted: true, first: 100 });
    expect(eventIds(page)).toEqual([...tehranDay, ids.riyadhVisit]);
    const riyadh = page.edges.at(-1)!.node;
    expect(riyadh).toMatchObject({
      version: 2,
      retracted: true,
      recordedFrom: recordTimes.retracted,
      recordedTo: null,
    });
    expect(riyadh.doc).toMatchObject({
      status: 'RETRACTED',
      retractionReason: 'Putin did not go to Saudi Arabia on this trip',
    });
    expect(await queries.count({ dateRange: year(2022) }, { includeRetracted: true })).toBe(7);
    expect(await queries.count({ dateRange: year(2022) }, { asOf: afterCorrection })).toBe(7);
  });

  it('before anything was recorded: nothing', async () => {
    expect(await find({}, { asOf: new Date('2022-01-01T00:00:00Z') })).toEqual([]);
    expect(await queries.count({ actorIds: { anyOf: [ids.putin] } }, { asOf: new Date('2022-01-01T00:00:00Z') })).toBe(
      0,
    );
  });

  it('the actor driver honours record time too', async () => {
    expect(await find({ actorIds: { anyOf: [ids.putin] }, dateRange: year(2022) }, { asOf: afterFirst })).toEqual([
      ids.summit,
      ids.visit,
      ids.khameneiTalks,
      ids.currenciesStatement,
      ids.riyadhVisit,
    ]);
  });
});

describe('nodes', () => {
  it('carry participants with their actors, merged duplicates shown as their survivor', async () => {
    const node = (await queries.eventById(ids.khameneiTalks))!;
    expect(node.participants).toEqual([
      {
        actorId: ids.putin,
        roles: ['GUEST'],
        actor: {
          actorId: ids.putin,
          kind: 'PERSON',
          name: 'Vladimir Putin',
          country: 'RUS',
          mergedInto: null,
          version: 1,
        },
      },
      {
        actorId: ids.khamenei,
        roles: ['HOST'],
        actor: {
          actorId: ids.khamenei,
          kind: 'PERSON',
          name: 'Ali Khamenei',
          country: 'IRN',
          mergedInto: null,
          version: 1,
        },
      },
    ]);
    expect(node.doc.participants).toEqual([
      { actorId: ids.putin, role: 'GUEST' },
      { actorId: ids.khamenei, role: 'HOST' },
    ]);
    expect(node.doc.links).toEqual([{ type: 'PART_OF', targetEventId: ids.visit }]);
  });

  it('keep the participants in the recorded order', async () => {
    const node = (await queries.eventById(ids.summit))!;
    expect(node.participants.map((p) => [p.actor?.name, p.roles])).toEqual([
      ['Ebrahim Raisi', ['HOST']],
      ['Vladimir Putin', ['PARTICIPANT']],
      ['Recep Tayyip Erdogan', ['PARTICIPANT']],
      ['Syria', ['MENTIONED']],
    ]);
  });
});

describe('eventById', () => {
  it('returns the current version, retracted or not', async () => {
    expect(await queries.eventById(ids.riyadhVisit)).toMatchObject({
      eventId: ids.riyadhVisit,
      version: 2,
      retracted: true,
    });
    expect(await queries.eventById(ids.visit)).toMatchObject({
      version: 2,
      recordedFrom: recordTimes.corrected,
      recordedTo: null,
    });
  });

  it('as known at a moment', async () => {
    const visit = await queries.eventById(ids.visit, { asOf: new Date('2022-07-19T20:00:00Z') });
    expect(visit).toMatchObject({ version: 1, recordedTo: recordTimes.corrected, retracted: false });
    expect(visit!.doc.summary).toContain('Saudi Arabia');
    expect(await queries.eventById(ids.riyadhVisit, { asOf: new Date('2022-07-25T00:00:00Z') })).toMatchObject({
      version: 1,
      retracted: false,
    });
    expect(await queries.eventById(ids.syriaAgreement, { asOf: new Date('2022-07-19T20:00:00Z') })).toBeNull();
  });

  it('null for an unknown event; upper-case ids are accepted', async () => {
    expect(await queries.eventById(ids.unknownEvent)).toBeNull();
    expect(await queries.eventById(ids.visit.toUpperCase())).toMatchObject({ eventId: ids.visit });
  });
});

describe('buckets', () => {
  const empty = { MEETING: 0, STATEMENT: 0, AGREEMENT: 0 };

  it('by UTC day: 19 July in Tehran began on 18 July in UTC', async () => {
    expect(await queries.buckets({ dateRange: year(2022) }, { bucket: 'DAY' })).toEqual([
      { bucketStart: '2022-07-18', total: 6, byKind: { MEETING: 3, STATEMENT: 2, AGREEMENT: 1 } },
    ]);
    expect(await queries.buckets({ dateRange: year(2022) }, { bucket: 'DAY', includeRetracted: true })).toEqual([
      { bucketStart: '2022-07-18', total: 6, byKind: { MEETING: 3, STATEMENT: 2, AGREEMENT: 1 } },
      { bucketStart: '2022-07-19', total: 1, byKind: { ...empty, MEETING: 1 } },
    ]);
  });

  it('by day in a time zone', async () => {
    expect(
      await queries.buckets(
        { dateRange: year(2022) },
        { bucket: 'DAY', timeZone: 'Asia/Tehran', includeRetracted: true },
      ),
    ).toEqual([
      { bucketStart: '2022-07-19', total: 6, byKind: { MEETING: 3, STATEMENT: 2, AGREEMENT: 1 } },
      { bucketStart: '2022-07-20', total: 1, byKind: { ...empty, MEETING: 1 } },
    ]);
  });

  it('by year, in UTC and in Moscow', async () => {
    expect(await queries.buckets({}, { bucket: 'YEAR' })).toEqual([
      { bucketStart: '2019-01-01', total: 1, byKind: { ...empty, STATEMENT: 1 } },
      { bucketStart: '2020-01-01', total: 26, byKind: { MEETING: 17, STATEMENT: 8, AGREEMENT: 1 } },
      { bucketStart: '2022-01-01', total: 6, byKind: { MEETING: 3, STATEMENT: 2, AGREEMENT: 1 } },
      { bucketStart: '2023-01-01', total: 1, byKind: { ...empty, MEETING: 1 } },
    ]);
    const moscow = await queries.buckets({}, { bucket: 'YEAR', timeZone: 'Europe/Moscow' });
    expect(moscow.map((b) => [b.bucketStart, b.total])).toEqual([
      ['2019-01-01', 1],
      ['2020-01-01', 25],
      ['2021-01-01', 1],
      ['2022-01-01', 6],
      ['2023-01-01', 1],
    ]);
  });

  it('by week (from Monday) and month, with an actor filter', async () => {
    // 1 March 2020 was a Sunday.
    expect(
      await queries.buckets({ actorIds: { anyOf: [ids.putin] }, dateRange: year(2020) }, { bucket: 'WEEK' }),
    ).toEqual([
      { bucketStart: '2020-02-24', total: 2, byKind: { MEETING: 2, STATEMENT: 0, AGREEMENT: 0 } },
      { bucketStart: '2020-03-02', total: 14, byKind: { MEETING: 9, STATEMENT: 5, AGREEMENT: 0 } },
      { bucketStart: '2020-03-09', total: 8, byKind: { MEETING: 5, STATEMENT: 3, AGREEMENT: 0 } },
    ]);
    expect(
      await queries.buckets(
        { actorIds: { anyOf: [ids.putin, ids.erdogan] }, dateRange: year(2020) },
        { bucket: 'MONTH' },
      ),
    ).toEqual([{ bucketStart: '2020-03-01', total: 24, byKind: { MEETING: 16, STATEMENT: 8, AGREEMENT: 0 } }]);
  });

  it('as known at a moment', async () => {
    expect(
      await queries.buckets({ dateRange: year(2022) }, { bucket: 'MONTH', asOf: new Date('2022-07-19T19:00:00Z') }),
    ).toEqual([
      // The summit was "July 2022" in Tehran then: it began on 30 June in UTC.
      { bucketStart: '2022-06-01', total: 1, byKind: { ...empty, MEETING: 1 } },
      { bucketStart: '2022-07-01', total: 5, byKind: { MEETING: 3, STATEMENT: 2, AGREEMENT: 0 } },
    ]);
  });
});
