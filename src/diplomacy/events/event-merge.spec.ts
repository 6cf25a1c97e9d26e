import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import {
  currenciesStatementRecorded,
  ids,
  recordedBy,
  recordKhameneiTalks,
  summitRecorded,
  visitRecorded,
} from '../testing/tehran-2022';
import { diplomaticEventDecider, evolveEvent, initialEventState } from './event-decider';
import { MERGE_LIMITS, decideEventMerge, decideEventSplit, survivorOf } from './event-merge';
import type {
  DiplomaticEventEvent,
  DiplomaticEventState,
  EventMergeFact,
  EventRecorded,
  EventSource,
  MergeProvenance,
} from './event-types';

/** The visit as a GDELT import recorded it a second time: the same Reuters article, and AP's. */
const reportedVisitId = '5b0d7c2e-61f4-4d8a-9a57-3c8f2f0d9e11';
const apSource: EventSource = { sourceId: ids.apSource, publisher: 'AP', title: 'Putin in Tehran' };
const gdeltProvenance: MergeProvenance = { source: 'GDELT', externalId: '887511234', lineNumber: 12 };
function reportedVisitRecorded(): EventRecorded {
  const recorded = visitRecorded();
  return {
    type: 'EventRecorded',
    data: {
      ...recorded.data,
      eventId: reportedVisitId,
      title: 'Russia visits Iran',
      sources: [recorded.data.sources[0]!, apSource],
    },
  };
}
const talksRecorded = () => recordedBy(recordKhameneiTalks());
const reason = 'the GDELT row reports the same visit';
const merged = (eventId: string, into: string): EventMergeFact => ({
  type: 'EventMerged',
  data: { eventId, into, reason },
});
const absorbedFrom = (eventId: string, duplicateId: string, sources: EventSource[], reports = 1): EventMergeFact => ({
  type: 'EventAbsorbed',
  data: {
    eventId,
    duplicateId,
    sources: sources.map((source) => ({ ...source, mergedFrom: duplicateId })),
    reports,
    provenance: null,
    reason,
  },
});
const retracted = (eventId: string): DiplomaticEventEvent => ({
  type: 'EventRetracted',
  data: { eventId, reason: 'did not happen' },
});

type Streams = Record<string, DiplomaticEventEvent[]>;
type MergeCommand = { survivorId: string; duplicateIds: string[]; reason: string };

/**
 * Given/when/then for merges, which span several streams: given each stream's events, when a
 * merge is decided as the application layer decides it (the survivor resolved through mergedInto,
 * each duplicate with its import provenance), then these facts or this refusal.
 */
function given(streams: Streams, provenance: Record<string, MergeProvenance> = {}) {
  const stateOf = (eventId: string): DiplomaticEventState =>
    (streams[eventId] ?? []).reduce(evolveEvent, initialEventState());
  const mergedIntoOf = (eventId: string) => {
    const state = stateOf(eventId);
    return state.status === 'NOT_RECORDED' ? undefined : state.mergedInto;
  };
  const decide = (command: MergeCommand) =>
    decideEventMerge({
      survivorId: command.survivorId,
      survivor: stateOf(survivorOf(command.survivorId, mergedIntoOf)),
      duplicates: command.duplicateIds.map((eventId) => ({
        eventId,
        state: stateOf(eventId),
        provenance: provenance[eventId] ?? null,
      })),
      reason: command.reason,
    });
  const fold = (eventId: string, events: DiplomaticEventEvent[]) => events.reduce(evolveEvent, stateOf(eventId));
  return {
    stateOf,
    whenMerged(command: MergeCommand) {
      return {
        then: (expected: ReturnType<typeof decideEventMerge>) => expect(decide(command)).toEqual(expected),
        thenStates(check: (stateAfter: (eventId: string) => DiplomaticEventState) => void) {
          const decision = decide(command);
          const after = new Map<string, DiplomaticEventState>();
          for (const { eventId, events } of decision.duplicateEvents) after.set(eventId, fold(eventId, events));
          const survivorId = decision.survivorEvents[0]?.data.eventId;
          if (survivorId) after.set(survivorId, fold(survivorId, decision.survivorEvents));
          check((eventId) => after.get(eventId) ?? stateOf(eventId));
        },
        thenThrows: (errorClass: typeof NotFoundError | typeof ConflictError, message: string) => {
          expect(() => decide(command)).toThrow(errorClass);
          expect(() => decide(command)).toThrow(message);
        },
        thenProblems: (problems: Problem[]) => {
          const error = caught(() => decide(command));
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).problems).toEqual(problems);
        },
      };
    },
    whenSplit(duplicateId: string, why = 'not the same visit after all') {
      const decide = () => {
        const duplicate = stateOf(duplicateId);
        const survivorId = duplicate.status === 'NOT_RECORDED' ? undefined : duplicate.mergedInto;
        return decideEventSplit({
          duplicateId,
          duplicate,
          survivor: survivorId ? stateOf(survivorId) : initialEventState(),
          reason: why,
        });
      };
      return {
        then: (expected: ReturnType<typeof decideEventSplit>) => expect(decide()).toEqual(expected),
        thenStates(check: (stateAfter: (eventId: string) => DiplomaticEventState) => void) {
          const { duplicateEvents, survivorEvents } = decide();
          const survivorId = survivorEvents[0]!.data.eventId;
          const after = new Map([
            [duplicateId, fold(duplicateId, duplicateEvents)],
            [survivorId, fold(survivorId, survivorEvents)],
          ]);
          check((eventId) => after.get(eventId) ?? stateOf(eventId));
        },
        thenThrows: (errorClass: typeof NotFoundError | typeof ConflictError, message: string) => {
          expect(decide).toThrow(errorClass);
          expect(decide).toThrow(message);
        },
      };
    },
  };
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const visitAndReport = (): Streams => ({
  [ids.visit]: [visitRecorded()],
  [reportedVisitId]: [reportedVisitRecorded()],
});
const mergeReport = { survivorId: ids.visit, duplicateIds: [reportedVisitId], reason };

describe('decideEventMerge', () => {
  it('marks the duplicate merged, and gives the survivor the sources it lacked, each with where it came from', () => {
    given(visitAndReport(), { [reportedVisitId]: gdeltProvenance })
      .whenMerged(mergeReport)
      .then({
        survivorEvents: [
          {
            type: 'EventAbsorbed',
            data: {
              eventId: ids.visit,
              duplicateId: reportedVisitId,
              // Reuters is on the visit already: not twice.
              sources: [{ ...apSource, mergedFrom: reportedVisitId }],
              reports: 1,
              provenance: gdeltProvenance,
              reason,
            },
          },
        ],
        duplicateEvents: [
          {
            eventId: reportedVisitId,
            events: [{ type: 'EventMerged', data: { eventId: reportedVisitId, into: ids.visit, reason } }],
          },
        ],
      });
  });

  it('leaves the duplicate pointing to the survivor, and the survivor with what it absorbed', () => {
    given(visitAndReport(), { [reportedVisitId]: gdeltProvenance })
      .whenMerged(mergeReport)
      .thenStates((state) => {
        expect(state(reportedVisitId)).toMatchObject({ status: 'RECORDED', mergedInto: ids.visit });
        const survivor = state(ids.visit);
        if (survivor.status === 'NOT_RECORDED') throw new Error('no survivor');
        expect(survivor.mergedInto).toBeUndefined();
        expect(survivor.sources.map((s) => [s.sourceId, (s as { mergedFrom?: string }).mergedFrom])).toEqual([
          [ids.reutersSource, undefined],
          [ids.cnnSource, undefined],
          [ids.apSource, reportedVisitId],
        ]);
        expect(survivor.absorbed).toEqual([
          { eventId: reportedVisitId, sourceIds: [ids.apSource], reports: 1, provenance: gdeltProvenance, reason },
        ]);
        expect(survivor.attachedReports).toBe(1);
      });
  });

  it('merges several duplicates at once, each source marked with its own event', () => {
    const summitCopy: EventRecorded = { ...summitRecorded() };
    summitCopy.data = { ...summitCopy.data, sources: [apSource] };
    const talks = talksRecorded();
    talks.data.sources = [{ sourceId: 'f1b2c3d4-0000-4000-8000-000000000001', publisher: 'IRNA' }];
    given({ [ids.visit]: [visitRecorded()], [ids.summit]: [summitCopy], [ids.khameneiTalks]: [talks] })
      .whenMerged({ survivorId: ids.visit, duplicateIds: [ids.summit, ids.khameneiTalks], reason })
      .then({
        survivorEvents: [
          absorbedFrom(ids.visit, ids.summit, [apSource]) as never,
          absorbedFrom(ids.visit, ids.khameneiTalks, talks.data.sources) as never,
        ],
        duplicateEvents: [
          { eventId: ids.summit, events: [merged(ids.summit, ids.visit) as never] },
          { eventId: ids.khameneiTalks, events: [merged(ids.khameneiTalks, ids.visit) as never] },
        ],
      });
  });

  it('is a no-op for a duplicate merged into this survivor already', () => {
    given({
      [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [apSource])],
      [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.visit)],
    })
      .whenMerged(mergeReport)
      .then({ survivorEvents: [], duplicateEvents: [{ eventId: reportedVisitId, events: [] }] });
  });

  it('merges into the survivor when asked to merge into one of its duplicates', () => {
    given({
      [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [apSource])],
      [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.visit)],
      [ids.khameneiTalks]: [talksRecorded()],
    })
      .whenMerged({ survivorId: reportedVisitId, duplicateIds: [ids.khameneiTalks], reason })
      .then({
        survivorEvents: [absorbedFrom(ids.visit, ids.khameneiTalks, []) as never],
        duplicateEvents: [{ eventId: ids.khameneiTalks, events: [merged(ids.khameneiTalks, ids.visit) as never] }],
      });
  });

  it('refuses to merge an event into itself, also through a duplicate of it', () => {
    given(visitAndReport())
      .whenMerged({ survivorId: ids.visit, duplicateIds: [ids.visit], reason })
      .thenProblems([{ path: ['duplicateIds', 0], message: `event ${ids.visit} cannot be merged into itself` }]);
    given({
      [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [apSource])],
      [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.visit)],
    })
      .whenMerged({ survivorId: reportedVisitId, duplicateIds: [ids.visit], reason })
      .thenProblems([
        {
          path: ['duplicateIds', 0],
          message: `event ${ids.visit} cannot be merged into itself (${reportedVisitId} was merged into it)`,
        },
      ]);
  });

  it('refuses events of different kinds, with the reason, and an empty reason, together', () => {
    given({ [ids.visit]: [visitRecorded()], [ids.currenciesStatement]: [currenciesStatementRecorded()] })
      .whenMerged({ survivorId: ids.visit, duplicateIds: [ids.currenciesStatement], reason: ' ' })
      .thenProblems([
        { path: ['reason'], message: 'reason must not be empty' },
        {
          path: ['duplicateIds', 0],
          message: `cannot merge a STATEMENT (${currenciesStatementRecorded().data.title}) into a MEETING (Putin visits Tehran): kinds differ`,
        },
      ]);
  });

  it('refuses an empty list, a list over the limit, and an event listed twice', () => {
    given(visitAndReport())
      .whenMerged({ survivorId: ids.visit, duplicateIds: [], reason })
      .thenProblems([{ path: ['duplicateIds'], message: 'name at least one duplicate' }]);
    const many = Array.from({ length: MERGE_LIMITS.duplicates + 1 }, () => reportedVisitId);
    given(visitAndReport())
      .whenMerged({ survivorId: ids.visit, duplicateIds: many, reason })
      .thenProblems([{ path: ['duplicateIds'], message: 'at most 50 duplicates per merge, got 51' }]);
    given(visitAndReport())
      .whenMerged({ survivorId: ids.visit, duplicateIds: [reportedVisitId, reportedVisitId], reason })
      .thenProblems([{ path: ['duplicateIds', 1], message: `event ${reportedVisitId} is listed twice` }]);
  });

  it('refuses events that were never recorded', () => {
    given(visitAndReport())
      .whenMerged({ survivorId: ids.unknownEvent, duplicateIds: [reportedVisitId], reason })
      .thenThrows(NotFoundError, `event ${ids.unknownEvent} was never recorded`);
    given(visitAndReport())
      .whenMerged({ survivorId: ids.visit, duplicateIds: [ids.unknownEvent], reason })
      .thenThrows(NotFoundError, `event ${ids.unknownEvent} was never recorded`);
  });

  it('refuses a retracted survivor and a retracted duplicate: restore them first', () => {
    given({ ...visitAndReport(), [ids.visit]: [visitRecorded(), retracted(ids.visit)] })
      .whenMerged(mergeReport)
      .thenThrows(ConflictError, `event ${ids.visit} is retracted; restore it first`);
    given({ ...visitAndReport(), [reportedVisitId]: [reportedVisitRecorded(), retracted(reportedVisitId)] })
      .whenMerged(mergeReport)
      .thenThrows(ConflictError, `event ${reportedVisitId} is retracted; restore it first`);
  });

  it('refuses a duplicate merged into another event: split it first', () => {
    given({ ...visitAndReport(), [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.summit)] })
      .whenMerged(mergeReport)
      .thenThrows(ConflictError, `event ${reportedVisitId} was merged into ${ids.summit} already; split it first`);
  });

  it('refuses when the survivor would have more sources than an event may have', () => {
    const crowded = visitRecorded();
    crowded.data.sources = Array.from({ length: 99 }, (_, i) => ({
      sourceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      publisher: `Paper ${i}`,
    }));
    given({ [ids.visit]: [crowded], [reportedVisitId]: [reportedVisitRecorded()] })
      .whenMerged(mergeReport)
      .thenProblems([
        {
          path: ['duplicateIds'],
          message: 'the survivor would have 101 sources, at most 100 are allowed: detach some first',
        },
      ]);
  });

  it('decides two concurrent merges alike: the store lets the first through, and the second then finds it done', () => {
    const streams = visitAndReport();
    const first = given(streams).whenMerged(mergeReport);
    // Both decided on the same versions: the same facts, appended at the same expected versions
    // (the store refuses the second, a CONFLICT). Decided again afterwards, it is a no-op.
    first.then(
      decideEventMerge({
        survivorId: ids.visit,
        survivor: given(streams).stateOf(ids.visit),
        duplicates: [{ eventId: reportedVisitId, state: given(streams).stateOf(reportedVisitId), provenance: null }],
        reason,
      }),
    );
    given({
      [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [apSource])],
      [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.visit)],
    })
      .whenMerged(mergeReport)
      .then({ survivorEvents: [], duplicateEvents: [{ eventId: reportedVisitId, events: [] }] });
  });
});

describe('decideEventSplit', () => {
  const mergedStreams = (): Streams => ({
    [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [apSource])],
    [reportedVisitId]: [reportedVisitRecorded(), merged(reportedVisitId, ids.visit)],
  });

  it('records the split on both streams; the survivor gives back the sources it gained', () => {
    const why = 'two visits, a year apart';
    given(mergedStreams())
      .whenSplit(reportedVisitId, why)
      .then({
        duplicateEvents: [{ type: 'EventSplit', data: { eventId: reportedVisitId, from: ids.visit, reason: why } }],
        survivorEvents: [
          {
            type: 'EventReleased',
            data: { eventId: ids.visit, duplicateId: reportedVisitId, sourceIds: [ids.apSource], reason: why },
          },
        ],
      });
  });

  it('leaves both events as they were before the merge', () => {
    const before = given(visitAndReport());
    given(mergedStreams())
      .whenSplit(reportedVisitId)
      .thenStates((state) => {
        expect(state(reportedVisitId)).toEqual(before.stateOf(reportedVisitId));
        expect(state(ids.visit)).toEqual(before.stateOf(ids.visit));
      });
  });

  it('refuses an event that is not merged, and one never recorded', () => {
    given(visitAndReport())
      .whenSplit(reportedVisitId)
      .thenThrows(ConflictError, `event ${reportedVisitId} is not merged into another event`);
    given(visitAndReport()).whenSplit(ids.unknownEvent).thenThrows(NotFoundError, 'was never recorded');
  });

  it('refuses while the survivor is merged on into another event: that one is split first', () => {
    given({
      ...mergedStreams(),
      [ids.visit]: [...mergedStreams()[ids.visit]!, merged(ids.visit, ids.summit)],
    })
      .whenSplit(reportedVisitId)
      .thenThrows(ConflictError, `split ${ids.visit} first`);
  });
});

describe('reports of merged events', () => {
  // A third report of the visit, merged into the reported visit before that is merged on.
  const thirdId = '5b0d7c2e-61f4-4d8a-9a57-3c8f2f0d9e12';
  const thirdRecorded = (): EventRecorded => ({
    type: 'EventRecorded',
    data: { ...reportedVisitRecorded().data, eventId: thirdId },
  });

  it('are gathered by the survivor: its reportCount counts the duplicate and what it had gathered', () => {
    given({
      [ids.visit]: [visitRecorded()],
      [reportedVisitId]: [reportedVisitRecorded(), absorbedFrom(reportedVisitId, thirdId, [])],
      [thirdId]: [thirdRecorded(), merged(thirdId, reportedVisitId)],
    })
      .whenMerged(mergeReport)
      .thenStates((state) => {
        expect(state(ids.visit)).toMatchObject({
          attachedReports: 2,
          absorbed: [{ eventId: reportedVisitId, reports: 2 }],
        });
        expect(state(reportedVisitId)).toMatchObject({ attachedReports: 1, mergedInto: ids.visit });
      });
  });

  it('go back with the duplicate on a split', () => {
    given({
      [ids.visit]: [visitRecorded(), absorbedFrom(ids.visit, reportedVisitId, [], 2)],
      [reportedVisitId]: [
        reportedVisitRecorded(),
        absorbedFrom(reportedVisitId, thirdId, []),
        merged(reportedVisitId, ids.visit),
      ],
    })
      .whenSplit(reportedVisitId)
      .thenStates((state) => {
        expect(state(ids.visit)).not.toHaveProperty('attachedReports');
        expect(state(reportedVisitId)).toMatchObject({ attachedReports: 1 });
      });
  });
});

describe('a merged duplicate', () => {
  const spec = DeciderSpecification(diplomaticEventDecider);

  it('is changed through its survivor: revising it is refused', () => {
    spec
      .given([reportedVisitRecorded(), merged(reportedVisitId, ids.visit)])
      .when({
        type: 'ReviseEvent',
        data: { eventId: reportedVisitId, title: 'x', reason },
        context: { actors: {}, events: {} },
      })
      .thenThrows(
        ConflictError,
        `event ${reportedVisitId} was merged into ${ids.visit}; change that one, or split it first`,
      );
  });

  it('follows a chain of merges to its survivor', () => {
    const into: Record<string, string> = { a: 'b', b: 'c' };
    expect(survivorOf('a', (id) => into[id])).toBe('c');
    expect(survivorOf('c', (id) => into[id])).toBe('c');
  });
});
