import type { Problem, ProblemPath } from '../errors';
import { copyTemporalPoint, validateTemporalPoint, type TemporalPoint } from '../temporal';
import { checkList, checkOptionalText, checkText, checkUuid, describeValue, isRecord } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import type { EventSource } from './event-types';

/** An empty optional text ("") is taken as left out: forms send it for untouched inputs. */
const optional = (value: unknown): unknown => (value === '' ? undefined : value);

export function validateSource(raw: unknown, path: ProblemPath, problems: Problem[]): EventSource | undefined {
  if (!isRecord(raw)) {
    problems.push({
      path,
      message: `a source must be { sourceId, publisher, url?, title?, publishedAt?, excerpt? }, got ${describeValue(raw)}`,
    });
    return undefined;
  }
  const before = problems.length;
  const sourceId = checkUuid(raw.sourceId, [...path, 'sourceId'], 'sourceId', problems);
  const publisher = checkText(
    raw.publisher,
    [...path, 'publisher'],
    { label: 'publisher', min: 1, max: EVENT_LIMITS.publisher },
    problems,
  );
  const url = checkUrl(optional(raw.url), [...path, 'url'], problems);
  const title = checkOptionalText(
    optional(raw.title),
    [...path, 'title'],
    { label: 'source title', min: 1, max: EVENT_LIMITS.sourceTitle },
    problems,
  );
  const excerpt = checkOptionalText(
    optional(raw.excerpt),
    [...path, 'excerpt'],
    { label: 'excerpt', min: 1, max: EVENT_LIMITS.excerpt },
    problems,
  );
  const hasDate = raw.publishedAt !== undefined && raw.publishedAt !== null;
  if (hasDate) problems.push(...validateTemporalPoint(raw.publishedAt, [...path, 'publishedAt']));
  if (problems.length > before) return undefined;

  const source: EventSource = { sourceId: sourceId!, publisher: publisher! };
  if (url !== undefined) source.url = url;
  if (title !== undefined) source.title = title;
  if (hasDate) source.publishedAt = copyTemporalPoint(raw.publishedAt as TemporalPoint);
  if (excerpt !== undefined) source.excerpt = excerpt;
  return source;
}

function checkUrl(value: unknown, path: ProblemPath, problems: Problem[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = checkText(value, path, { label: 'url', min: 1, max: EVENT_LIMITS.url }, problems);
  if (text === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(text).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return text;
  problems.push({ path, message: `url must be an http or https URL, got ${describeValue(text)}` });
  return undefined;
}

/** Sources of one event, each id once. */
export function validateSources(value: unknown, problems: Problem[]): EventSource[] {
  const list = checkList(value ?? [], ['sources'], 'sources', EVENT_LIMITS.sources, problems) ?? [];
  const sources: EventSource[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const source = validateSource(raw, ['sources', index], problems);
    if (!source) return;
    if (seen.has(source.sourceId)) {
      problems.push({ path: ['sources', index, 'sourceId'], message: `source ${source.sourceId} is listed twice` });
      return;
    }
    seen.add(source.sourceId);
    sources.push(source);
  });
  return sources;
}
