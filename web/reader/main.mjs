// The reader page: reads its state from the query string, asks the service for the timeline, its
// counts and an event's detail, and keeps the query string current so that a view can be shared.
import { el, replaceChildren } from '../shared/dom.mjs';
import { graphql, subscriptionUrl } from '../shared/graphql.mjs';
import { BucketsChart } from './chart-view.mjs';
import { showChanges, showChangesError } from './changes-view.mjs';
import { showDetail } from './detail-view.mjs';
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
} from './queries.mjs';
import { TimelineView } from './timeline-view.mjs';
import { asOfArgument, changeWindow, filterOf, parseState, stateToSearch } from './url-state.mjs';

const form = document.getElementById('filters');
const statusLine = document.getElementById('status');
const errors = document.getElementById('errors');
const detail = document.getElementById('detail');
const liveLine = document.getElementById('live');
const changesSection = document.getElementById('changes');
const chart = new BucketsChart(document.getElementById('buckets'));
const timeline = new TimelineView(document.getElementById('timeline'), { onSelect: (id) => selectEvent(id) });
const actorNames = new Map();

let state = parseState(location.search);
let loading; // the AbortController of the load in flight
let unsubscribe = () => undefined;
let wsClient;

function showError(error) {
  const messages = error?.errors?.map(
    (e) => `${e.message}${e.extensions?.field ? ` (${e.extensions.field})` : ''}`,
  ) ?? [String(error?.message ?? error)];
  replaceChildren(errors, messages.join('; '));
}

// ---- the form and the query string ----

function fillForm() {
  form.elements.text.value = state.text;
  form.elements.dyad.value = state.dyad.join(',');
  form.elements.countries.value = state.countries.join(',');
  form.elements.topics.value = state.topics.join(',');
  form.elements.cameoRoot.value = state.cameoRoot[0] ?? '';
  form.elements.from.value = state.from;
  form.elements.to.value = state.to;
  form.elements.asOf.value = dateTimeControl(asOfArgument(state));
  form.elements.compareOn.checked = Boolean(state.compare);
  form.elements.compare.value = dateTimeControl(state.compare === 'now' ? '' : state.compare);
  form.elements.retracted.checked = state.includeRetracted;
  form.elements.group.value = state.group;
  for (const box of form.querySelectorAll('input[name=kinds]')) box.checked = state.kinds.includes(box.value);
  for (const option of form.elements.roles.options) option.selected = state.roles.includes(option.value);
  renderChosenActors();
}

/** A date-time (UTC) as a datetime-local control shows it; empty when there is none. */
function dateTimeControl(text) {
  if (!text) return '';
  const date = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 23);
}

/**
 * A datetime-local control's value (UTC) as the URL holds it: in full, because the control drops
 * zero seconds and trailing zeros of the milliseconds (…41.370 reads "…41.37"), and a shared link
 * should name a moment one way only.
 */
function utcOfControl(value) {
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? `${value}Z` : date.toISOString();
}

function readForm() {
  const params = new URLSearchParams();
  const text = (name) => form.elements[name].value.trim();
  params.set('text', text('text'));
  params.set('actors', state.actors.join(','));
  params.set('roles', [...form.elements.roles.selectedOptions].map((option) => option.value).join(','));
  params.set('dyad', text('dyad'));
  params.set('countries', text('countries'));
  params.set('topics', text('topics'));
  params.set('cameoRoot', text('cameoRoot'));
  params.set('from', text('from'));
  params.set('to', text('to'));
  if (text('asOf')) params.set('asOf', utcOfControl(text('asOf')));
  if (form.elements.compareOn.checked) params.set('compare', text('compare') ? utcOfControl(text('compare')) : 'now');
  if (form.elements.retracted.checked) params.set('retracted', '1');
  params.set('group', form.elements.group.value);
  params.set('kinds', [...form.querySelectorAll('input[name=kinds]:checked')].map((box) => box.value).join(','));
  return parseState(params);
}

function renderChosenActors() {
  const list = document.getElementById('chosen-actors');
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

async function nameActors(ids) {
  const unknown = ids.filter((id) => !actorNames.has(id)).slice(0, 10);
  await Promise.all(
    unknown.map(async (id) => {
      try {
        const data = await graphql(ACTOR_NAMES, { id });
        actorNames.set(id, data.actor.name);
      } catch {
        actorNames.set(id, id);
      }
    }),
  );
  renderChosenActors();
}

function navigate(next, { replace = false } = {}) {
  state = next;
  const url = `${location.pathname}${stateToSearch(state)}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

// ---- loading ----

async function loadTimeline(signal) {
  const variables = { filter: filterOf(state), asOf: asOfArgument(state), includeRetracted: state.includeRetracted };
  const events = [];
  let after;
  let total;
  do {
    const data = await graphql(TIMELINE, { ...variables, after, withCount: after === undefined }, { signal });
    const page = data.timeline;
    total ??= page.totalCount;
    events.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after && events.length < MAX_EVENTS);
  return { events, total };
}

function bucketSizeFor(events) {
  if (!events.length) return 'YEAR';
  const starts = events.map((event) => Date.parse(event.start.intervalStart));
  const years = (Math.max(...starts) - Math.min(...starts)) / (365.25 * 24 * 3600 * 1000);
  return years > 3 ? 'YEAR' : 'MONTH';
}

async function load() {
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
    const data = await graphql(
      BUCKETS,
      { filter: filterOf(state), asOf, includeRetracted: state.includeRetracted, bucket },
      { signal: controller.signal },
    );
    chart.show(data.timelineBuckets, bucket);
  } catch (error) {
    if (error?.name === 'AbortError') return;
    statusLine.textContent = 'Not loaded';
    showError(error);
  }
  await loadChanges(controller.signal);
  if (state.event) await openDetail(state.event);
  else detail.hidden = true;
  subscribe();
}

// ---- compare mode: what changed between "as known on" and "compared with" ----

async function loadChanges(signal) {
  // A load superseded by a newer one leaves the section to it.
  if (signal.aborted) return;
  const span = changeWindow(state);
  delete changesSection.dataset.ready;
  if (!span) {
    changesSection.hidden = true;
    return;
  }
  if (span.error) {
    showChangesError(changesSection, span.error);
    return;
  }
  try {
    const changes = [];
    let after;
    let more = false;
    // Each page examines a bounded part of the window (it may hold no change): ten at most.
    let pages = 0;
    do {
      const variables = { filter: filterOf(state), from: span.from, to: span.to, after };
      const page = (await graphql(TIMELINE_CHANGES, variables, { signal })).timelineChanges;
      changes.push(...page.edges.map((edge) => edge.node));
      more = page.pageInfo.hasNextPage;
      after = more ? page.pageInfo.endCursor : undefined;
    } while (after && changes.length < MAX_CHANGES && ++pages < 10);
    if (signal.aborted) return;
    showChanges(changesSection, { changes, span, more });
    changesSection.dataset.ready = 'true';
  } catch (error) {
    if (error?.name === 'AbortError' || signal.aborted) return;
    showChangesError(
      changesSection,
      error?.errors?.map((e) => `${e.message}${e.extensions?.field ? ` (${e.extensions.field})` : ''}`).join('; ') ??
        String(error?.message ?? error),
    );
  }
}

// ---- event detail ----

async function openDetail(eventId) {
  timeline.select(eventId);
  detail.hidden = false;
  detail.dataset.eventId = eventId;
  replaceChildren(detail, el('p', {}, 'Loading…'));
  try {
    const data = await graphql(EVENT_DETAIL, { id: eventId, asOf: asOfArgument(state) });
    if (detail.dataset.eventId !== eventId) return;
    showDetail(detail, data.event, undefined);
    let entries;
    try {
      entries = (await graphql(EVENT_HISTORY, { id: eventId })).eventHistory;
    } catch (error) {
      entries = error instanceof Error ? error : new Error(String(error));
    }
    if (detail.dataset.eventId !== eventId) return;
    showDetail(detail, data.event, entries);
    detail.dataset.ready = 'true';
  } catch (error) {
    replaceChildren(detail, el('p', { role: 'alert' }, 'This event could not be loaded: ', error.message));
  }
}

function selectEvent(eventId) {
  if (!eventId) return;
  navigate({ ...state, event: eventId }, { replace: true });
  detail.dataset.ready = 'false';
  void openDetail(eventId);
}

// ---- live updates (timelineUpdated), only for the timeline as known now ----

function subscribe() {
  unsubscribe();
  unsubscribe = () => undefined;
  if (state.asOf || !window.graphqlWs) return;
  wsClient ??= window.graphqlWs.createClient({ url: subscriptionUrl(location), lazy: true, retryAttempts: 5 });
  let heard = 0;
  unsubscribe = wsClient.subscribe(
    { query: TIMELINE_UPDATED, variables: { filter: filterOf(state) } },
    {
      next: ({ data, errors: failures }) => {
        if (failures?.length) return showError({ errors: failures });
        const { event } = data.timelineUpdated;
        const gone = event.mergedIntoId || (event.status === 'RETRACTED' && !state.includeRetracted);
        if (gone) timeline.remove(event.eventId);
        else timeline.upsert(event);
        heard += 1;
        liveLine.textContent = `${heard} live update${heard === 1 ? '' : 's'}`;
      },
      error: (error) => showError(Array.isArray(error) ? { errors: error } : error),
      complete: () => undefined,
    },
  );
}

// ---- wiring ----

let searchTimer;
form.elements.actorSearch.addEventListener('input', () => {
  clearTimeout(searchTimer);
  const search = form.elements.actorSearch.value.trim();
  const chosen = [...document.getElementById('actor-options').options].find((option) => option.value === search);
  if (chosen) {
    actorNames.set(chosen.dataset.actorId, chosen.value);
    if (!state.actors.includes(chosen.dataset.actorId))
      state = { ...state, actors: [...state.actors, chosen.dataset.actorId] };
    form.elements.actorSearch.value = '';
    renderChosenActors();
    return;
  }
  if (search.length < 2) return;
  searchTimer = setTimeout(async () => {
    try {
      const data = await graphql(ACTORS, { search });
      replaceChildren(
        document.getElementById('actor-options'),
        data.actors.edges.map(({ node }) =>
          el('option', { value: node.name, dataset: { actorId: node.actorId } }, node.country ?? node.kind),
        ),
      );
    } catch (error) {
      showError(error);
    }
  }, 200);
});

document.getElementById('chosen-actors').addEventListener('click', (click) => {
  const actorId = click.target?.dataset?.remove;
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

document.getElementById('reset').addEventListener('click', () => {
  navigate(parseState(''));
  void load();
});

changesSection.addEventListener('click', (click) => {
  const eventId = click.target?.closest?.('[data-open]')?.dataset.open;
  if (eventId) selectEvent(eventId);
});

document.getElementById('zoom-in').addEventListener('click', () => timeline.zoom(0.5));
document.getElementById('zoom-out').addEventListener('click', () => timeline.zoom(2));
document.getElementById('zoom-fit').addEventListener('click', () => timeline.fit());

window.addEventListener('popstate', () => {
  state = parseState(location.search);
  void load();
});

void load();
