import type { Problem, ProblemPath } from './errors';
import { describeValue } from './validation';

/**
 * Facts from other streams that a command needs. The application layer loads them and passes
 * them IN the command, so deciders stay pure: an id missing here is "unknown".
 */
export const ACTOR_KINDS = ['PERSON', 'STATE', 'ORGANIZATION'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export type ActorFact = {
  kind: ActorKind;
  name: string;
  /** Set when the actor was merged into another (its survivor). */
  mergedInto?: string;
};

export type ActorFacts = Record<string, ActorFact>;

/** An actor reference after following merges: `actorId` is the survivor's id when it was merged. */
export type ResolvedActor = { actorId: string; kind: ActorKind; name: string };

/**
 * Follows mergedInto to the surviving actor. The survivor may be missing from the facts (the
 * application layer need not load it): merges only join actors of one kind, so the kind is known.
 */
export function resolveActor(
  actorId: unknown,
  facts: ActorFacts,
  path: ProblemPath,
  problems: Problem[],
): ResolvedActor | undefined {
  const fact = typeof actorId === 'string' && Object.hasOwn(facts, actorId) ? facts[actorId] : undefined;
  if (!fact) {
    problems.push({
      path,
      message: `unknown actor id ${typeof actorId === 'string' ? actorId : describeValue(actorId)}`,
    });
    return undefined;
  }
  let resolved: ResolvedActor = { actorId: actorId as string, kind: fact.kind, name: fact.name };
  const seen = new Set<string>([resolved.actorId]);
  let next = fact.mergedInto;
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    const survivor = Object.hasOwn(facts, next) ? facts[next] : undefined;
    resolved = { actorId: next, kind: survivor?.kind ?? resolved.kind, name: survivor?.name ?? resolved.name };
    next = survivor?.mergedInto;
  }
  return resolved;
}

export function describeActor(actor: ResolvedActor): string {
  return `${actor.actorId} (${actor.name})`;
}
