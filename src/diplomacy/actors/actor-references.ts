import { addId, asList, isRecord } from '../validation';
import type { ActorCommand, ActorState } from './actor-types';

/** Actor ids whose facts the command's context must hold: role.ofActorId of the command and, for a revision, of the actor. */
export function actorCommandReferences(command: ActorCommand, state: ActorState): { actorIds: string[] } {
  const ids = new Set<string>();
  const roles = [
    ...asList(command.data.roles),
    ...(command.type === 'ReviseActor' && state.status !== 'NOT_REGISTERED' ? state.roles : []),
  ];
  for (const role of roles) if (isRecord(role)) addId(ids, role.ofActorId);
  return { actorIds: [...ids] };
}
