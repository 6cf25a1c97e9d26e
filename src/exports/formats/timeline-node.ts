import type { ActorKind, DiplomaticEvent } from '../../diplomacy/index';

/**
 * What the formatters read from a timeline query: structurally the timeline read model's node
 * (recordedFrom may be a Date or its ISO string; extra members are ignored).
 */
export type ExportActor = { actorId: string; kind: ActorKind; name: string; country: string | null };

export type ExportParticipant = {
  actorId: string;
  roles: readonly string[];
  /** null when the actor is not (yet) in the read model. */
  actor: ExportActor | null;
};

export type ExportNode = {
  eventId: string;
  version: number;
  recordedFrom: Date | string;
  retracted: boolean;
  doc: DiplomaticEvent;
  participants: readonly ExportParticipant[];
};

export function recordedFromIso(node: ExportNode): string {
  return typeof node.recordedFrom === 'string' ? node.recordedFrom : node.recordedFrom.toISOString();
}

/** "Vladimir Putin (GUEST)", "Iran (PARTICIPANT, MEDIATOR)"; the id when the actor is unknown. */
export function participantLabel(participant: ExportParticipant): string {
  return `${participant.actor?.name ?? participant.actorId} (${participant.roles.join(', ')})`;
}
