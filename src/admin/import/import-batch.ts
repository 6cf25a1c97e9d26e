import {
  actorDecider,
  actorStreamId,
  decideEvent,
  DomainError,
  eventCommandReferences,
  eventStreamId,
  initialEventState,
  type ActorFacts,
  type EventFact,
  type RecordEvent,
  type RegisterActor,
  uuidFromText,
} from '../../diplomacy';
import type { StreamAppend } from '../../event-store/event-store';
import type { EventMetadata } from '../../event-store/types';
import { findUnstorableText } from '../../input/storable-text';
import { bindActors, type ActorDescriptor, type ImportRecord, type ImportReject } from '../../imports';
import type { ActorIndex } from './actor-index';

/** The id an actor registered by an import gets: the same descriptor, the same actor, in any run. */
export const importedActorId = (ref: string): string => uuidFromText(`actor\u0000${ref}`);
/** Its registration's log event id, so two imports registering it at once are recognised as one. */
export const registrationEventId = (actorId: string): string =>
  uuidFromText(`import\u0000ActorRegistered\u0000${actorId}`);

export interface BatchContext {
  index: ActorIndex;
  /** Kinds of the events that the records link to (from the log, or recorded earlier in this run). */
  events: Record<string, EventFact>;
  /** Who, in answer to what: shared by everything the batch appends. */
  metadata: EventMetadata;
}

export interface PreparedBatch {
  streams: StreamAppend[];
  /** The records that became event streams, in the order of `streams`' event streams. */
  recorded: ImportRecord[];
  /** Actors registered by this batch (pending in the index until it commits). */
  registered: string[];
  /** Existing actors the records were matched to. */
  matched: Set<string>;
  rejects: ImportReject[];
}

/**
 * Turns records into appends, each through the domain as an editor's command would go: actors
 * resolved against the index (unmatched descriptors registered with RegisterActor), the event
 * decided by decideEvent with the resolved actors' facts. A record the domain refuses is
 * rejected with its message and registers nothing.
 */
export function prepareBatch(records: ImportRecord[], context: BatchContext): PreparedBatch {
  const batch: PreparedBatch = { streams: [], recorded: [], registered: [], matched: new Set(), rejects: [] };
  const inBatch = new Set<string>();
  for (const record of records) {
    const streamId = eventStreamId(record.eventId);
    if (inBatch.has(streamId)) continue; // counted as present by the caller
    const outcome = prepareRecord(record, context);
    if ('reject' in outcome) {
      batch.rejects.push(outcome.reject);
      continue;
    }
    inBatch.add(streamId);
    for (const registration of outcome.registrations) {
      context.index.put(registration.actor, { pending: true });
      batch.registered.push(registration.actor.actorId);
      batch.streams.push(registration.append);
    }
    for (const actorId of outcome.matched) batch.matched.add(actorId);
    batch.streams.push(outcome.append);
    batch.recorded.push(record);
  }
  return batch;
}

export interface Registration {
  actor: {
    actorId: string;
    kind: ActorDescriptor['kind'];
    name: string;
    aliases: string[];
    country: string | null;
    cameoCode: string | null;
    mergedInto: null;
  };
  append: StreamAppend;
}

type RecordOutcome =
  { reject: ImportReject } | { append: StreamAppend; registrations: Registration[]; matched: string[] };

function prepareRecord(record: ImportRecord, context: BatchContext): RecordOutcome {
  const resolved = resolveRecord(record, context);
  if ('reject' in resolved) return resolved;
  const { command, registrations, matched } = resolved;
  const reject = (reason: string): RecordOutcome => ({ reject: domainReject(record, reason) });
  let recorded;
  try {
    [recorded] = decideEvent(command, initialEventState());
  } catch (error) {
    if (error instanceof DomainError) return reject(error.message);
    throw error;
  }
  if (!recorded) return reject('the domain recorded nothing');
  const append: StreamAppend = {
    streamId: eventStreamId(record.eventId),
    streamType: 'event',
    expectedVersion: 'no_stream',
    events: [
      {
        type: recorded.type,
        data: recorded.data,
        eventId: record.eventId,
        metadata: eventMetadata(record, context.metadata),
      },
    ],
  };
  return { append, registrations, matched };
}

/** A record's event data with its actors resolved, and the facts deciding it needs. */
export interface ResolvedRecord {
  /** RecordEvent with its context filled. */
  command: RecordEvent;
  /** Actors the record needs registered (not in the index yet). */
  registrations: Registration[];
  matched: string[];
}

export const domainReject = (record: ImportRecord, reason: string): ImportReject => ({
  lineNumber: record.lineNumber,
  code: 'DOMAIN_RULE',
  reason,
  externalId: record.externalId,
});

/**
 * Resolves a record's actor descriptors against the index (registering the unmatched ones with
 * RegisterActor) and binds its event to their ids, with the facts of every actor and event the
 * event names, ready to decide.
 */
export function resolveRecord(record: ImportRecord, context: BatchContext): ResolvedRecord | { reject: ImportReject } {
  const { index } = context;
  const ids = new Map<string, string>();
  const registrations: Registration[] = [];
  const matched: string[] = [];
  // Parsers refuse such text already; a record from any other source must not fail its whole batch.
  const unstorable = findUnstorableText({ event: record.event, actors: record.actors });
  if (unstorable) {
    return {
      reject: {
        lineNumber: record.lineNumber,
        code: 'UNSTORABLE_TEXT',
        reason: `${unstorable.path} ${unstorable.problem}`,
        externalId: record.externalId,
      },
    };
  }

  for (const descriptor of record.actors) {
    const resolution = index.resolve(
      descriptor,
      'kind' in descriptor ? (descriptor.actorId ?? importedActorId(descriptor.ref)) : descriptor.actorId,
    );
    ids.set(descriptor.ref, resolution.actorId);
    if (resolution.existing) {
      if (index.has(resolution.actorId) && !index.isPending(resolution.actorId)) matched.push(resolution.actorId);
      continue;
    }
    if (registrations.some((r) => r.actor.actorId === resolution.actorId)) continue;
    const registration = register(resolution.descriptor, resolution.actorId, record, context.metadata);
    if ('problem' in registration)
      return { reject: domainReject(record, `actor "${resolution.descriptor.name}": ${registration.problem}`) };
    registrations.push(registration);
  }

  // NDJSON names speakers and parties by id, which need not be among the participants' descriptors.
  const idFor = (ref: string) =>
    ids.get(ref) ?? (ref.startsWith('id:') ? index.survivor(ref.slice(3)) : importedActorId(ref));
  const data = bindActors(record.event, idFor);
  const bare: RecordEvent = { type: 'RecordEvent', data, context: { actors: {}, events: {} } };
  const references = eventCommandReferences(bare, initialEventState());
  const events: Record<string, EventFact> = {};
  for (const eventId of references.eventIds) if (context.events[eventId]) events[eventId] = context.events[eventId];
  const actors = actorFactsOf(references.actorIds, context.index, registrations);
  return { command: { ...bare, context: { actors, events } }, registrations, matched };
}

/** The index's facts of these actors, those registered by `registrations` (not in the index yet) too. */
export function actorFactsOf(
  actorIds: Iterable<string>,
  index: ActorIndex,
  registrations: Registration[] = [],
): ActorFacts {
  const actors: ActorFacts = {};
  for (const actorId of actorIds) {
    const fact = index.fact(actorId) ?? registrations.find((r) => r.actor.actorId === actorId)?.actor;
    if (fact)
      actors[actorId] = {
        kind: fact.kind,
        name: fact.name,
        ...(fact.mergedInto ? { mergedInto: fact.mergedInto } : {}),
      };
  }
  return actors;
}

function register(
  descriptor: ActorDescriptor,
  actorId: string,
  record: ImportRecord,
  base: EventMetadata,
): Registration | { problem: string } {
  const command: RegisterActor = {
    type: 'RegisterActor',
    data: {
      actorId,
      kind: descriptor.kind,
      name: descriptor.name,
      aliases: descriptor.aliases,
      country: descriptor.country ?? null,
      cameoCode: descriptor.cameoCode ?? null,
    },
    context: { actors: {} },
  };
  let registered;
  try {
    [registered] = actorDecider.decide(command, actorDecider.initialState());
  } catch (error) {
    if (error instanceof DomainError) return { problem: error.message };
    throw error;
  }
  if (registered?.type !== 'ActorRegistered') return { problem: 'the domain registered nothing' };
  const { data } = registered;
  return {
    actor: {
      actorId,
      kind: data.kind,
      name: data.name,
      aliases: data.aliases,
      country: data.country,
      cameoCode: data.cameoCode,
      mergedInto: null,
    },
    append: {
      streamId: actorStreamId(actorId),
      streamType: 'actor',
      // Never twice: a concurrent import registering the same actor makes one of the two appends fail.
      expectedVersion: 'no_stream',
      events: [
        {
          type: registered.type,
          data: registered.data,
          eventId: registrationEventId(actorId),
          metadata: {
            ...base,
            provenance: {
              source: record.source,
              ref: descriptor.ref,
              externalId: record.externalId,
              lineNumber: record.lineNumber,
            },
          },
        },
      ],
    },
  };
}

/**
 * What the source said beyond the event, kept beside it. The source's own record date (GDELT
 * DATEADDED) is `sourceRecordedAt`: our record time stays the database's clock at the append, so
 * that "as known at T" means known to this service.
 */
export function eventMetadata(record: ImportRecord, base: EventMetadata): EventMetadata {
  return {
    ...base,
    provenance: { ...record.provenance, lineNumber: record.lineNumber },
    ...(record.recordedAt ? { sourceRecordedAt: record.recordedAt } : {}),
  };
}
