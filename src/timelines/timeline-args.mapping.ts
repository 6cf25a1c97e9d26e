import { temporalInterval, validateTemporalPoint } from '../diplomacy';
import { QueryInputError, type RecordTimeOptions, type TimelineFilter, type TimelineOptions } from './queries';
import type { RecordTimeArgs, TimelineArgs } from './dto/timeline.args';
import type { TimelineFilterInput } from './dto/timeline-filter.input';

/** GraphQL arguments to the query layer's terms; what the query layer checks itself is left to it. */
export function toTimelineFilter(input: TimelineFilterInput | null | undefined, path = 'filter'): TimelineFilter {
  if (!input) return {};
  const filter: TimelineFilter = {};
  if (input.actors) {
    filter.actorIds = {
      ...(input.actors.anyOf ? { anyOf: input.actors.anyOf } : {}),
      ...(input.actors.allOf ? { allOf: input.actors.allOf } : {}),
    };
  }
  if (input.dyad) {
    filter.dyad = {};
    if (input.dyad.actors) filter.dyad.actors = pair(input.dyad.actors, `${path}.dyad.actors`);
    if (input.dyad.countries) filter.dyad.countries = pair(input.dyad.countries, `${path}.dyad.countries`);
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
