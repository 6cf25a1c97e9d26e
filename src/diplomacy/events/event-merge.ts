import { ConflictError, NotFoundError, throwIfProblems, type Problem } from '../errors';
import { checkText, checkUuid, withArticle } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import type {
  DiplomaticEvent,
  DiplomaticEventState,
  EventAbsorbed,
  EventMerged,
  EventMergeFact,
  EventReleased,
  EventSplit,
  MergedSource,
  MergeProvenance,
} from './event-types';

/** How many duplicates one merge takes at most: every one is a stream in the merge's transaction. */
export const MERGE_LIMITS = { duplicates: 50 } as const;

/** A duplicate as the application layer loaded it: its stream's state and what its import recorded. */
export type MergeCandidate = { eventId: string; state: DiplomaticEventState; provenance: MergeProvenance };

/**
 * survivorId: as asked; survivor: the state of the event the duplicates become part of, already
 * resolved (the application layer follows mergedInto with survivorOf, so that merging into a
 * duplicate merges into its survivor).
 */
export type MergeEvents = {
  survivorId: string;
  survivor: DiplomaticEventState;
  duplicates: MergeCandidate[];
  reason: string;
};

export type MergeDecision = {
  /** One EventAbsorbed per duplicate newly merged, in the order given. */
  survivorEvents: EventAbsorbed[];
  /** Per duplicate, in the order given; [] for one merged into this survivor already (nothing to do). */
  duplicateEvents: { eventId: string; events: EventMerged[] }[];
};

const reasonRule = { label: 'reason', min: 1, max: EVENT_LIMITS.reason };

/**
 * The ids of a merge, checked before any stream is read: a list over the limit or a malformed id
 * costs no read. Throws a ValidationError naming every bad one.
 */
export function checkMergeIds(survivorId: unknown, duplicateIds: readonly unknown[], reason?: unknown): void {
  const problems: Problem[] = [];
  checkUuid(survivorId, ['survivorId'], 'survivorId', problems);
  // Checked again when decided; here so that a bad reason costs no read of up to 51 streams.
  if (reason !== undefined) checkText(reason, ['reason'], reasonRule, problems);
  if (duplicateIds.length === 0) problems.push({ path: ['duplicateIds'], message: 'name at least one duplicate' });
  if (duplicateIds.length > MERGE_LIMITS.duplicates) {
    problems.push({
      path: ['duplicateIds'],
      message: `at most ${MERGE_LIMITS.duplicates} duplicates per merge, got ${duplicateIds.length}`,
    });
  } else {
    duplicateIds.forEach((id, index) => checkUuid(id, ['duplicateIds', index], 'a duplicate id', problems));
  }
  throwIfProblems(problems);
}

/**
 * A merge changes every stream involved: each duplicate records that it now lives on in the
 * survivor (it leaves the default timeline), and the survivor takes over its sources, each marked
 * with the event it came from, and its import provenance. The application layer appends all of it
 * in one transaction, each stream at the version it was decided on.
 *
 * Refused: an empty or too long list, an event merged into itself or listed twice, events that
 * do not exist, different kinds (a meeting is not a statement), retracted events (restore one
 * first: a retraction says the event did not happen, which a merge would contradict), a duplicate
 * merged into another survivor (split it first), a survivor left with too many sources. A
 * duplicate merged into this survivor already is nothing to do: merging it again is a no-op.
 */
export function decideEventMerge({ survivorId, survivor, duplicates, reason }: MergeEvents): MergeDecision {
  const problems: Problem[] = [];
  const why = checkText(reason, ['reason'], reasonRule, problems);
  if (duplicates.length === 0) problems.push({ path: ['duplicateIds'], message: 'name at least one duplicate' });
  if (duplicates.length > MERGE_LIMITS.duplicates) {
    problems.push({
      path: ['duplicateIds'],
      message: `at most ${MERGE_LIMITS.duplicates} duplicates per merge, got ${duplicates.length}`,
    });
  }
  // The list itself is wrong: nothing in it is worth looking at.
  if (duplicates.length === 0 || duplicates.length > MERGE_LIMITS.duplicates) throwIfProblems(problems);
  if (survivor.status === 'NOT_RECORDED') throw new NotFoundError(`event ${survivorId} was never recorded`);
  if (survivor.mergedInto !== undefined) {
    throw new ConflictError(
      `event ${survivorId} was merged into ${survivor.mergedInto}; merge into ${survivor.mergedInto} instead`,
    );
  }
  if (survivor.status === 'RETRACTED') throw new ConflictError(`event ${survivorId} is retracted; restore it first`);

  const seen = new Set<string>();
  const known = new Set(survivor.sources.map((source) => source.sourceId));
  const survivorEvents: EventAbsorbed[] = [];
  const duplicateEvents: MergeDecision['duplicateEvents'] = [];
  duplicates.forEach(({ eventId, state, provenance }, index) => {
    const path = ['duplicateIds', index];
    if (seen.has(eventId)) {
      problems.push({ path, message: `event ${eventId} is listed twice` });
      return;
    }
    seen.add(eventId);
    if (eventId === survivor.eventId) {
      problems.push({
        path,
        message:
          eventId === survivorId
            ? `event ${eventId} cannot be merged into itself`
            : `event ${eventId} cannot be merged into itself (${survivorId} was merged into it)`,
      });
      return;
    }
    if (state.status === 'NOT_RECORDED') throw new NotFoundError(`event ${eventId} was never recorded`);
    if (state.mergedInto === survivor.eventId) {
      duplicateEvents.push({ eventId, events: [] });
      return;
    }
    if (state.mergedInto !== undefined)
      throw new ConflictError(`event ${eventId} was merged into ${state.mergedInto} already; split it first`);
    if (state.status === 'RETRACTED') throw new ConflictError(`event ${eventId} is retracted; restore it first`);
    if (state.kind !== survivor.kind) {
      problems.push({
        path,
        message: `cannot merge ${withArticle(state.kind)} (${state.title}) into ${withArticle(survivor.kind)} (${survivor.title}): kinds differ`,
      });
      return;
    }
    const sources: MergedSource[] = [];
    for (const source of state.sources) {
      if (known.has(source.sourceId)) continue;
      known.add(source.sourceId);
      // A source the duplicate had gained by an earlier merge keeps the event it first came from.
      sources.push({ ...source, mergedFrom: (source as Partial<MergedSource>).mergedFrom ?? eventId });
    }
    survivorEvents.push({
      type: 'EventAbsorbed',
      data: {
        eventId: survivor.eventId,
        duplicateId: eventId,
        sources,
        reports: 1 + (state.attachedReports ?? 0),
        provenance,
        reason: why!,
      },
    });
    duplicateEvents.push({
      eventId,
      events: [{ type: 'EventMerged', data: { eventId, into: survivor.eventId, reason: why! } }],
    });
  });
  if (known.size > EVENT_LIMITS.sources) {
    problems.push({
      path: ['duplicateIds'],
      message: `the survivor would have ${known.size} sources, at most ${EVENT_LIMITS.sources} are allowed: detach some first`,
    });
  }
  throwIfProblems(problems);
  return { survivorEvents, duplicateEvents };
}

/** The id of a split, checked before any stream is read. */
export function checkSplitId(eventId: unknown, reason?: unknown): void {
  const problems: Problem[] = [];
  checkUuid(eventId, ['eventId'], 'eventId', problems);
  if (reason !== undefined) checkText(reason, ['reason'], reasonRule, problems);
  throwIfProblems(problems);
}

export type SplitEvent = {
  duplicateId: string;
  duplicate: DiplomaticEventState;
  /** The state of the event the duplicate was merged into (duplicate.mergedInto), as loaded. */
  survivor: DiplomaticEventState;
  reason: string;
};

/**
 * The inverse of a merge, as new facts: the duplicate is back on the timeline as it was, and the
 * survivor gives back the sources it gained from it (those still attached). A survivor merged on
 * in turn is split first, so that no later survivor keeps sources of a duplicate that is back.
 */
export function decideEventSplit({ duplicateId, duplicate, survivor, reason }: SplitEvent): {
  duplicateEvents: EventSplit[];
  survivorEvents: EventReleased[];
} {
  const problems: Problem[] = [];
  const why = checkText(reason, ['reason'], reasonRule, problems);
  throwIfProblems(problems);
  if (duplicate.status === 'NOT_RECORDED') throw new NotFoundError(`event ${duplicateId} was never recorded`);
  const survivorId = duplicate.mergedInto;
  if (survivorId === undefined) throw new ConflictError(`event ${duplicateId} is not merged into another event`);
  if (survivor.status === 'NOT_RECORDED') throw new NotFoundError(`event ${survivorId} was never recorded`);
  if (survivor.mergedInto !== undefined) {
    throw new ConflictError(
      `event ${survivorId}, which ${duplicateId} was merged into, was merged into ${survivor.mergedInto} since: split ${survivorId} first`,
    );
  }
  const gained = survivor.absorbed?.find((absorbed) => absorbed.eventId === duplicateId)?.sourceIds ?? [];
  const attached = new Set(survivor.sources.map((source) => source.sourceId));
  return {
    duplicateEvents: [{ type: 'EventSplit', data: { eventId: duplicateId, from: survivorId, reason: why! } }],
    survivorEvents: [
      {
        type: 'EventReleased',
        data: {
          eventId: survivorId,
          duplicateId,
          sourceIds: gained.filter((sourceId) => attached.has(sourceId)),
          reason: why!,
        },
      },
    ],
  };
}

/** Where an event lives on: itself when not merged, else the end of its mergedInto chain. */
export function survivorOf(
  eventId: string,
  mergedIntoOf: (eventId: string) => string | undefined,
  maxSteps = MERGE_LIMITS.duplicates,
): string {
  let current = eventId;
  const seen = new Set([current]);
  for (let step = 0; step < maxSteps; step += 1) {
    const next = mergedIntoOf(current);
    if (next === undefined || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
  return current;
}

export function evolveMerge(state: DiplomaticEvent, event: EventMergeFact): DiplomaticEvent {
  switch (event.type) {
    case 'EventMerged':
      return { ...state, mergedInto: event.data.into };
    case 'EventSplit': {
      const { mergedInto: _left, ...rest } = state;
      return rest;
    }
    case 'EventAbsorbed': {
      const { duplicateId, sources, reports, provenance, reason } = event.data;
      const entry = { eventId: duplicateId, sourceIds: sources.map((s) => s.sourceId), reports, provenance, reason };
      return {
        ...state,
        sources: [...state.sources, ...sources],
        absorbed: [...(state.absorbed ?? []), entry],
        attachedReports: (state.attachedReports ?? 0) + reports,
      };
    }
    case 'EventReleased': {
      const released = new Set(event.data.sourceIds);
      const { absorbed, attachedReports: before, ...rest } = state;
      const left = (absorbed ?? []).filter((entry) => entry.eventId !== event.data.duplicateId);
      const reports = (absorbed ?? []).find((entry) => entry.eventId === event.data.duplicateId)?.reports ?? 0;
      const attachedReports = (before ?? 0) - reports;
      return {
        ...rest,
        ...(attachedReports > 0 ? { attachedReports } : {}),
        sources: state.sources.filter((source) => !released.has(source.sourceId)),
        ...(left.length > 0 ? { absorbed: left } : {}),
      };
    }
    default: {
      const unknownEvent: never = event;
      throw new TypeError(`unknown merge fact ${JSON.stringify(unknownEvent)}`);
    }
  }
}
