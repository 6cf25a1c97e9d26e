import type { Decider } from '../decider';
import { ConflictError, NotFoundError, ValidationError, throwIfProblems, type Problem } from '../errors';
import { checkEndNotBeforeStart, copyTemporalPoint, validateTemporalPoint, type TemporalPoint } from '../temporal';
import { checkOneOf, checkOptionalText, checkText, checkUuid, jsonEqual, withArticle } from '../validation';
import { AGREEMENT_STATUSES, agreementTransitionProblem } from './agreement-status';
import { EVENT_LIMITS } from './event-limits';
import {
  EVENT_FIELDS,
  EVENT_KINDS,
  type AttachSource,
  type ChangeAgreementStatus,
  type DetachSource,
  type DiplomaticEvent,
  type DiplomaticEventEvent,
  type DiplomaticEventState,
  type EventCommand,
  type EventFields,
  type LinkEvents,
  type RecordEvent,
  type RestoreEvent,
  type RetractEvent,
  type ReviseEvent,
} from './event-types';
import { evolveMerge } from './event-merge';
import { validateEventFields } from './event-validation';
import { sameLink, validateLink } from './link-validation';
import { validateSource } from './source-validation';
import { decideAttachReport, evolveReportAttached } from './report-attachment';

export const initialEventState = (): DiplomaticEventState => ({ status: 'NOT_RECORDED' });

export function decideEvent(command: EventCommand, state: DiplomaticEventState): DiplomaticEventEvent[] {
  switch (command.type) {
    case 'RecordEvent':
      return record(command, state);
    case 'ReviseEvent':
      return revise(command, state);
    case 'RetractEvent':
      return retract(command, state);
    case 'RestoreEvent':
      return restore(command, state);
    case 'AttachSource':
      return attachSource(command, state);
    case 'DetachSource':
      return detachSource(command, state);
    case 'LinkEvents':
      return link(command, state);
    case 'ChangeAgreementStatus':
      return changeAgreementStatus(command, state);
    case 'AttachReport':
      return decideAttachReport(command, activeEvent(state, command.data.eventId));
    default: {
      const unknownCommand: never = command;
      throw new TypeError(`unknown event command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

const reasonRule = { label: 'reason', min: 1, max: EVENT_LIMITS.reason };

function record({ data, context }: RecordEvent, state: DiplomaticEventState): DiplomaticEventEvent[] {
  if (state.status !== 'NOT_RECORDED') throw new ConflictError(`event ${state.eventId} exists already`);
  const problems: Problem[] = [];
  const eventId = checkUuid(data.eventId, ['eventId'], 'eventId', problems);
  const kind = checkOneOf(data.kind, EVENT_KINDS, ['kind'], 'kind', problems);
  const { fields, problems: fieldProblems } = validateEventFields(data, kind, data.eventId, context);
  throwIfProblems([...problems, ...fieldProblems]);
  return [{ type: 'EventRecorded', data: { eventId: eventId!, kind: kind!, ...fields } }];
}

function revise({ data, context }: ReviseEvent, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = activeEvent(state, data.eventId);
  const problems: Problem[] = [];
  const reason = checkText(data.reason, ['reason'], reasonRule, problems);
  const given = data as Record<string, unknown>;
  if (given.kind !== undefined && given.kind !== event.kind) {
    problems.push({
      path: ['kind'],
      message: `kind cannot be revised (this is ${withArticle(event.kind)}): retract it and record a new event`,
    });
  }
  const { fields, problems: fieldProblems } = validateEventFields(
    revisedInput(event, data),
    event.kind,
    event.eventId,
    context,
  );
  throwIfProblems([...problems, ...fieldProblems]);

  const changes: Partial<EventFields> = {};
  const previous: Partial<EventFields> = {};
  for (const field of EVENT_FIELDS) {
    if (jsonEqual(fields[field], event[field])) continue;
    Object.assign(changes, { [field]: fields[field] });
    Object.assign(previous, { [field]: event[field] });
  }
  if (Object.keys(changes).length === 0)
    throw new ValidationError([], 'nothing to change: the revision equals the current event');
  return [{ type: 'EventRevised', data: { eventId: event.eventId, changes, previous, reason: reason! } }];
}

/** The current fields with the revision laid over them; kind details merge one level deep. */
function revisedInput(event: DiplomaticEvent, data: ReviseEvent['data']): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS) {
    const current = event[field];
    const change = data[field];
    if (change === undefined) input[field] = current;
    else if ((field === 'meeting' || field === 'statement' || field === 'agreement') && change !== null) {
      input[field] = { ...((current ?? {}) as object), ...(change as object) };
    } else input[field] = change;
  }
  return input;
}

function retract({ data }: RetractEvent, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = existingEvent(state, data.eventId);
  if (event.status === 'RETRACTED') throw new ConflictError(`event ${event.eventId} is retracted already`);
  const problems: Problem[] = [];
  const reason = checkText(data.reason, ['reason'], reasonRule, problems);
  throwIfProblems(problems);
  return [{ type: 'EventRetracted', data: { eventId: event.eventId, reason: reason! } }];
}

function restore({ data }: RestoreEvent, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = existingEvent(state, data.eventId);
  if (event.status !== 'RETRACTED') throw new ConflictError(`event ${event.eventId} is not retracted`);
  const problems: Problem[] = [];
  const reason = checkText(data.reason, ['reason'], reasonRule, problems);
  throwIfProblems(problems);
  return [{ type: 'EventRestored', data: { eventId: event.eventId, reason: reason! } }];
}

function attachSource({ data }: AttachSource, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = activeEvent(state, data.eventId);
  const problems: Problem[] = [];
  const source = validateSource(data.source, ['source'], problems);
  throwIfProblems(problems);
  if (event.sources.some((s) => s.sourceId === source!.sourceId)) {
    throw new ConflictError(`source ${source!.sourceId} is attached to event ${event.eventId} already`);
  }
  if (event.sources.length >= EVENT_LIMITS.sources) {
    throw new ValidationError(
      ['source'],
      `event ${event.eventId} has ${EVENT_LIMITS.sources} sources, the most allowed`,
    );
  }
  return [{ type: 'SourceAttached', data: { eventId: event.eventId, source: source! } }];
}

function detachSource({ data }: DetachSource, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = activeEvent(state, data.eventId);
  const problems: Problem[] = [];
  const reason = checkOptionalText(data.reason === '' ? undefined : data.reason, ['reason'], reasonRule, problems);
  throwIfProblems(problems);
  if (!event.sources.some((s) => s.sourceId === data.sourceId)) {
    throw new NotFoundError(`source ${data.sourceId} is not attached to event ${event.eventId}`);
  }
  return [
    {
      type: 'SourceDetached',
      data:
        reason === undefined
          ? { eventId: event.eventId, sourceId: data.sourceId }
          : { eventId: event.eventId, sourceId: data.sourceId, reason },
    },
  ];
}

function link({ data, context }: LinkEvents, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = activeEvent(state, data.eventId);
  const problems: Problem[] = [];
  const newLink = validateLink(data.link, ['link'], event.eventId, context.events, problems);
  throwIfProblems(problems);
  if (event.links.some((l) => sameLink(l, newLink!))) {
    throw new ConflictError(`event ${event.eventId} is linked ${newLink!.type} ${newLink!.targetEventId} already`);
  }
  if (event.links.length >= EVENT_LIMITS.links) {
    throw new ValidationError(['link'], `event ${event.eventId} has ${EVENT_LIMITS.links} links, the most allowed`);
  }
  return [{ type: 'EventsLinked', data: { eventId: event.eventId, link: newLink! } }];
}

function changeAgreementStatus({ data }: ChangeAgreementStatus, state: DiplomaticEventState): DiplomaticEventEvent[] {
  const event = activeEvent(state, data.eventId);
  if (event.kind !== 'AGREEMENT' || !event.agreement) {
    throw new ValidationError(
      ['status'],
      `event ${event.eventId} is ${withArticle(event.kind)}; only an AGREEMENT has a status`,
    );
  }
  const problems: Problem[] = [];
  const to = checkOneOf(data.status, AGREEMENT_STATUSES, ['status'], 'agreement status', problems);
  const reason = checkOptionalText(data.reason === '' ? undefined : data.reason, ['reason'], reasonRule, problems);
  const effectiveDate = data.effectiveDate ?? undefined;
  if (effectiveDate !== undefined) {
    const dateProblems = validateTemporalPoint(effectiveDate, ['effectiveDate']);
    problems.push(...dateProblems);
    if (dateProblems.length === 0) {
      const order = checkEndNotBeforeStart(event.start, effectiveDate, ['effectiveDate'], {
        start: 'the agreement’s start',
        end: 'effectiveDate',
      });
      if (order) problems.push(order);
    }
  }
  throwIfProblems(problems);
  const from = event.agreement.status;
  const refusal = agreementTransitionProblem(from, to!);
  // An illegal transition is bad input (the contract), not a conflict between writers.
  if (refusal) throw new ValidationError(['status'], refusal);
  const change: {
    eventId: string;
    from: typeof from;
    to: typeof from;
    effectiveDate?: TemporalPoint;
    reason?: string;
  } = {
    eventId: event.eventId,
    from,
    to: to!,
  };
  if (effectiveDate !== undefined) change.effectiveDate = copyTemporalPoint(effectiveDate);
  if (reason !== undefined) change.reason = reason;
  return [{ type: 'AgreementStatusChanged', data: change }];
}

function existingEvent(state: DiplomaticEventState, eventId: string): DiplomaticEvent {
  if (state.status === 'NOT_RECORDED') throw new NotFoundError(`event ${eventId} was never recorded`);
  if (state.eventId !== eventId)
    throw new ValidationError(['eventId'], `the command is for event ${eventId}, the stream holds ${state.eventId}`);
  return state;
}

/** Only RestoreEvent reaches a retracted event; a merged duplicate is changed through its survivor. */
function activeEvent(state: DiplomaticEventState, eventId: string): DiplomaticEvent {
  const event = existingEvent(state, eventId);
  if (event.status === 'RETRACTED') throw new ConflictError(`event ${event.eventId} is retracted; restore it first`);
  if (event.mergedInto !== undefined)
    throw new ConflictError(
      `event ${event.eventId} was merged into ${event.mergedInto}; change that one, or split it first`,
    );
  return event;
}

export function evolveEvent(state: DiplomaticEventState, event: DiplomaticEventEvent): DiplomaticEventState {
  if (event.type === 'EventRecorded') {
    return { status: 'RECORDED', retractionReason: null, agreementStatusHistory: [], revisionCount: 0, ...event.data };
  }
  if (state.status === 'NOT_RECORDED') return state;
  switch (event.type) {
    case 'EventRevised':
      return { ...state, ...event.data.changes, revisionCount: state.revisionCount + 1 };
    case 'EventRetracted':
      return { ...state, status: 'RETRACTED', retractionReason: event.data.reason };
    case 'EventRestored':
      return { ...state, status: 'RECORDED', retractionReason: null };
    case 'SourceAttached':
      return { ...state, sources: [...state.sources, event.data.source] };
    case 'SourceDetached':
      return { ...state, sources: state.sources.filter((s) => s.sourceId !== event.data.sourceId) };
    case 'EventsLinked':
      return { ...state, links: [...state.links, event.data.link] };
    case 'AgreementStatusChanged':
      return {
        ...state,
        agreement: state.agreement ? { ...state.agreement, status: event.data.to } : state.agreement,
        agreementStatusHistory: [...state.agreementStatusHistory, event.data],
      };
    case 'EventMerged':
    case 'EventSplit':
    case 'EventAbsorbed':
    case 'EventReleased':
      return evolveMerge(state, event);
    case 'ReportAttached':
      return evolveReportAttached(state, event);
    default: {
      const unknownEvent: never = event;
      throw new TypeError(`unknown diplomatic event ${JSON.stringify(unknownEvent)}`);
    }
  }
}

export const diplomaticEventDecider: Decider<DiplomaticEventState, EventCommand, DiplomaticEventEvent> = {
  decide: decideEvent,
  evolve: evolveEvent,
  initialState: initialEventState,
};
