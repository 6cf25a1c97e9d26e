import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventSource, RecordEvent } from '../../src/diplomacy/events/event-types';
import type { TemporalPoint } from '../../src/diplomacy/temporal';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { csvLines, ndjsonLines, toTimelineJs } from '../../src/exports/formats/index';
import { exportNodes } from '../../src/exports/timeline-export';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { DomainLogBuilder } from '../../src/timelines/projection/testing/domain-log-builder';
import {
  activeSchemaFrom,
  DuplicateCandidateQueries,
  QueryInputError,
  TimelineQueries,
  type TimelineNode,
} from '../../src/timelines/queries/index';
import { nodeModel } from '../../src/timelines/timeline-node.mapping';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Corroboration and duplicates on a real read model, projected from a log the domain wrote: two
 * editors enter the same Moscow meeting of Iran's and Russia's foreign ministers with slightly
 * different titles and their own sources; the same pair meets again two months later; the same
 * day brings a statement of the pair (another kind) and a Turkish–Russian meeting.
 */
const id = (n: number) => `7a1c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const actors = { iran: id(1), russia: id(2), turkey: id(3), lavrov: id(4), amirabdollahian: id(5) };
const events = {
  firstEntry: id(101),
  secondEntry: id(102),
  laterMeeting: id(103),
  sameDayStatement: id(104),
  turkishMeeting: id(105),
  bare: id(106),
};
const sources = {
  reuters: id(201),
  reutersAgain: id(202),
  tass: id(203),
  ap: id(204),
};

const moscowDay: TemporalPoint = { value: '2022-03-15', precision: 'DAY', timeZone: 'Europe/Moscow' };
const meeting = (
  eventId: string,
  title: string,
  participants: string[],
  start = moscowDay,
  eventSources: EventSource[] = [],
): RecordEvent['data'] => ({
  eventId,
  kind: 'MEETING',
  title,
  start,
  participants: participants.map((actorId) => ({ actorId, role: 'PARTICIPANT' as const })),
  sources: eventSources,
  meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
});

const firstSources: EventSource[] = [
  { sourceId: sources.reuters, publisher: 'Reuters', url: 'https://www.reuters.com/world/iran-russia-talks-1' },
  { sourceId: sources.reutersAgain, publisher: ' reuters ', url: 'https://www.reuters.com/world/iran-russia-talks-2' },
  { sourceId: sources.tass, publisher: 'TASS' },
];

let db: TestDatabase;
let queries: TimelineQueries;
let duplicates: DuplicateCandidateQueries;
/** A moment after the first entry was recorded and before the second was. */
let betweenEntries: Date;

beforeAll(async () => {
  db = await createTestDatabase();
  const log = new DomainLogBuilder();
  const must = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`refused: ${what}`);
  };
  must(log.registerActor({ actorId: actors.iran, kind: 'STATE', name: 'Iran', country: 'IRN' }), 'Iran');
  must(log.registerActor({ actorId: actors.russia, kind: 'STATE', name: 'Russia', country: 'RUS' }), 'Russia');
  must(log.registerActor({ actorId: actors.turkey, kind: 'STATE', name: 'Turkey', country: 'TUR' }), 'Turkey');
  log.commit();
  must(
    log.recordEvent(
      meeting(
        events.firstEntry,
        'Iranian and Russian foreign ministers meet in Moscow',
        [actors.iran, actors.russia],
        moscowDay,
        firstSources,
      ),
    ),
    'first entry',
  );
  must(
    log.recordEvent(
      meeting(events.bare, 'Russia and Turkey hold consultations', [actors.russia, actors.turkey], {
        value: '2021-01-10',
        precision: 'DAY',
        timeZone: 'UTC',
      }),
    ),
    'bare',
  );
  log.commit();
  must(
    log.recordEvent(
      meeting(
        events.secondEntry,
        'Foreign ministers of Iran and Russia met in Moscow',
        [actors.russia, actors.iran],
        moscowDay,
        [{ sourceId: sources.ap, publisher: 'AP', url: 'https://apnews.com/article/iran-russia' }],
      ),
    ),
    'second entry',
  );
  must(
    log.recordEvent(
      meeting(
        events.laterMeeting,
        'Iranian and Russian foreign ministers meet in Tehran',
        [actors.iran, actors.russia],
        {
          value: '2022-05-17',
          precision: 'DAY',
          timeZone: 'Asia/Tehran',
        },
      ),
    ),
    'later meeting',
  );
  must(
    log.recordEvent({
      eventId: events.sameDayStatement,
      kind: 'STATEMENT',
      title: 'Iranian and Russian foreign ministers meet in Moscow, Lavrov says',
      start: moscowDay,
      participants: [
        { actorId: actors.russia, role: 'SPEAKER' },
        { actorId: actors.iran, role: 'ADDRESSEE' },
      ],
      statement: {
        speakerId: actors.russia,
        mode: 'PARAPHRASE',
        text: 'We met.',
        language: 'en',
        addresseeIds: [actors.iran],
      },
    }),
    'statement',
  );
  must(
    log.recordEvent(
      meeting(events.turkishMeeting, 'Turkish and Russian foreign ministers meet in Moscow', [
        actors.turkey,
        actors.russia,
      ]),
    ),
    'Turkish meeting',
  );
  log.commit();
  const store = new PostgresEventStore(db.pool);
  await log.appendTo(store);
  await catchUpReadModel(db.pool, db.url, store);
  queries = new TimelineQueries(db.pool, activeSchemaFrom(db.pool));
  duplicates = new DuplicateCandidateQueries(db.pool, activeSchemaFrom(db.pool));
  const second = (await queries.eventById(events.secondEntry))!;
  betweenEntries = new Date(second.recordedFrom.getTime() - 1);
  expect((await queries.eventById(events.firstEntry, { asOf: betweenEntries }))?.eventId).toBe(events.firstEntry);
}, 120_000);

afterAll(() => db.drop());

const timelineIds = async (filter: Parameters<TimelineQueries['timeline']>[0]) =>
  (await queries.timeline(filter, { first: 100 })).edges.map((edge) => edge.node.eventId);

describe('corroboration fields', () => {
  it('count distinct sources and distinct publishers, case-insensitively after trimming', async () => {
    const first = nodeModel((await queries.eventById(events.firstEntry))!);
    expect(first.sourceCount).toBe(3);
    expect(first.publisherCount).toBe(2);
    expect(first.publishers).toEqual(['Reuters', 'TASS']);
    const bare = nodeModel((await queries.eventById(events.bare))!);
    expect([bare.sourceCount, bare.publisherCount, bare.publishers]).toEqual([0, 0, []]);
  });
});

describe('the minSources filter', () => {
  it('keeps the events with at least that many sources, on the whole timeline and on a dyad', async () => {
    expect(await timelineIds({ minSources: 1 })).toEqual([events.firstEntry, events.secondEntry]);
    expect(await timelineIds({ minSources: 2 })).toEqual([events.firstEntry]);
    expect(await timelineIds({ minSources: 3 })).toEqual([events.firstEntry]);
    expect(await timelineIds({ minSources: 4 })).toEqual([]);
    expect(await timelineIds({ dyad: { countries: ['IRN', 'RUS'] }, minSources: 2 })).toEqual([events.firstEntry]);
    expect(await timelineIds({ actorIds: { anyOf: [actors.russia] }, minSources: 1 })).toEqual([
      events.firstEntry,
      events.secondEntry,
    ]);
    expect(await queries.count({ minSources: 2 })).toBe(1);
    const buckets = await queries.buckets({ minSources: 1 }, { bucket: 'YEAR' });
    expect(buckets.map((bucket) => [bucket.bucketStart, bucket.total])).toEqual([['2022-01-01', 2]]);
  });

  it('is refused outside 1..100 with its field path', async () => {
    for (const bad of [0, -1, 101, 2_147_483_647, 1.5]) {
      const refused = await queries.timeline({ minSources: bad }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(QueryInputError);
      expect(refused).toMatchObject({ field: 'filter.minSources' });
    }
  });
});

describe('exports', () => {
  const exported = async () => {
    const nodes: TimelineNode[] = [];
    for await (const node of exportNodes(queries, { eventIds: [events.firstEntry] }, {})) nodes.push(node);
    return nodes;
  };

  it('carry every source of an event: CSV, NDJSON and TimelineJS', async () => {
    const nodes = await exported();
    expect(nodes).toHaveLength(1);
    const [, row] = [...csvLines(nodes)];
    expect(row).toContain(
      'https://www.reuters.com/world/iran-russia-talks-1; https://www.reuters.com/world/iran-russia-talks-2',
    );
    expect(row!.trimEnd().endsWith(',3,Reuters; TASS,')).toBe(true);
    const [line] = [...ndjsonLines(nodes)];
    expect((JSON.parse(line!) as { sources: EventSource[] }).sources.map((s) => s.sourceId)).toEqual([
      sources.reuters,
      sources.reutersAgain,
      sources.tass,
    ]);
    const text = toTimelineJs(nodes).events[0]!.text.text;
    expect(text).toContain('href="https://www.reuters.com/world/iran-russia-talks-1"');
    expect(text).toContain('href="https://www.reuters.com/world/iran-russia-talks-2"');
    expect(text).toContain('TASS');
  });
});

describe('duplicateCandidates', () => {
  it('ranks the same meeting entered by another editor first, with its reason', async () => {
    const found = (await duplicates.candidates(events.firstEntry))!;
    expect(found[0]!.node.eventId).toBe(events.secondEntry);
    expect(found[0]!.reason).toMatch(/^same participants \(Iran, Russia\), same day, titles \d+% similar$/);
    expect(found[0]!.score).toBeGreaterThan(0.7);
    expect(found[0]!.score).toBeLessThanOrEqual(1);
    expect(found[0]!.sharedActorIds.sort()).toEqual([actors.iran, actors.russia].sort());
    expect(found[0]!.sharedCountries).toEqual(['IRN', 'RUS']);
    // The other way round too.
    expect((await duplicates.candidates(events.secondEntry))![0]!.node.eventId).toBe(events.firstEntry);
  });

  it('leaves out the same pair in another month and events of another kind; a meeting sharing one party ranks lower', async () => {
    const found = (await duplicates.candidates(events.firstEntry))!;
    const ids = found.map((candidate) => candidate.node.eventId);
    expect(ids).not.toContain(events.laterMeeting);
    expect(ids).not.toContain(events.sameDayStatement);
    expect(ids).not.toContain(events.firstEntry);
    // Same day, one party of two, a title built alike: a candidate, well below the true duplicate.
    expect(ids).toEqual([events.secondEntry, events.turkishMeeting]);
    const turkish = found[1]!;
    expect(turkish.score).toBeLessThan(found[0]!.score - 0.2);
    expect(turkish.reason).toMatch(/^shares participants \(Russia\), same day, titles \d+% similar$/);
    expect(turkish.sharedCountries).toEqual(['RUS']);
    for (const candidate of found) expect(candidate.score).toBeGreaterThanOrEqual(0.4);
  });

  it('answers as known at asOf: before the second entry was recorded it was no candidate', async () => {
    const ids = (await duplicates.candidates(events.firstEntry, { asOf: betweenEntries }))!.map((c) => c.node.eventId);
    expect(ids).not.toContain(events.secondEntry);
    expect(await duplicates.candidates(events.secondEntry, { asOf: betweenEntries })).toBeNull();
  });

  it('gives at most first candidates, and null for an unknown event', async () => {
    expect(await duplicates.candidates(events.firstEntry, { first: 1 })).toHaveLength(1);
    expect(await duplicates.candidates(id(999))).toBeNull();
    expect(await duplicates.candidates(events.bare)).toEqual([]);
  });

  it('refuses a bad id and a first outside 1..20', async () => {
    await expect(duplicates.candidates('not-a-uuid')).rejects.toMatchObject({ field: 'eventId' });
    for (const first of [0, -3, 21, 1_000_000])
      await expect(duplicates.candidates(events.firstEntry, { first })).rejects.toMatchObject({ field: 'first' });
  });
});
