import {
  EVENT_KINDS,
  PARTICIPANT_ROLES,
  type EventKind,
  type ParticipantRole,
} from '../../diplomacy/events/event-types';
import { EVENT_LIMITS } from '../../diplomacy/events/event-limits';
import { normaliseTopic, topicProblem } from '../../diplomacy/events/topics';
import { isCameoEventCode } from '../../diplomacy/reference/cameo';
import { isIso3Country } from '../../diplomacy/reference/country-lookup';
import { isValidTimeZone } from '../../diplomacy/temporal';
import { unstorableTextProblem } from '../../input/storable-text';
import {
  decodeActorCursor,
  decodeChangeCursor,
  decodeTimelineCursor,
  type ActorKey,
  type ChangeKey,
  type TimelineKey,
} from './cursors';
import { QueryInputError } from '../../input/query-input-error';
import {
  BUCKET_SIZES,
  type ActorsOptions,
  type BucketOptions,
  type BucketSize,
  type ChangeOptions,
  type RecordTimeOptions,
  type SortOrder,
  type TimelineFilter,
  type TimelineOptions,
} from './query-types';
import { parseVersionId } from '../../graphql/models/version-id';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_TEXT_LENGTH = 500;
/** More values than any picker offers; it bounds the statement, not a use case. */
export const MAX_LIST_LENGTH = 100;
/** An event holds at most this many sources: a larger minSources could only match nothing. */
export const MAX_MIN_SOURCES = EVENT_LIMITS.sources;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const CAMEO_ROOT = /^(0[1-9]|1[0-9]|20)$/;

/** A side of a directed dyad, checked: exactly one of actor and country. */
export type CheckedDyadSide = { actor?: string; country?: string; roles?: ParticipantRole[] };

/** A filter checked and normalised (lower-case ids, normalised topics, ISO instants). */
export type CheckedFilter = {
  anyOf?: string[];
  allOf?: string[];
  /** The roles the actors of anyOf and allOf take part in (any role when absent). */
  actorRoles?: ParticipantRole[];
  dyadActors?: [string, string];
  dyadCountries?: [string, string];
  dyadFrom?: CheckedDyadSide;
  dyadTo?: CheckedDyadSide;
  countries?: string[];
  locationCountries?: string[];
  kinds?: EventKind[];
  cameoCodes?: string[];
  cameoRootCodes?: string[];
  topics?: string[];
  from?: string;
  to?: string;
  placeName?: string;
  text?: string;
  eventIds?: string[];
  minSources?: number;
};

export type CheckedRecordTime = { asOf: Date | null; includeRetracted: boolean };

export type CheckedPaging = {
  order: SortOrder;
  /** 'first' reads forward in `order` from `after`; 'last' reads backward from `before`. */
  mode: 'first' | 'last';
  size: number;
  after: TimelineKey | null;
  before: TimelineKey | null;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return Array.isArray(value) ? 'a list' : typeof value;
}

function checkObject(value: unknown, field: string, members: readonly string[]): Record<string, unknown> {
  if (!isRecord(value)) throw new QueryInputError(field, `must be an object, got ${describe(value)}`);
  const unknown = Object.keys(value).find((key) => value[key] !== undefined && !members.includes(key));
  if (unknown !== undefined)
    throw new QueryInputError(`${field}.${unknown}`, `is not a known field (${members.join(', ')})`);
  return value;
}

/** A list given must hold something: an empty "any of" would silently match nothing. */
function checkList<T>(
  value: unknown,
  field: string,
  item: (value: unknown, field: string) => T,
  max = MAX_LIST_LENGTH,
): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new QueryInputError(field, `must be a list, got ${describe(value)}`);
  if (value.length === 0) throw new QueryInputError(field, 'must not be empty; leave it out to match everything');
  if (value.length > max) throw new QueryInputError(field, `lists at most ${max} values, got ${value.length}`);
  return [...new Set(value.map((element, index) => item(element, `${field}.${index}`)))];
}

export function checkUuid(value: unknown, field: string): string {
  if (typeof value === 'string' && parseVersionId(value))
    throw new QueryInputError(
      field,
      'must be a UUID (an eventId or actorId), got the id of one version: that one is for node(id) and caches',
    );
  if (typeof value !== 'string' || !UUID.test(value))
    throw new QueryInputError(field, `must be a UUID, got ${describe(value)}`);
  return value.toLowerCase();
}

function checkCountry(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw new QueryInputError(
      field,
      `must be an ISO 3166-1 alpha-3 code in capitals such as RUS, got ${describe(value)}`,
    );
  }
  if (!isIso3Country(value)) throw new QueryInputError(field, `${value} is not an ISO 3166-1 alpha-3 country code`);
  return value;
}

/** One of each role at most: a longer list can only repeat one. */
export const MAX_ROLES = PARTICIPANT_ROLES.length;

function checkRole(value: unknown, field: string): ParticipantRole {
  if (typeof value !== 'string' || !(PARTICIPANT_ROLES as readonly string[]).includes(value)) {
    throw new QueryInputError(field, `must be one of ${PARTICIPANT_ROLES.join(', ')}, got ${describe(value)}`);
  }
  return value as ParticipantRole;
}

const checkRoles = (value: unknown, field: string) => checkList(value, field, checkRole, MAX_ROLES);

function checkDyadSide(value: unknown, field: string): CheckedDyadSide {
  const side = checkObject(value, field, ['actor', 'country', 'roles']);
  const given = (key: string) => side[key] !== undefined && side[key] !== null;
  if (given('actor') === given('country')) throw new QueryInputError(field, 'names exactly one of actor and country');
  const checked: CheckedDyadSide = given('actor')
    ? { actor: checkUuid(side.actor, `${field}.actor`) }
    : { country: checkCountry(side.country, `${field}.country`) };
  const roles = checkRoles(side.roles, `${field}.roles`);
  return roles ? { ...checked, roles } : checked;
}

function checkKind(value: unknown, field: string): EventKind {
  if (typeof value !== 'string' || !(EVENT_KINDS as readonly string[]).includes(value)) {
    throw new QueryInputError(field, `must be one of ${EVENT_KINDS.join(', ')}, got ${describe(value)}`);
  }
  return value as EventKind;
}

function checkCameoCode(value: unknown, field: string): string {
  if (!isCameoEventCode(value))
    throw new QueryInputError(field, `must be a CAMEO event code such as 042, got ${describe(value)}`);
  return value;
}

function checkCameoRoot(value: unknown, field: string): string {
  if (typeof value !== 'string' || !CAMEO_ROOT.test(value)) {
    throw new QueryInputError(field, `must be a two-digit CAMEO root code 01-20, got ${describe(value)}`);
  }
  return value;
}

function checkTopic(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new QueryInputError(field, `must be text, got ${describe(value)}`);
  checkStorable(value, field);
  const topic = normaliseTopic(value);
  const problem = topicProblem(value, topic);
  if (problem) throw new QueryInputError(field, problem);
  return topic;
}

function checkText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new QueryInputError(field, `must be text, got ${describe(value)}`);
  checkStorable(value, field);
  const text = value.trim();
  if (text.length === 0) throw new QueryInputError(field, 'must not be empty; leave it out to match everything');
  if ([...text].length > max) throw new QueryInputError(field, `is longer than ${max} characters`);
  return text;
}

/** Callers beside GraphQL (exports, subscriptions' filters) reach here without the argument pipe. */
function checkStorable(value: string, field: string): void {
  const problem = unstorableTextProblem(value);
  if (problem) throw new QueryInputError(field, problem);
}

/** An instant with its zone (Z or an offset), returned as UTC ISO; a bare local time is ambiguous. */
function checkInstant(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new QueryInputError(
      field,
      `must be an ISO 8601 instant with Z or an offset, such as 2022-07-19T00:00:00Z, got ${describe(value)}`,
    );
  }
  return new Date(value).toISOString();
}

function checkPair<T>(value: unknown, field: string, item: (value: unknown, field: string) => T): [T, T] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== 2)
    throw new QueryInputError(field, `must list exactly two values, got ${describe(value)}`);
  return [item(value[0], `${field}.0`), item(value[1], `${field}.1`)];
}

/** Callers may come from untyped JSON, so every member is checked, not only trusted by type. */
export function checkFilter(filter: TimelineFilter | null | undefined, field = 'filter'): CheckedFilter {
  if (filter === undefined || filter === null) return {};
  const f = checkObject(filter as unknown, field, [
    'actorIds',
    'dyad',
    'countries',
    'locationCountries',
    'kinds',
    'cameoCodes',
    'cameoRootCodes',
    'topics',
    'dateRange',
    'placeName',
    'text',
    'eventIds',
    'minSources',
  ]);
  const checked: CheckedFilter = {};
  if (f.actorIds !== undefined && f.actorIds !== null) {
    const actorIds = checkObject(f.actorIds, `${field}.actorIds`, ['anyOf', 'allOf', 'roles']);
    checked.anyOf = checkList(actorIds.anyOf, `${field}.actorIds.anyOf`, checkUuid);
    checked.allOf = checkList(actorIds.allOf, `${field}.actorIds.allOf`, checkUuid);
    checked.actorRoles = checkRoles(actorIds.roles, `${field}.actorIds.roles`);
    if (checked.actorRoles && !checked.anyOf && !checked.allOf)
      throw new QueryInputError(`${field}.actorIds.roles`, 'are the roles of the actors of anyOf or allOf: give them');
  }
  if (f.dyad !== undefined && f.dyad !== null) {
    const dyad = checkObject(f.dyad, `${field}.dyad`, ['actors', 'countries', 'from', 'to']);
    const directed = ['from', 'to'].filter((key) => dyad[key] !== undefined && dyad[key] !== null);
    if (directed.length > 0) {
      // One dyad at a time: a directed one and an undirected one in one object would be two.
      const undirected = ['actors', 'countries'].find((key) => dyad[key] !== undefined && dyad[key] !== null);
      if (undirected !== undefined)
        throw new QueryInputError(`${field}.dyad.${undirected}`, 'give either actors or countries, or from and to');
      if (directed.length === 1)
        throw new QueryInputError(
          `${field}.dyad.${directed[0] === 'from' ? 'to' : 'from'}`,
          'a directed dyad has both from and to',
        );
      checked.dyadFrom = checkDyadSide(dyad.from, `${field}.dyad.from`);
      checked.dyadTo = checkDyadSide(dyad.to, `${field}.dyad.to`);
      if (checked.dyadFrom.actor !== undefined && checked.dyadFrom.actor === checked.dyadTo.actor)
        throw new QueryInputError(`${field}.dyad.to.actor`, 'must differ from the actor of from');
    }
    checked.dyadActors = checkPair(dyad.actors, `${field}.dyad.actors`, checkUuid);
    if (checked.dyadActors && checked.dyadActors[0] === checked.dyadActors[1]) {
      throw new QueryInputError(`${field}.dyad.actors.1`, 'must differ from the first actor');
    }
    // Two equal countries are meaningful: events between two actors of one country.
    checked.dyadCountries = checkPair(dyad.countries, `${field}.dyad.countries`, checkCountry);
  }
  checked.countries = checkList(f.countries, `${field}.countries`, checkCountry);
  checked.locationCountries = checkList(f.locationCountries, `${field}.locationCountries`, checkCountry);
  checked.kinds = checkList(f.kinds, `${field}.kinds`, checkKind);
  checked.cameoCodes = checkList(f.cameoCodes, `${field}.cameoCodes`, checkCameoCode);
  checked.cameoRootCodes = checkList(f.cameoRootCodes, `${field}.cameoRootCodes`, checkCameoRoot);
  checked.topics = checkList(f.topics, `${field}.topics`, checkTopic);
  if (f.dateRange !== undefined && f.dateRange !== null) {
    const range = checkObject(f.dateRange, `${field}.dateRange`, ['from', 'to']);
    checked.from = checkInstant(range.from, `${field}.dateRange.from`);
    checked.to = checkInstant(range.to, `${field}.dateRange.to`);
    if (checked.from !== undefined && checked.to !== undefined && checked.from >= checked.to) {
      throw new QueryInputError(`${field}.dateRange.to`, 'must be after from');
    }
  }
  checked.placeName = checkText(f.placeName, `${field}.placeName`, EVENT_LIMITS.placeName);
  checked.text = checkText(f.text, `${field}.text`, MAX_TEXT_LENGTH);
  checked.eventIds = checkList(f.eventIds, `${field}.eventIds`, checkUuid);
  checked.minSources = checkMinSources(f.minSources, `${field}.minSources`);
  for (const key of Object.keys(checked) as (keyof CheckedFilter)[])
    if (checked[key] === undefined) delete checked[key];
  return checked;
}

/** 1 leaves out events without sources; each more asks for one more independent report. */
function checkMinSources(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MIN_SOURCES) {
    throw new QueryInputError(
      field,
      `must be a whole number from 1 to ${MAX_MIN_SOURCES} (an event holds at most ${MAX_MIN_SOURCES} sources), got ${describe(value)}`,
    );
  }
  return value;
}

/** A record time: a real Date in the years PostgreSQL and the read model can compare. */
function checkMoment(value: unknown, field: string): void {
  if (value !== undefined && value !== null && (!(value instanceof Date) || Number.isNaN(value.getTime()))) {
    throw new QueryInputError(field, `must be a valid date-time, got ${describe(value)}`);
  }
  // JavaScript dates reach 271,821 BC; PostgreSQL's stop at 4713 BC and would refuse the statement.
  if (value instanceof Date && (value.getUTCFullYear() < 1 || value.getUTCFullYear() > 9999)) {
    throw new QueryInputError(field, `must be a date-time in the years 1 to 9999, got ${value.toISOString()}`);
  }
}

export function checkRecordTime(options: RecordTimeOptions): CheckedRecordTime {
  const { asOf, includeRetracted } = options;
  checkMoment(asOf, 'asOf');
  if (includeRetracted !== undefined && includeRetracted !== null && typeof includeRetracted !== 'boolean') {
    throw new QueryInputError('includeRetracted', `must be true or false, got ${describe(includeRetracted)}`);
  }
  return { asOf: asOf ?? null, includeRetracted: includeRetracted ?? false };
}

export type CheckedChangeWindow = {
  from: Date;
  /** null: now. */
  to: Date | null;
  first: number;
  after: ChangeKey | null;
};

/**
 * The window of timelineChanges: from before to (when given). That neither is ahead of the clock
 * is the caller's to check against the database's clock (see the resolver): this layer has none.
 */
export function checkChangeWindow(options: ChangeOptions): CheckedChangeWindow {
  const { from, to } = options;
  if (from === undefined || from === null) throw new QueryInputError('from', 'is required');
  checkMoment(from, 'from');
  checkMoment(to, 'to');
  if (to instanceof Date && from.getTime() >= to.getTime())
    throw new QueryInputError('to', `must be after from (${from.toISOString()}), got ${to.toISOString()}`);
  const first =
    options.first === undefined || options.first === null ? DEFAULT_PAGE_SIZE : checkPageSize(options.first, 'first');
  const after =
    options.after === undefined || options.after === null ? null : decodeChangeCursor(options.after, 'after');
  return { from, to: to ?? null, first, after };
}

export function checkPageSize(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new QueryInputError(field, `must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${describe(value)}`);
  }
  return value;
}

export function checkPaging(options: TimelineOptions): CheckedPaging {
  const order = options.order ?? 'ASC';
  if (order !== 'ASC' && order !== 'DESC')
    throw new QueryInputError('order', `must be ASC or DESC, got ${describe(order)}`);
  const hasFirst = options.first !== undefined && options.first !== null;
  const hasLast = options.last !== undefined && options.last !== null;
  if (hasFirst && hasLast) throw new QueryInputError('last', 'give first or last, not both');
  const after =
    options.after === undefined || options.after === null ? null : decodeTimelineCursor(options.after, 'after');
  const before =
    options.before === undefined || options.before === null ? null : decodeTimelineCursor(options.before, 'before');
  if (hasLast) return { order, mode: 'last', size: checkPageSize(options.last, 'last'), after, before };
  return {
    order,
    mode: 'first',
    size: hasFirst ? checkPageSize(options.first, 'first') : DEFAULT_PAGE_SIZE,
    after,
    before,
  };
}

export function checkBucketOptions(options: BucketOptions): { bucket: BucketSize; timeZone: string } {
  if (!(BUCKET_SIZES as readonly unknown[]).includes(options.bucket)) {
    throw new QueryInputError('bucket', `must be one of ${BUCKET_SIZES.join(', ')}, got ${describe(options.bucket)}`);
  }
  const timeZone = options.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    throw new QueryInputError(
      'timeZone',
      `must be an IANA time zone such as Asia/Tehran or UTC, got ${describe(timeZone)}`,
    );
  }
  return { bucket: options.bucket, timeZone };
}

export function checkActorsOptions(options: ActorsOptions): {
  search: string | null;
  includeMerged: boolean;
  first: number;
  after: ActorKey | null;
} {
  const search = checkText(options.search, 'search', MAX_TEXT_LENGTH) ?? null;
  if (options.includeMerged !== undefined && typeof options.includeMerged !== 'boolean') {
    throw new QueryInputError('includeMerged', `must be true or false, got ${describe(options.includeMerged)}`);
  }
  const first =
    options.first === undefined || options.first === null ? DEFAULT_PAGE_SIZE : checkPageSize(options.first, 'first');
  const after =
    options.after === undefined || options.after === null ? null : decodeActorCursor(options.after, 'after');
  return { search, includeMerged: options.includeMerged ?? false, first, after };
}
