import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordEvent } from '../../src/diplomacy/events/event-types';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { DomainLogBuilder } from '../../src/timelines/projection/testing/domain-log-builder';
import { activeSchemaFrom, DuplicateCandidateQueries } from '../../src/timelines/queries/index';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Candidates and merges: three entries of one Moscow meeting, the third merged into the first by
 * an editor. The merged one has no candidates (it lives on in its survivor, which would otherwise
 * rank first), and is offered to no one; as known before the merge, it was a candidate.
 */
const id = (n: number) => `7a1d0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const actors = { iran: id(1), russia: id(2) };
const events = { first: id(101), second: id(102), merged: id(103) };

const meeting = (eventId: string, title: string): RecordEvent['data'] => ({
  eventId,
  kind: 'MEETING',
  title,
  start: { value: '2022-03-15', precision: 'DAY', timeZone: 'Europe/Moscow' },
  participants: [actors.iran, actors.russia].map((actorId) => ({ actorId, role: 'PARTICIPANT' as const })),
  meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
});

let db: TestDatabase;
let duplicates: DuplicateCandidateQueries;
let beforeMerge: Date;

beforeAll(async () => {
  db = await createTestDatabase();
  const log = new DomainLogBuilder();
  const must = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`refused: ${what}`);
  };
  must(log.registerActor({ actorId: actors.iran, kind: 'STATE', name: 'Iran', country: 'IRN' }), 'Iran');
  must(log.registerActor({ actorId: actors.russia, kind: 'STATE', name: 'Russia', country: 'RUS' }), 'Russia');
  log.commit();
  must(log.recordEvent(meeting(events.first, 'Iranian and Russian foreign ministers meet in Moscow')), 'first');
  must(log.recordEvent(meeting(events.second, 'Iran and Russia foreign ministers meet in Moscow')), 'second');
  must(log.recordEvent(meeting(events.merged, 'Iranian, Russian foreign ministers meet in Moscow')), 'third');
  log.commit();
  const store = new PostgresEventStore(db.pool);
  await log.appendTo(store);
  await catchUpReadModel(db.pool, db.url, store);
  beforeMerge = new Date();
  must(log.mergeEvents(events.first, [events.merged], 'the same meeting'), 'merge');
  await log.appendTo(store); // the merge's transaction: the builder hands each one out once
  await catchUpReadModel(db.pool, db.url, store);
  duplicates = new DuplicateCandidateQueries(db.pool, activeSchemaFrom(db.pool));
}, 120_000);

afterAll(() => db.drop());

const candidateIds = async (eventId: string, asOf?: Date) =>
  (await duplicates.candidates(eventId, asOf ? { asOf } : {}))!.map((candidate) => candidate.node.eventId);

describe('duplicateCandidates and merged events', () => {
  it('offers a merged duplicate to no one, and finds none for it', async () => {
    expect(await candidateIds(events.first)).toEqual([events.second]);
    expect(await candidateIds(events.second)).toEqual([events.first]);
    expect(await candidateIds(events.merged)).toEqual([]);
  });

  it('as known before the merge, offers the three to each other', async () => {
    expect((await candidateIds(events.merged, beforeMerge)).sort()).toEqual([events.first, events.second]);
  });
});
