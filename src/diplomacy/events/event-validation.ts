import type { Problem } from '../errors';
import { cameoEventLabel } from '../reference/cameo';
import { countryCodeProblem } from '../reference/country-lookup';
import { checkEndNotBeforeStart, copyTemporalPoint, validateTemporalPoint, type TemporalPoint } from '../temporal';
import { checkList, checkText, describeValue, isRecord } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import {
  DEFAULT_CAMEO_CODES,
  type EventContext,
  type EventFields,
  type EventKind,
  type EventLocation,
} from './event-types';
import { validateKindDetails } from './kind-details-validation';
import { validateLinks } from './link-validation';
import { validateParticipants } from './participant-validation';
import { validateSources } from './source-validation';
import { normaliseTopic, topicProblem } from './topics';

/**
 * An event's fields as they will be recorded (trimmed, normalised, defaults filled, merged actors
 * replaced by their survivors), with every problem found. `fields` is only meaningful when there
 * are no problems. Without a valid kind, the kind's details are not checked.
 */
export function validateEventFields(
  input: Record<string, unknown>,
  kind: EventKind | undefined,
  eventId: string,
  context: EventContext,
): { fields: EventFields; problems: Problem[] } {
  const problems: Problem[] = [];
  const title = checkText(input.title, ['title'], { label: 'title', min: 1, max: EVENT_LIMITS.title }, problems) ?? '';
  const summary =
    input.summary === undefined || input.summary === null
      ? ''
      : (checkText(input.summary, ['summary'], { label: 'summary', min: 0, max: EVENT_LIMITS.summary }, problems) ??
        '');
  const { start, end } = validateStartEnd(input.start, input.end, problems);
  const location = validateLocation(input.location, problems);
  const participants = validateParticipants(input.participants, context.actors, problems);
  const topics = validateTopics(input.topics, problems);
  const sources = validateSources(input.sources, problems);
  const cameoCode = validateCameoCode(input.cameoCode, kind, problems);
  const links = validateLinks(input.links, eventId, context.events, problems);
  const details = kind
    ? validateKindDetails(input, kind, participants, context, problems)
    : { meeting: null, statement: null, agreement: null };
  return {
    fields: {
      title,
      summary,
      start,
      end,
      location,
      participants: participants.participants,
      topics,
      sources,
      cameoCode,
      links,
      ...details,
    },
    problems,
  };
}

function validateStartEnd(
  start: unknown,
  end: unknown,
  problems: Problem[],
): { start: TemporalPoint; end: TemporalPoint | null } {
  const startProblems = validateTemporalPoint(start, ['start']);
  const hasEnd = end !== undefined && end !== null;
  const endProblems = hasEnd ? validateTemporalPoint(end, ['end']) : [];
  problems.push(...startProblems, ...endProblems);
  if (startProblems.length > 0 || endProblems.length > 0) return { start: start as TemporalPoint, end: null };
  if (hasEnd) {
    const order = checkEndNotBeforeStart(start as TemporalPoint, end as TemporalPoint, ['end']);
    if (order) problems.push(order);
  }
  return {
    start: copyTemporalPoint(start as TemporalPoint),
    end: hasEnd ? copyTemporalPoint(end as TemporalPoint) : null,
  };
}

function validateLocation(value: unknown, problems: Problem[]): EventLocation | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) {
    problems.push({
      path: ['location'],
      message: `location must be { placeName, country?, coordinates? }, got ${describeValue(value)}`,
    });
    return null;
  }
  const before = problems.length;
  const placeName = checkText(
    value.placeName,
    ['location', 'placeName'],
    { label: 'placeName', min: 1, max: EVENT_LIMITS.placeName },
    problems,
  );
  const hasCountry = value.country !== undefined && value.country !== null && value.country !== '';
  const countryProblem = hasCountry ? countryCodeProblem(value.country) : undefined;
  if (countryProblem) problems.push({ path: ['location', 'country'], message: countryProblem });
  let coordinates: EventLocation['coordinates'];
  if (value.coordinates !== undefined && value.coordinates !== null) {
    const raw = isRecord(value.coordinates) ? value.coordinates : {};
    const lat = checkCoordinate(raw.lat, 'lat', 90, problems);
    const lon = checkCoordinate(raw.lon, 'lon', 180, problems);
    if (lat !== undefined && lon !== undefined) coordinates = { lat, lon };
  }
  if (problems.length > before) return null;
  const location: EventLocation = { placeName: placeName! };
  if (hasCountry) location.country = value.country as string;
  if (coordinates) location.coordinates = coordinates;
  return location;
}

function checkCoordinate(value: unknown, name: 'lat' | 'lon', limit: number, problems: Problem[]): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit) return value;
  problems.push({
    path: ['location', 'coordinates', name],
    message: `${name} must be a number from -${limit} to ${limit}, got ${describeValue(value)}`,
  });
  return undefined;
}

function validateTopics(value: unknown, problems: Problem[]): string[] {
  const list = checkList(value ?? [], ['topics'], 'topics', Number.POSITIVE_INFINITY, problems) ?? [];
  const topics: string[] = [];
  list.forEach((raw, index) => {
    if (typeof raw !== 'string') {
      problems.push({ path: ['topics', index], message: `a topic must be text, got ${describeValue(raw)}` });
      return;
    }
    const topic = normaliseTopic(raw);
    const problem = topicProblem(raw, topic);
    if (problem) problems.push({ path: ['topics', index], message: problem });
    else if (!topics.includes(topic)) topics.push(topic);
  });
  if (topics.length > EVENT_LIMITS.topics) {
    problems.push({
      path: ['topics'],
      message: `at most ${EVENT_LIMITS.topics} topics are allowed, got ${topics.length}`,
    });
  }
  return topics;
}

function validateCameoCode(value: unknown, kind: EventKind | undefined, problems: Problem[]): string {
  if (value === undefined || value === null || value === '') return kind ? DEFAULT_CAMEO_CODES[kind] : '';
  if (typeof value === 'string' && cameoEventLabel(value) !== undefined) return value;
  problems.push({
    path: ['cameoCode'],
    message:
      typeof value === 'string'
        ? `unknown CAMEO event code "${value}"`
        : `cameoCode must be text such as "040", got ${describeValue(value)}`,
  });
  return '';
}
