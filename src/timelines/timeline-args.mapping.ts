import { PARTICIPANT_ROLES, temporalInterval, validateTemporalPoint, type ParticipantRole } from '../diplomacy';
import {
  MAX_LIST_LENGTH,
  QueryInputError,
  type RecordTimeOptions,
  type TimelineFilter,
  type TimelineOptions,
} from './queries';
import { checkUuid } from './queries/query-validation';
import type { RecordTimeArgs, TimelineArgs } from './dto/timeline.args';
import type { TimelineFilterInput } from './dto/timeline-filter.input';

/**
 * GraphQL arguments to the query layer's terms; what the query layer checks itself is left to it.
 * `ownActor`: the filter narrows an actor's own timeline, whose actor the selection's roles are.
 */
export function toTimelineFilter(
  input: TimelineFilterInput | null | undefined,
  path = 'filter',
  ownActor = false,
): TimelineFilter {
  if (!input) return {};
  const filter: TimelineFilter = {};
  if (input.actors) {
    if (input.actors.roles && !ownActor && !input.actors.anyOf && !input.actors.allOf)
      throw new QueryInputError(`${path}.actors.roles`, 'are the roles of the actors of anyOf or allOf: give them');
    filter.actorIds = {
      ...(input.actors.anyOf ? { anyOf: actorIds(input.actors.anyOf, `${path}.actors.anyOf`) } : {}),
      ...(input.actors.allOf ? { allOf: actorIds(input.actors.allOf, `${path}.actors.allOf`) } : {}),
      ...(input.actors.roles ? { roles: roles(input.actors.roles, `${path}.actors.roles`) } : {}),
    };
  }
  if (input.dyad) {
    filter.dyad = {};
    if (input.dyad.actors) filter.dyad.actors = pair(input.dyad.actors, `${path}.dyad.actors`);
    if (input.dyad.countries) filter.dyad.countries = pair(input.dyad.countries, `${path}.dyad.countries`);
    for (const end of ['from', 'to'] as const) {
      const side = input.dyad[end];
      if (!side) continue;
      filter.dyad[end] = {
        ...(side.actor !== undefined && side.actor !== null ? { actor: side.actor } : {}),
        ...(side.country !== undefined && side.country !== null ? { country: side.country } : {}),
        ...(side.roles ? { roles: roles(side.roles, `${path}.dyad.${end}.roles`) } : {}),
      };
    }
  }
  for (const key of [
    'countries',
    'locationCountries',
    'kinds',
    'cameoCodes',
    'cameoRootCodes',
    'topics',
    'placeName',
    'text',
    'minSources',
  ] as const) {
    if (input[key] !== undefined && input[key] !== null) (filter as Record<string, unknown>)[key] = input[key];
  }
  if (input.dateRange) {
    const { from, to } = input.dateRange;
    filter.dateRange = {
      ...(from ? { from: bound(from, `${path}.dateRange.from`).from } : {}),
      ...(to ? { to: bound(to, `${path}.dateRange.to`).to } : {}),
    };
  }
  return filter;
}

export function toRecordTime(args: RecordTimeArgs): RecordTimeOptions {
  return { ...(args.asOf ? { asOf: args.asOf } : {}), includeRetracted: args.includeRetracted ?? false };
}

export function toTimelineOptions(args: Omit<TimelineArgs, 'filter'>): TimelineOptions {
  return {
    ...toRecordTime(args),
    order: args.orderBy,
    ...(args.first !== undefined && args.first !== null ? { first: args.first } : {}),
    ...(args.after ? { after: args.after } : {}),
    ...(args.last !== undefined && args.last !== null ? { last: args.last } : {}),
    ...(args.before ? { before: args.before } : {}),
  };
}

/** The actor selection's ids are checked here too, with the path the client wrote (see roles). */
function actorIds(values: string[], field: string): string[] {
  if (values.length === 0) throw new QueryInputError(field, 'must not be empty; leave it out to match everything');
  if (values.length > MAX_LIST_LENGTH)
    throw new QueryInputError(field, `lists at most ${MAX_LIST_LENGTH} values, got ${values.length}`);
  return values.map((id, index) => checkUuid(id, `${field}.${index}`));
}

/**
 * Role lists are checked here too, with the path the client wrote (the query layer names the
 * actor selection `actorIds`): an empty list would match nothing, and a role can only repeat
 * past one of each.
 */
function roles(values: ParticipantRole[], field: string): ParticipantRole[] {
  if (values.length === 0) throw new QueryInputError(field, 'must not be empty; leave it out to match any role');
  if (values.length > PARTICIPANT_ROLES.length)
    throw new QueryInputError(field, `lists at most ${PARTICIPANT_ROLES.length} roles, got ${values.length}`);
  return values;
}

function pair(values: string[], field: string): [string, string] {
  if (values.length !== 2) throw new QueryInputError(field, `a dyad has exactly two members, got ${values.length}`);
  return [values[0]!, values[1]!];
}

/** A range bound at its own precision: "from 2022" starts on 1 January, "to 2022" ends with 31 December. */
function bound(
  point: { value: string; precision: string; timeZone: string },
  field: string,
): { from: string; to: string } {
  const problems = validateTemporalPoint({ ...point }, []);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new QueryInputError([field, ...first.path].join('.'), first.message);
  }
  return temporalInterval({ ...point } as Parameters<typeof temporalInterval>[0]);
}
