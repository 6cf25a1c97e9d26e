import {
  ValidationError,
  decideEvent,
  initialEventState,
  type ActorFacts,
  type EventFact,
  type RecordEvent,
} from '../diplomacy/index';
import { importId } from './ids';
import type { ActorDescriptor, ActorIdReference, ImportEventData } from './types';

/** The RecordEvent data the domain expects, with each actor ref replaced by the id idFor gives. */
export function bindActors(event: ImportEventData, idFor: (ref: string) => string): RecordEvent['data'] {
  const { participants, statement, agreement, ...rest } = event;
  const data: RecordEvent['data'] = {
    ...rest,
    participants: participants.map((p) => ({ actorId: idFor(p.actorRef), role: p.role })),
  };
  if (statement !== undefined) {
    data.statement =
      statement === null
        ? null
        : {
            speakerId: idFor(statement.speakerRef),
            mode: statement.mode,
            text: statement.text,
            language: statement.language,
            addresseeIds: statement.addresseeRefs.map(idFor),
          };
  }
  if (agreement !== undefined) {
    if (agreement === null) data.agreement = null;
    else {
      const { partyRefs, ...terms } = agreement;
      data.agreement = { ...terms, partyIds: partyRefs.map(idFor) };
    }
  }
  return data;
}

/**
 * Why the domain would refuse this event, or undefined. The actors are stood in for by facts made
 * from their descriptors (the import service has not matched them yet), and linked events by
 * facts of the kind the link needs: the service checks both again, for real, when it appends.
 */
export function domainRefusal(
  event: ImportEventData,
  actors: (ActorDescriptor | ActorIdReference)[],
): string | undefined {
  const facts: ActorFacts = {};
  const ids = new Map<string, string>();
  for (const actor of actors) {
    const id = actor.actorId ?? importId(`actor:${actor.ref}`);
    ids.set(actor.ref, id);
    facts[id] = 'kind' in actor ? { kind: actor.kind, name: actor.name } : { kind: 'ORGANIZATION', name: actor.ref };
  }
  const idFor = (ref: string) => ids.get(ref) ?? (ref.startsWith('id:') ? ref.slice(3) : importId(`actor:${ref}`));
  const events: Record<string, EventFact> = {};
  for (const link of Array.isArray(event.links) ? event.links : []) {
    if (link && typeof link.targetEventId === 'string') events[link.targetEventId] = { kind: 'MEETING' };
  }
  const signedAt = event.agreement?.signedAtEventId;
  if (typeof signedAt === 'string') events[signedAt] = { kind: 'MEETING' };
  try {
    decideEvent(
      { type: 'RecordEvent', data: bindActors(event, idFor), context: { actors: facts, events } },
      initialEventState(),
    );
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}
