import type { Decider } from '../decider';
import { ACTOR_KINDS } from '../context';
import { ConflictError, NotFoundError, ValidationError, throwIfProblems, type Problem } from '../errors';
import { checkOneOf, checkText, checkUuid, jsonEqual, withArticle } from '../validation';
import type {
  Actor,
  ActorCommand,
  ActorEvent,
  ActorProfile,
  ActorState,
  RegisterActor,
  ReviseActor,
} from './actor-types';
import { ACTOR_LIMITS, validateActorProfile } from './actor-validation';

const PROFILE_FIELDS = [
  'name',
  'aliases',
  'country',
  'cameoCode',
  'roles',
] as const satisfies readonly (keyof ActorProfile)[];

export const initialActorState = (): ActorState => ({ status: 'NOT_REGISTERED' });

export function decideActor(command: ActorCommand, state: ActorState): ActorEvent[] {
  switch (command.type) {
    case 'RegisterActor':
      return register(command, state);
    case 'ReviseActor':
      return revise(command, state);
    default: {
      const unknownCommand: never = command;
      throw new TypeError(`unknown actor command ${JSON.stringify(unknownCommand)}`);
    }
  }
}

function register({ data, context }: RegisterActor, state: ActorState): ActorEvent[] {
  if (state.status !== 'NOT_REGISTERED') throw new ConflictError(`actor ${state.actorId} is registered already`);
  const problems: Problem[] = [];
  const actorId = checkUuid(data.actorId, ['actorId'], 'actorId', problems);
  const kind = checkOneOf(data.kind, ACTOR_KINDS, ['kind'], 'kind', problems);
  const { profile, problems: profileProblems } = validateActorProfile(data, kind ?? 'PERSON', context.actors);
  throwIfProblems([...problems, ...profileProblems]);
  return [{ type: 'ActorRegistered', data: { actorId: actorId!, kind: kind!, ...profile } }];
}

function revise({ data, context }: ReviseActor, state: ActorState): ActorEvent[] {
  const actor = existingActor(state, data.actorId);
  if (actor.status === 'MERGED') {
    throw new ConflictError(
      `actor ${actor.actorId} was merged into ${actor.mergedInto}; revise ${actor.mergedInto} instead`,
    );
  }
  const problems: Problem[] = [];
  const reason = checkText(data.reason, ['reason'], { label: 'reason', min: 1, max: ACTOR_LIMITS.reason }, problems);
  const givenKind = (data as Record<string, unknown>).kind;
  if (givenKind !== undefined && givenKind !== actor.kind) {
    problems.push({
      path: ['kind'],
      message: `kind cannot be revised (this is ${withArticle(actor.kind)}): register a new actor and merge`,
    });
  }
  const merged: Record<string, unknown> = { ...currentProfile(actor) };
  for (const field of PROFILE_FIELDS) if (data[field] !== undefined) merged[field] = data[field];
  const { profile, problems: profileProblems } = validateActorProfile(merged, actor.kind, context.actors);
  throwIfProblems([...problems, ...profileProblems]);

  const changes: Partial<ActorProfile> = {};
  const previous: Partial<ActorProfile> = {};
  for (const field of PROFILE_FIELDS) {
    if (jsonEqual(profile[field], actor[field])) continue;
    Object.assign(changes, { [field]: profile[field] });
    Object.assign(previous, { [field]: actor[field] });
  }
  if (Object.keys(changes).length === 0)
    throw new ValidationError([], 'nothing to change: the revision equals the current actor');
  return [{ type: 'ActorRevised', data: { actorId: actor.actorId, changes, previous, reason: reason! } }];
}

function existingActor(state: ActorState, actorId: string): Actor {
  if (state.status === 'NOT_REGISTERED') throw new NotFoundError(`actor ${actorId} is not registered`);
  if (state.actorId !== actorId)
    throw new ValidationError(['actorId'], `the command is for actor ${actorId}, the stream holds ${state.actorId}`);
  return state;
}

function currentProfile(actor: Actor): ActorProfile {
  return {
    name: actor.name,
    aliases: actor.aliases,
    country: actor.country,
    cameoCode: actor.cameoCode,
    roles: actor.roles,
  };
}

export function evolveActor(state: ActorState, event: ActorEvent): ActorState {
  switch (event.type) {
    case 'ActorRegistered':
      return { status: 'ACTIVE', mergedInto: null, absorbedActorIds: [], ...event.data };
    case 'ActorRevised':
      return state.status === 'NOT_REGISTERED' ? state : { ...state, ...event.data.changes };
    case 'ActorMerged':
      return state.status === 'NOT_REGISTERED' ? state : { ...state, status: 'MERGED', mergedInto: event.data.into };
    case 'ActorAbsorbed':
      return state.status === 'NOT_REGISTERED'
        ? state
        : {
            ...state,
            aliases: [...state.aliases, ...event.data.aliases],
            absorbedActorIds: [...state.absorbedActorIds, event.data.duplicateId],
          };
    default: {
      const unknownEvent: never = event;
      throw new TypeError(`unknown actor event ${JSON.stringify(unknownEvent)}`);
    }
  }
}

export const actorDecider: Decider<ActorState, ActorCommand, ActorEvent> = {
  decide: decideActor,
  evolve: evolveActor,
  initialState: initialActorState,
};
