import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/diplomacy/actors/actor-types';
import type { TemporalPoint } from '../../src/diplomacy/temporal';
import { TimelineQueries, type TimelineFilter, type TimelineOptions } from '../../src/timelines/queries/index';
import {
  eventDoc,
  insertEvents,
  loadSyntheticReadModel,
  retracted,
  syntheticActorId,
  type EventHistory,
} from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Date ranges with a start: an event that began before `from` and still runs then belongs to the
 * range, however long before it began. Pages and counts are checked against the overlap condition
 * evaluated by brute force, on synthetic events plus events of every kind of span around 2015-01-01.
 */
let db: TestDatabase;
let queries: TimelineQueries;

const a = syntheticActorId(1); // the busiest synthetic actor (IRN)
const b = syntheticActorId(2); // (TUR)
const from = '2015-01-01T00:00:00.000Z';
const to = '2016-01-01T00:00:00.000Z';
const retractedAt = new Date('2023-06-01T00:00:00Z');

const day = (value: string, timeZone = 'UTC'): TemporalPoint => ({ value, precision: 'DAY', timeZone });
const around = {
  /** Starts three months before `from` and ends inside the range: long, and found by the GiST index. */
  longInto: 'e0000000-0000-4000-8000-000000000001',
  /** 2015 in Tokyo: starts on 31 December 2014 at 15:00 UTC, a few hours before `from`. */
  yearInTokyo: 'e0000000-0000-4000-8000-000000000002',
  /** 31 December 2014 in Los Angeles: 08:00 UTC to 08:00 UTC, across `from`. */
  dayAcross: 'e0000000-0000-4000-8000-000000000003',
  /** 31 December 2014 in UTC: ends exactly at `from`, so it does not overlap. */
  endsAtFrom: 'e0000000-0000-4000-8000-000000000004',
  /** March to December 2014: long, but over before `from`. */
  longBefore: 'e0000000-0000-4000-8000-000000000005',
  /** December 2014 in New York: ends on 1 January at 05:00 UTC. */
  monthAcross: 'e0000000-0000-4000-8000-000000000006',
  /** 2010 to 2016: contains the whole range. */
  years: 'e0000000-0000-4000-8000-000000000007',
  /** Long, across `from`, and retracted in 2023. */
  retractedLong: 'e0000000-0000-4000-8000-000000000008',
} as const;

function aroundFrom(): EventHistory[] {
  const meeting = (eventId: string, start: TemporalPoint, end: TemporalPoint | null = null) => [
    {
      recordedAt: new Date('2022-06-01T00:00:00Z'),
      doc: eventDoc({
        eventId,
        kind: 'MEETING',
        title: `Talks ${eventId.slice(-1)}`,
        start,
        end,
        participants: [
          { actorId: a, role: 'HOST' },
          { actorId: b, role: 'GUEST' },
        ],
      }),
    },
  ];
  const retractedLong = meeting(around.retractedLong, day('2014-06-01'), day('2015-03-01'));
  return [
    meeting(around.longInto, day('2014-10-01'), day('2015-02-15')),
    meeting(around.yearInTokyo, { value: '2015', precision: 'YEAR', timeZone: 'Asia/Tokyo' }),
    meeting(around.dayAcross, day('2014-12-31', 'America/Los_Angeles')),
    meeting(around.endsAtFrom, day('2014-12-31')),
    meeting(around.longBefore, day('2014-03-01'), day('2014-12-20')),
    meeting(around.monthAcross, { value: '2014-12', precision: 'MONTH', timeZone: 'America/New_York' }),
    meeting(
      around.years,
      { value: '2010', precision: 'YEAR', timeZone: 'UTC' },
      { value: '2016', precision: 'YEAR', timeZone: 'UTC' },
    ),
    [...retractedLong, { recordedAt: retractedAt, doc: retracted(retractedLong[0]!.doc, 'never happened') }],
  ];
}

const actor = (actorId: string, country: string): Actor => ({
  actorId,
  kind: 'PERSON',
  name: actorId,
  aliases: [],
  country,
  cameoCode: null,
  roles: [],
  status: 'ACTIVE',
  mergedInto: null,
  absorbedActorIds: [],
});

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: 6000, actors: 100 });
  await insertEvents(db.pool, 'rm_1', aroundFrom(), [actor(a, 'IRN'), actor(b, 'TUR')]);
  await db.pool.query('VACUUM ANALYZE rm_1.event_versions');
  await db.pool.query('VACUUM ANALYZE rm_1.event_participants');
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
}, 300_000);
afterAll(() => db.drop());

/** Every event of the filter, page after page. */
async function walk(filter: TimelineFilter, options: TimelineOptions, size: number): Promise<string[]> {
  const found: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await queries.timeline(filter, { ...options, first: size, ...(after ? { after } : {}) });
    found.push(...page.edges.map((edge) => edge.node.eventId));
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor!;
  }
}

const filters: Record<string, [TimelineFilter, string]> = {
  'an actor': [{ actorIds: { anyOf: [a] } }, `$4::uuid = ANY (v.actor_ids) AND $5::uuid IS NOT NULL`],
  'two actors (anyOf)': [{ actorIds: { anyOf: [a, syntheticActorId(3)] } }, `v.actor_ids && ARRAY[$4::uuid, $5::uuid]`],
  'a dyad': [{ dyad: { actors: [a, b] } }, `v.actor_ids @> ARRAY[$4::uuid, $5::uuid]`],
  'a country dyad': [
    { dyad: { countries: ['IRN', 'TUR'] } },
    `EXISTS (SELECT 1 FROM rm_1.event_participants x JOIN rm_1.event_participants y ON y.event_id = x.event_id AND y.version = x.version AND y.actor_id <> x.actor_id
              WHERE x.event_id = v.event_id AND x.version = v.version AND x.actor_country = 'IRN' AND y.actor_country = 'TUR') AND $4::uuid IS NOT NULL AND $5::uuid IS NOT NULL`,
  ],
  'a CAMEO code': [{ cameoCodes: ['040'] }, `v.cameo_code = '040' AND $4::uuid IS NOT NULL AND $5::uuid IS NOT NULL`],
  'the whole timeline': [{}, `$4::uuid IS NOT NULL AND $5::uuid IS NOT NULL`],
};

/** The events matching, by brute force: every version current at asOf whose interval overlaps the range. */
async function expectedFor(
  name: string,
  options: { asOf?: Date; order?: 'ASC' | 'DESC'; range?: { from?: string; to?: string } } = {},
): Promise<string[]> {
  const [, where] = filters[name]!;
  const second = name === 'two actors (anyOf)' ? syntheticActorId(3) : b;
  const dir = options.order ?? 'ASC';
  const range = options.range ?? { from, to };
  const { rows } = await db.pool.query<{ event_id: string }>(
    `SELECT v.event_id FROM rm_1.event_versions v
      WHERE ($1::timestamptz IS NULL AND v.recorded_to = 'infinity' OR v.recorded_from <= $1 AND v.recorded_to > $1)
        AND NOT v.retracted
        AND ($2::timestamptz IS NULL OR v.valid_to > $2) AND ($3::timestamptz IS NULL OR v.valid_from < $3)
        AND ${where}
      ORDER BY v.valid_from ${dir}, v.event_id ${dir}`,
    [options.asOf ?? null, range.from ?? null, range.to ?? null, a, second],
  );
  return rows.map((row) => row.event_id);
}

describe('an ascending page from a range start finds the events that began before it and still run', () => {
  it('the actor page of 2015 opens with the events running on 1 January, however long before they began', async () => {
    const page = await queries.timeline({ actorIds: { anyOf: [a] }, dateRange: { from, to } }, { first: 50 });
    const ids = page.edges.map((edge) => edge.node.eventId);
    // In valid_from order: 2010, October 2014, December 2014 (New York), 31 December (Los Angeles), 31 December 15:00 UTC (Tokyo).
    expect(ids.slice(0, 5)).toEqual([
      around.years,
      around.longInto,
      around.monthAcross,
      around.dayAcross,
      around.yearInTokyo,
    ]);
    expect(ids).not.toContain(around.endsAtFrom);
    expect(ids).not.toContain(around.longBefore);
    expect(ids).not.toContain(around.retractedLong);
    expect(ids).toEqual((await expectedFor('an actor')).slice(0, 50));
  });

  it('as known before the retraction, the retracted long event is there too', async () => {
    const asOf = new Date(retractedAt.getTime() - 1);
    const page = await queries.timeline({ actorIds: { anyOf: [a] }, dateRange: { from, to } }, { first: 50, asOf });
    const ids = page.edges.map((edge) => edge.node.eventId);
    expect(ids.slice(0, 3)).toEqual([around.years, around.retractedLong, around.longInto]);
    expect(ids).toEqual((await expectedFor('an actor', { asOf })).slice(0, 50));
  });
});

describe.each(Object.keys(filters))('pages and counts equal the overlap condition: %s', (name) => {
  const [filter] = filters[name]!;
  const ranged: TimelineFilter = { ...filter, dateRange: { from, to } };

  it.each(['ASC', 'DESC'] as const)('%s, every page of 40', async (order) => {
    expect(await walk(ranged, { order }, 40)).toEqual(await expectedFor(name, { order }));
  });

  it('only a start', async () => {
    const onlyFrom: TimelineFilter = { ...filter, dateRange: { from } };
    const expect50 = (await expectedFor(name, { range: { from } })).slice(0, 50);
    expect((await queries.timeline(onlyFrom, { first: 50 })).edges.map((edge) => edge.node.eventId)).toEqual(expect50);
  });

  it('counts', async () => {
    expect(await queries.count(ranged)).toBe((await expectedFor(name)).length);
    const asOf = new Date(retractedAt.getTime() - 1);
    expect(await queries.count(ranged, { asOf })).toBe((await expectedFor(name, { asOf })).length);
  });
});
