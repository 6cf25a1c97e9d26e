import type { Problem, ProblemPath } from '../errors';
import { checkList, checkOneOf, describeValue, isRecord, withArticle } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import { LINK_TYPES, type EventFact, type EventLink } from './event-types';

/** A link points at another recorded event; PART_OF only at a MEETING (a visit, a summit). */
export function validateLink(
  raw: unknown,
  path: ProblemPath,
  eventId: string,
  events: Record<string, EventFact>,
  problems: Problem[],
): EventLink | undefined {
  if (!isRecord(raw)) {
    problems.push({ path, message: `a link must be { type, targetEventId }, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = problems.length;
  const type = checkOneOf(raw.type, LINK_TYPES, [...path, 'type'], 'link type', problems);
  const target = raw.targetEventId;
  const fact = typeof target === 'string' && Object.hasOwn(events, target) ? events[target] : undefined;
  if (target === eventId) {
    problems.push({ path: [...path, 'targetEventId'], message: 'an event cannot link to itself' });
  } else if (!fact) {
    problems.push({
      path: [...path, 'targetEventId'],
      message: `unknown event id ${typeof target === 'string' ? target : describeValue(target)}`,
    });
  } else if (type === 'PART_OF' && fact.kind !== 'MEETING') {
    problems.push({
      path: [...path, 'targetEventId'],
      message: `PART_OF must point to a MEETING, ${target as string} is ${withArticle(fact.kind)}`,
    });
  }
  if (problems.length > before) return undefined;
  return { type: type!, targetEventId: target as string };
}

export function validateLinks(
  value: unknown,
  eventId: string,
  events: Record<string, EventFact>,
  problems: Problem[],
): EventLink[] {
  const list = checkList(value ?? [], ['links'], 'links', EVENT_LIMITS.links, problems) ?? [];
  const links: EventLink[] = [];
  list.forEach((raw, index) => {
    const link = validateLink(raw, ['links', index], eventId, events, problems);
    if (!link) return;
    if (links.some((other) => sameLink(other, link))) {
      problems.push({ path: ['links', index], message: `duplicate link ${link.type} → ${link.targetEventId}` });
      return;
    }
    links.push(link);
  });
  return links;
}

export function sameLink(a: EventLink, b: EventLink): boolean {
  return a.type === b.type && a.targetEventId === b.targetEventId;
}
