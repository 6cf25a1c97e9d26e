// The reader's state lives in the query string, so that a view can be shared and survives a
// reload. Each parameter maps onto one member of timeline(filter) or one argument of the query;
// this module is pure (no DOM) and tested in test/web/.

export const KINDS: readonly string[] = ['MEETING', 'STATEMENT', 'AGREEMENT'];
export const ROLES: readonly string[] = [
  'ADDRESSEE',
  'GUEST',
  'HOST',
  'MEDIATOR',
  'MENTIONED',
  'PARTICIPANT',
  'SIGNATORY',
  'SPEAKER',
];
export const GROUPINGS: readonly string[] = ['kind', 'actor'];

/** The reader's state: the query string's parameters, read and cleaned. */
export interface ReaderState {
  text: string;
  actors: string[];
  roles: string[];
  dyad: string[];
  countries: string[];
  kinds: string[];
  topics: string[];
  cameoRoot: string[];
  from: string;
  to: string;
  asOf: string;
  compare: string;
  includeRetracted: boolean;
  group: string;
  event: string;
}

/** A date of the filter, as TimelineFilterInput takes it. */
interface FilterPoint {
  value: string;
  precision: string;
  timeZone: string;
}

/** TimelineFilterInput, as far as the page fills it. */
export interface TimelineFilter {
  text?: string;
  actors?: { allOf: string[]; roles?: string[] };
  dyad?: { countries: string[] } | { actors: string[] };
  countries?: string[];
  kinds?: string[];
  topics?: string[];
  cameoRootCodes?: string[];
  dateRange?: { from?: FilterPoint; to?: FilterPoint };
}

/** The compare mode's window (from earlier to later; no `to` for now), or why there is none. */
export type ChangeWindow = { from: string; to?: string; error?: undefined } | { error: string };

const ISO3 = /^[A-Z]{3}$/;
const CAMEO_ROOT = /^(0[1-9]|1[0-9]|20)$/;
const DATE_VALUE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The precision a date typed as 2022, 2022-07 or 2022-07-19 is given at. */
export function precisionOf(value: string): string | undefined {
  if (!DATE_VALUE.test(value)) return undefined;
  return value.length === 4 ? 'YEAR' : value.length === 7 ? 'MONTH' : 'DAY';
}

function list(params: URLSearchParams, name: string): string[] {
  const raw = params.get(name);
  if (!raw) return [];
  return [
    ...new Set(
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

function upperList(params: URLSearchParams, name: string): string[] {
  return list(params, name).map((value) => value.toUpperCase());
}

/**
 * The state a query string describes. Values the service would refuse are kept as typed (the
 * service's BAD_USER_INPUT names the field), except enumerations, which drop unknown members.
 */
export function parseState(search: string | URLSearchParams): ReaderState {
  const params = search instanceof URLSearchParams ? search : new URLSearchParams(search);
  const asOf = params.get('asOf') ?? '';
  const group = params.get('group');
  return {
    text: params.get('text')?.trim() ?? '',
    actors: list(params, 'actors'),
    roles: upperList(params, 'roles').filter((role) => ROLES.includes(role)),
    dyad: upperOrId(list(params, 'dyad')),
    countries: upperList(params, 'countries'),
    kinds: upperList(params, 'kinds').filter((kind) => KINDS.includes(kind)),
    topics: list(params, 'topics').map((topic) => topic.toLowerCase()),
    cameoRoot: list(params, 'cameoRoot'),
    from: params.get('from')?.trim() ?? '',
    to: params.get('to')?.trim() ?? '',
    asOf: asOf.trim(),
    compare: params.get('compare')?.trim() ?? '',
    includeRetracted: params.get('retracted') === '1',
    group: group !== null && GROUPINGS.includes(group) ? group : 'kind',
    event: params.get('event') ?? '',
  };
}

/** Country codes upper-cased; actor ids (anything else) as given. */
function upperOrId(values: string[]): string[] {
  return values.map((value) => (ISO3.test(value.toUpperCase()) && value.length === 3 ? value.toUpperCase() : value));
}

/** The query string for a state, leaving out what is empty or default, in a stable order. */
export function stateToSearch(state: ReaderState): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | string[]): void => {
    if (Array.isArray(value) ? value.length : value) params.set(name, Array.isArray(value) ? value.join(',') : value);
  };
  put('text', state.text);
  put('actors', state.actors);
  put('roles', state.roles);
  put('dyad', state.dyad);
  put('countries', state.countries);
  put('kinds', state.kinds);
  put('topics', state.topics);
  put('cameoRoot', state.cameoRoot);
  put('from', state.from);
  put('to', state.to);
  put('asOf', state.asOf);
  put('compare', state.compare);
  if (state.includeRetracted) params.set('retracted', '1');
  if (state.group !== 'kind') params.set('group', state.group);
  put('event', state.event);
  const search = params.toString();
  return search ? `?${search}` : '';
}

function point(value: string, timeZone: string): FilterPoint {
  return { value, precision: precisionOf(value) ?? 'DAY', timeZone };
}

/** TimelineFilterInput for a state: one member per parameter, members left out when empty. */
export function filterOf(state: ReaderState, timeZone = 'UTC'): TimelineFilter {
  const filter: TimelineFilter = {};
  if (state.text) filter.text = state.text;
  if (state.actors.length)
    filter.actors = { allOf: state.actors, ...(state.roles.length ? { roles: state.roles } : {}) };
  if (state.dyad.length) {
    const countries = state.dyad.every((side) => ISO3.test(side));
    filter.dyad = countries ? { countries: state.dyad } : { actors: state.dyad };
  }
  if (state.countries.length) filter.countries = state.countries;
  if (state.kinds.length) filter.kinds = state.kinds;
  if (state.topics.length) filter.topics = state.topics;
  if (state.cameoRoot.length) filter.cameoRootCodes = state.cameoRoot;
  if (state.from || state.to) {
    filter.dateRange = {
      ...(state.from ? { from: point(state.from, timeZone) } : {}),
      ...(state.to ? { to: point(state.to, timeZone) } : {}),
    };
  }
  return filter;
}

/** The asOf argument: a date-time typed without a zone is read as UTC, as the control says. */
export function asOfArgument(state: Pick<ReaderState, 'asOf'>): string | undefined {
  if (!state.asOf) return undefined;
  return /(Z|[+-]\d{2}:\d{2})$/.test(state.asOf) ? state.asOf : `${state.asOf}Z`;
}

/**
 * The compare mode's window: `compare` (compared with: a date-time, or `now`) against `asOf` (as
 * known on; now when empty), the earlier moment as `from`, the later as `to` (left out for now).
 * Undefined without `compare`; { error } when both moments are now or one is not a date-time.
 */
export function changeWindow(state: Pick<ReaderState, 'asOf' | 'compare'>): ChangeWindow | undefined {
  if (!state.compare) return undefined;
  const moment = (text: string): { at: number; iso?: string } | undefined => {
    if (text === 'now' || text === '') return { at: Infinity };
    const iso = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
    const at = Date.parse(iso);
    return Number.isNaN(at) ? undefined : { at, iso: new Date(at).toISOString() };
  };
  const known = moment(state.asOf);
  const compared = moment(state.compare);
  if (!known || !compared) return { error: 'as known on and compared with must be date-times (UTC)' };
  if (known.at === compared.at)
    return { error: 'as known on and compared with are the same moment: choose an earlier one for either' };
  const [earlier, later] = known.at < compared.at ? [known, compared] : [compared, known];
  // The earlier of two different moments is never now: it has its date-time.
  return { from: earlier.iso!, ...(later.iso ? { to: later.iso } : {}) };
}

export function isCameoRoot(value: string): boolean {
  return CAMEO_ROOT.test(value);
}
