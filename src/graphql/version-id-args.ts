import { parseVersionId } from './models/version-id';

/** Members that name an event or an actor by its stable id: eventId, actorIds, targetEventId, partyIds... */
const NAMES_A_STABLE_ID = /Ids?$/;
const MAX_DEPTH = 16;

/**
 * The path of the first member named *Id or *Ids (an input that names an event or an actor) whose
 * value is the id of one version: a client that passes `id` where `eventId` belongs is told so,
 * instead of hearing that no such event exists. Depth is bounded (the admission check has
 * refused deeper documents already).
 */
export function findVersionIdArgument(value: unknown, path = '', named = false, depth = 0): string | undefined {
  if (typeof value === 'string') return named && parseVersionId(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || value instanceof Date) return undefined;
  const join = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findVersionIdArgument(value[index], join(index), named, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = findVersionIdArgument(item, join(key), NAMES_A_STABLE_ID.test(key), depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
