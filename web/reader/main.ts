// The reader page: reads its state from the query string, asks the service for the timeline, its
// counts and an event's detail, and keeps the query string current so that a view can be shared.
import { type Client, createClient } from 'graphql-ws';
import { byId, control, el, field, replaceChildren, targetElement } from '../shared/dom';
import { errorsOf, type GraphQLErrorEntry, graphql, subscriptionUrl } from '../shared/graphql';
import { BucketsChart } from './chart-view';
import { showChanges, showChangesError } from './changes-view';
import { showDetail } from './detail-view';
import {
  ACTOR_NAMES,
  ACTORS,
  BUCKETS,
  EVENT_DETAIL,
  EVENT_HISTORY,
  MAX_CHANGES,
  MAX_EVENTS,
  TIMELINE,
  TIMELINE_CHANGES,
  TIMELINE_UPDATED,
  type ActorNameData,
  type ActorsData,
  type BucketsData,
  type Change,
  type EventDetailData,
  type EventHistoryData,
  type HistoryEntry,
  type TimelineChangesData,
  type TimelineData,
  type TimelineEvent,
  type TimelineUpdatedData,
} from './queries';
import { TimelineView } from './timeline-view';
import { asOfArgument, changeWindow, filterOf, parseState, type ReaderState, stateToSearch } from './url-state';

const form = byId('filters', HTMLFormElement);
const statusLine = byId('status', HTMLElement);
const errors = byId('errors', HTMLElement);
const detail = byId('detail', HTMLElement);
const liveLine = byId('live', HTMLElement);
const changesSection = byId('changes', HTMLElement);
const actorOptions = byId('actor-options', HTMLDataListElement);
const chart = new BucketsChart(byId('buckets', HTMLCanvasElement));
const timeline = new TimelineView(byId('timeline', HTMLElement), { onSelect: (id) => selectEvent(id) });
const actorNames = new Map<string, string>();

let state = parseState(location.search);
let loading: AbortController | undefined; // the load in flight
let unsubscribe = (): void => undefined;
let wsClient: Client | undefined;

/** The service's errors in one line, each with the field it names. */
function describeErrors(entries: readonly GraphQLErrorEntry[]): string {
  return entries.map((e) => `${e.message}${e.extensions?.field ? ` (${e.extensions.field})` : ''}`).join('; ');
}

function showError(error: unknown): void {
  replaceChildren(errors, describeErrors(errorsOf(error)));
}

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/** The form's controls by name: text fields, and the boxes and lists read as such. */
const text = (name: string) => field(form, name);
const box = (name: string) => control(form, name, HTMLInputElement);
const roles = control(form, 'roles', HTMLSelectElement);

// ---- the form and the query string ----

function fillForm(): void {
  text('text').value = state.text;
  text('dyad').value = state.dyad.join(',');
  text('countries').value = state.countries.join(',');
  text('topics').value = state.topics.join(',');
  text('cameoRoot').value = state.cameoRoot[0] ?? '';
  text('from').value = state.from;
  text('to').value = state.to;
  text('asOf').value = dateTimeControl(asOfArgument(state));
  box('compareOn').checked = Boolean(state.compare);
  text('compare').value = dateTimeControl(state.compare === 'now' ? '' : state.compare);
  box('retracted').checked = state.includeRetracted;
  text('group').value = state.group;
  for (const kind of form.querySelectorAll<HTMLInputElement>('input[name=kinds]'))
    kind.checked = state.kinds.includes(kind.value);
  for (const option of roles.options) option.selected = state.roles.includes(option.value);
  renderChosenActors();
}

/** A date-time (UTC) as a datetime-local control shows it; empty when there is none. */
function dateTimeControl(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 23);
}

/**
 * A datetime-local control's value (UTC) as the URL holds it: in full, because the control drops
 * zero seconds and trailing zeros of the milliseconds (…41.370 reads "…41.37"), and a shared link
 * should name a moment one way only.
 */
function utcOfControl(value: string): string {
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? `${value}Z` : date.toISOString();
}

function readForm(): ReaderState {
  const params = new URLSearchParams();
  const value = (name: string): string => text(name).value.trim();
  params.set('text', value('text'));
  params.set('actors', state.actors.join(','));
  params.set('roles', [...roles.selectedOptions].map((option) => option.value).join(','));
  params.set('dyad', value('dyad'));
  params.set('countries', value('countries'));
  params.set('topics', value('topics'));
  params.set('cameoRoot', value('cameoRoot'));
  params.set('from', value('from'));
  params.set('to', value('to'));
  if (value('asOf')) params.set('asOf', utcOfControl(value('asOf')));
  if (box('compareOn').checked) params.set('compare', value('compare') ? utcOfControl(value('compare')) : 'now');
  if (box('retracted').checked) params.set('retracted', '1');
  params.set('group', text('group').value);
  params.set(
    'kinds',
    [...form.querySelectorAll<HTMLInputElement>('input[name=kinds]:checked')].map((kind) => kind.value).join(','),
  );
  return parseState(params);
}

function renderChosenActors(): void {
  const list = byId('chosen-actors', HTMLElement);
  replaceChildren(
    list,
    state.actors.map((actorId) =>
      el(
        'li',
        { dataset: { actorId } },
        actorNames.get(actorId) ?? actorId,
        el(
          'button',
          {
            type: 'button',
            'aria-label': `Remove ${actorNames.get(actorId) ?? actorId}`,
            dataset: { remove: actorId },
          },
          '×',
        ),
      ),
    ),
  );
}

async function nameActors(ids: readonly string[]): Promise<void> {
  const unknown = ids.filter((id) => !actorNames.has(id)).slice(0, 10);
  await Promise.all(
    unknown.map(async (id) => {
      try {
        const data = await graphql<ActorNameData>(ACTOR_NAMES, { id });
        actorNames.set(id, data.actor.name);
      } catch {
        actorNames.set(id, id);
      }
    }),
  );
  renderChosenActors();
}

function navigate(next: ReaderState, { replace = false } = {}): void {
  state = next;
  const url = `${location.pathname}${stateToSearch(state)}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

// ---- loading ----

async function loadTimeline(signal: AbortSignal): Promise<{ events: TimelineEvent[]; total: number }> {
  const variables = { filter: filterOf(state), asOf: asOfArgument(state), includeRetracted: state.includeRetracted };
  const events: TimelineEvent[] = [];
  let after: string | undefined;
  let total: number | undefined;
  do {
    const data = await graphql<TimelineData>(
      TIMELINE,
      { ...variables, after, withCount: after === undefined },
      { signal },
    );
    const page = data.timeline;
    total ??= page.totalCount;
    events.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
  } while (after && events.length < MAX_EVENTS);
  return { events, total: total ?? events.length };
}

function bucketSizeFor(events: readonly TimelineEvent[]): 'YEAR' | 'MONTH' {
  if (!events.length) return 'YEAR';
  const starts = events.map((event) => Date.parse(event.start.intervalStart));
  const years = (Math.max(...starts) - Math.min(...starts)) / (365.25 * 24 * 3600 * 1000);
  return years > 3 ? 'YEAR' : 'MONTH';
}

async function load(): Promise<void> {
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  replaceChildren(errors);
  statusLine.textContent = 'Loading…';
  fillForm();
  void nameActors(state.actors);
  try {
    const { events, total } = await loadTimeline(controller.signal);
    if (controller.signal.aborted) return;
    timeline.show(events, state.group);
    const asOf = asOfArgument(state);
    statusLine.textContent =
      `${total} event${total === 1 ? '' : 's'}` +
      (events.length < total ? ` (the first ${events.length} drawn)` : '') +
      (asOf ? `, as known on ${asOf}` : '');
    document.body.dataset.loaded = stateToSearch(state);
    const bucket = bucketSizeFor(events);
    const data = await graphql<BucketsData>(
      BUCKETS,
      { filter: filterOf(state), asOf, includeRetracted: state.includeRetracted, bucket },
      { signal: controller.signal },
    );
    chart.show(data.timelineBuckets, bucket);
  } catch (error) {
    if (isAbort(error)) return;
    statusLine.textContent = 'Not loaded';
    showError(error);
  }
  await loadChanges(controller.signal);
  if (state.event) await openDetail(state.event);
  else detail.hidden = true;
  subscribe();
}

// ---- compare mode: what changed between "as known on" and "compared with" ----

async function loadChanges(signal: AbortSignal): Promise<void> {
  // A load superseded by a newer one leaves the section to it.
  if (signal.aborted) return;
  const span = changeWindow(state);
  delete changesSection.dataset.ready;
  if (!span) {
    changesSection.hidden = true;
    return;
  }
  if (span.error !== undefined) {
    showChangesError(changesSection, span.error);
    return;
  }
  try {
    const changes: Change[] = [];
    let after: string | undefined;
    let more = false;
    // Each page examines a bounded part of the window (it may hold no change): ten at most.
    let pages = 0;
    do {
      const variables = { filter: filterOf(state), from: span.from, to: span.to, after };
      const page = (await graphql<TimelineChangesData>(TIMELINE_CHANGES, variables, { signal })).timelineChanges;
      changes.push(...page.edges.map((edge) => edge.node));
      more = page.pageInfo.hasNextPage;
      after = more ? (page.pageInfo.endCursor ?? undefined) : undefined;
    } while (after && changes.length < MAX_CHANGES && ++pages < 10);
    if (signal.aborted) return;
    showChanges(changesSection, { changes, span, more });
    changesSection.dataset.ready = 'true';
  } catch (error) {
    if (isAbort(error) || signal.aborted) return;
    showChangesError(changesSection, describeErrors(errorsOf(error)));
  }
}

// ---- event detail ----

async function openDetail(eventId: string): Promise<void> {
  timeline.select(eventId);
  detail.hidden = false;
  detail.dataset.eventId = eventId;
  replaceChildren(detail, el('p', {}, 'Loading…'));
  try {
    const data = await graphql<EventDetailData>(EVENT_DETAIL, { id: eventId, asOf: asOfArgument(state) });
    if (detail.dataset.eventId !== eventId) return;
    showDetail(detail, data.event, undefined);
    let entries: HistoryEntry[] | Error;
    try {
      entries = (await graphql<EventHistoryData>(EVENT_HISTORY, { id: eventId })).eventHistory;
    } catch (error) {
      entries = error instanceof Error ? error : new Error(String(error));
    }
    if (detail.dataset.eventId !== eventId) return;
    showDetail(detail, data.event, entries);
    detail.dataset.ready = 'true';
  } catch (error) {
    replaceChildren(
      detail,
      el('p', { role: 'alert' }, 'This event could not be loaded: ', describeErrors(errorsOf(error))),
    );
  }
}

function selectEvent(eventId: string | undefined): void {
  if (!eventId) return;
  navigate({ ...state, event: eventId }, { replace: true });
  detail.dataset.ready = 'false';
  void openDetail(eventId);
}

// ---- live updates (timelineUpdated), only for the timeline as known now ----

function subscribe(): void {
  unsubscribe();
  unsubscribe = () => undefined;
  if (state.asOf) return;
  wsClient ??= createClient({ url: subscriptionUrl(location), lazy: true, retryAttempts: 5 });
  let heard = 0;
  unsubscribe = wsClient.subscribe<TimelineUpdatedData>(
    { query: TIMELINE_UPDATED, variables: { filter: filterOf(state) } },
    {
      next: ({ data, errors: failures }) => {
        if (failures?.length) {
          replaceChildren(errors, describeErrors(failures));
          return;
        }
        if (!data) return;
        const { event } = data.timelineUpdated;
        const gone = event.mergedIntoId || (event.status === 'RETRACTED' && !state.includeRetracted);
        if (gone) timeline.remove(event.eventId);
        else timeline.upsert(event);
        heard += 1;
        liveLine.textContent = `${heard} live update${heard === 1 ? '' : 's'}`;
      },
      // graphql-ws reports a list of GraphQL errors, a CloseEvent or an Error.
      error: (error: unknown) =>
        Array.isArray(error) ? replaceChildren(errors, describeErrors(error as GraphQLErrorEntry[])) : showError(error),
      complete: () => undefined,
    },
  );
}

// ---- wiring ----

let searchTimer: ReturnType<typeof setTimeout> | undefined;
const actorSearch = control(form, 'actorSearch', HTMLInputElement);
actorSearch.addEventListener('input', () => {
  clearTimeout(searchTimer);
  const search = actorSearch.value.trim();
  const chosen = [...actorOptions.options].find((option) => option.value === search);
  const chosenId = chosen?.dataset.actorId;
  if (chosen && chosenId) {
    actorNames.set(chosenId, chosen.value);
    if (!state.actors.includes(chosenId)) state = { ...state, actors: [...state.actors, chosenId] };
    actorSearch.value = '';
    renderChosenActors();
    return;
  }
  if (search.length < 2) return;
  searchTimer = setTimeout(() => void searchActors(search), 200);
});

async function searchActors(search: string): Promise<void> {
  try {
    const data = await graphql<ActorsData>(ACTORS, { search });
    replaceChildren(
      actorOptions,
      data.actors.edges.map(({ node }) =>
        el('option', { value: node.name, dataset: { actorId: node.actorId } }, node.country ?? node.kind),
      ),
    );
  } catch (error) {
    showError(error);
  }
}

byId('chosen-actors', HTMLElement).addEventListener('click', (click) => {
  const actorId = targetElement(click)?.dataset.remove;
  if (actorId) {
    state = { ...state, actors: state.actors.filter((id) => id !== actorId) };
    renderChosenActors();
  }
});

form.addEventListener('submit', (submit) => {
  submit.preventDefault();
  navigate({ ...readForm(), event: '' });
  void load();
});

byId('reset', HTMLButtonElement).addEventListener('click', () => {
  navigate(parseState(''));
  void load();
});

changesSection.addEventListener('click', (click) => {
  const eventId = targetElement(click)?.closest<HTMLElement>('[data-open]')?.dataset.open;
  if (eventId) selectEvent(eventId);
});

byId('zoom-in', HTMLButtonElement).addEventListener('click', () => timeline.zoom(0.5));
byId('zoom-out', HTMLButtonElement).addEventListener('click', () => timeline.zoom(2));
byId('zoom-fit', HTMLButtonElement).addEventListener('click', () => timeline.fit());

window.addEventListener('popstate', () => {
  state = parseState(location.search);
  void load();
});

void load();
