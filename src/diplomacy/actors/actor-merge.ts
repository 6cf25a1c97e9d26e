import { ConflictError, NotFoundError, ValidationError, throwIfProblems, type Problem } from '../errors';
import { checkText, withArticle } from '../validation';
import type { ActorAbsorbed, ActorMerged, ActorState } from './actor-types';
import { ACTOR_LIMITS } from './actor-validation';

export type MergeActors = { duplicate: ActorState; survivor: ActorState; reason: string };

/**
 * A merge changes two streams: the duplicate records that it now lives on in the survivor, and
 * the survivor takes over the duplicate's names as aliases so that imports still match them.
 * The application layer appends both (each with its own expected version). Roles, country and
 * codes of the duplicate are not copied: revise the survivor for that.
 */
export function decideMerge({ duplicate, survivor, reason }: MergeActors): {
  duplicateEvents: ActorMerged[];
  survivorEvents: ActorAbsorbed[];
} {
  const problems: Problem[] = [];
  const why = checkText(reason, ['reason'], { label: 'reason', min: 1, max: ACTOR_LIMITS.reason }, problems);
  if (duplicate.status === 'NOT_REGISTERED') throw new NotFoundError('the duplicate actor is not registered');
  if (survivor.status === 'NOT_REGISTERED') throw new NotFoundError('the surviving actor is not registered');
  if (duplicate.actorId === survivor.actorId)
    throw new ValidationError(['survivorId'], `actor ${duplicate.actorId} cannot be merged into itself`);
  if (duplicate.status === 'MERGED') {
    throw new ConflictError(`actor ${duplicate.actorId} was merged into ${duplicate.mergedInto} already`);
  }
  if (survivor.status === 'MERGED') {
    throw new ConflictError(
      `actor ${survivor.actorId} was merged into ${survivor.mergedInto}; merge into ${survivor.mergedInto} instead`,
    );
  }
  if (duplicate.kind !== survivor.kind) {
    problems.push({
      path: ['survivorId'],
      message: `cannot merge ${withArticle(duplicate.kind)} (${duplicate.name}) into ${withArticle(survivor.kind)} (${survivor.name}): kinds differ`,
    });
  }
  const known = new Set([survivor.name, ...survivor.aliases].map((name) => name.toLowerCase()));
  const aliases: string[] = [];
  for (const name of [duplicate.name, ...duplicate.aliases]) {
    if (known.has(name.toLowerCase())) continue;
    known.add(name.toLowerCase());
    aliases.push(name);
  }
  const total = survivor.aliases.length + aliases.length;
  if (total > ACTOR_LIMITS.aliases) {
    problems.push({
      path: ['aliases'],
      message: `the survivor would have ${total} aliases, at most ${ACTOR_LIMITS.aliases} are allowed: remove some from either actor first`,
    });
  }
  throwIfProblems(problems);
  return {
    duplicateEvents: [
      { type: 'ActorMerged', data: { actorId: duplicate.actorId, into: survivor.actorId, reason: why! } },
    ],
    survivorEvents: [
      {
        type: 'ActorAbsorbed',
        data: { actorId: survivor.actorId, duplicateId: duplicate.actorId, aliases, reason: why! },
      },
    ],
  };
}
