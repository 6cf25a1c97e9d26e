import { addId, asList, isRecord } from '../validation';
import type { DiplomaticEventState, EventCommand } from './event-types';

export type References = { actorIds: string[]; eventIds: string[] };

/**
 * The ids whose facts the application layer must put into a command's context: those the command
 * names and, for a revision (validated as a whole), those the current event names.
 */
export function eventCommandReferences(command: EventCommand, state: DiplomaticEventState): References {
  const actorIds = new Set<string>();
  const eventIds = new Set<string>();
  const collect = (fields: Record<string, unknown>) => {
    for (const p of asList(fields.participants)) if (isRecord(p)) addId(actorIds, p.actorId);
    for (const l of asList(fields.links)) if (isRecord(l)) addId(eventIds, l.targetEventId);
    if (isRecord(fields.statement)) {
      addId(actorIds, fields.statement.speakerId);
      for (const id of asList(fields.statement.addresseeIds)) addId(actorIds, id);
    }
    if (isRecord(fields.agreement)) {
      for (const id of asList(fields.agreement.partyIds)) addId(actorIds, id);
      addId(eventIds, fields.agreement.signedAtEventId);
    }
  };
  switch (command.type) {
    case 'RecordEvent':
      collect(command.data);
      break;
    case 'ReviseEvent':
      if (state.status !== 'NOT_RECORDED') collect(state);
      collect(command.data);
      break;
    case 'LinkEvents':
      addId(eventIds, command.data.link?.targetEventId);
      break;
    case 'AttachReport':
      if (isRecord(command.data.report)) collect(command.data.report);
      break;
    case 'RetractEvent':
    case 'RestoreEvent':
    case 'AttachSource':
    case 'DetachSource':
    case 'ChangeAgreementStatus':
      break;
    default: {
      const unknownCommand: never = command;
      throw new TypeError(`unknown event command ${JSON.stringify(unknownCommand)}`);
    }
  }
  return { actorIds: [...actorIds], eventIds: [...eventIds] };
}
