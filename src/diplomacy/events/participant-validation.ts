import { resolveActor, type ActorFacts } from '../context';
import type { Problem } from '../errors';
import { checkList, checkOneOf, describeValue, isRecord } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import { PARTICIPANT_ROLES, type Participant } from './event-types';

/**
 * Who took part, and how. An actor merged into another is recorded as its survivor (the facts
 * say which), and pairs that become equal through that are kept once; pairs given twice in the
 * command itself are an error, since that is a mistake of the caller.
 */
export function validateParticipants(
  value: unknown,
  facts: ActorFacts,
  problems: Problem[],
): { participants: Participant[]; complete: boolean } {
  const before = problems.length;
  const list = checkList(value, ['participants'], 'participants', EVENT_LIMITS.participants, problems);
  if (list === undefined) return { participants: [], complete: false };
  if (list.length === 0) {
    problems.push({ path: ['participants'], message: 'an event needs at least one participant' });
    return { participants: [], complete: false };
  }
  const participants: Participant[] = [];
  const given = new Set<string>();
  list.forEach((raw, index) => {
    const path = ['participants', index];
    if (!isRecord(raw)) {
      problems.push({ path, message: `a participant must be { actorId, role }, got ${describeValue(raw)}` });
      return;
    }
    const actor = resolveActor(raw.actorId, facts, [...path, 'actorId'], problems);
    const role = checkOneOf(raw.role, PARTICIPANT_ROLES, [...path, 'role'], 'role', problems);
    if (!actor || !role) return;
    const key = `${String(raw.actorId)} ${role}`;
    if (given.has(key)) {
      problems.push({ path, message: `actor ${String(raw.actorId)} (${actor.name}) is listed as ${role} twice` });
      return;
    }
    given.add(key);
    if (!participants.some((p) => p.actorId === actor.actorId && p.role === role))
      participants.push({ actorId: actor.actorId, role });
  });
  return { participants, complete: problems.length === before };
}

/** Actors taking part as parties: HOST, GUEST or PARTICIPANT (not those merely mentioned). */
export function distinctParties(participants: Participant[]): string[] {
  return [
    ...new Set(
      participants
        .filter((p) => p.role === 'HOST' || p.role === 'GUEST' || p.role === 'PARTICIPANT')
        .map((p) => p.actorId),
    ),
  ];
}
