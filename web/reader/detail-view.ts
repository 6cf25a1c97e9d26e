// One event in full: when, where, who in which role, the kind's details, its sources and the
// history of corrections. Built with text nodes only (see ../shared/dom.ts).
import { type Child, el, replaceChildren, safeLink } from '../shared/dom';
import { describePoint, describeWhen } from './event-spans';
import { changedFields, entryLabel, type FieldChange, type Names } from './history-diff';
import type { EventDetail, HistoryEntry, Source } from './queries';

const humanise = (value: string): string => String(value).toLowerCase().replace(/_/g, ' ');

function actorName(event: EventDetail, actorId: string): string {
  return event.participants.find((participant) => participant.actorId === actorId)?.actor?.name ?? actorId;
}

function kindDetails(event: EventDetail): Child[] {
  if (event.meeting) return [row('Meeting', `${humanise(event.meeting.type)}, ${humanise(event.meeting.format)}`)];
  if (event.statement) {
    const s = event.statement;
    return [
      row('Speaker', actorName(event, s.speakerId)),
      s.addresseeIds.length ? row('Addressed to', s.addresseeIds.map((id) => actorName(event, id)).join(', ')) : null,
      row(s.mode === 'QUOTE' ? 'Quote' : 'Paraphrase', el('blockquote', { lang: s.language }, s.text)),
    ];
  }
  if (event.agreement) {
    const a = event.agreement;
    return [
      row('Agreement', humanise(a.status)),
      row('Parties', a.partyIds.map((id) => actorName(event, id)).join(', ')),
      row('Terms', a.terms),
    ];
  }
  return [];
}

function row(label: string, ...value: Child[]): Child[] {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

function sourcesList(sources: readonly Source[]): HTMLElement {
  if (!sources.length) return el('p', {}, 'No sources recorded.');
  return el(
    'ul',
    { className: 'sources' },
    sources.map((source) =>
      el(
        'li',
        {},
        el('span', { className: 'publisher' }, source.publisher),
        source.publishedAt ? ` (${describePoint(source.publishedAt)})` : '',
        ': ',
        source.url ? safeLink(source.url, source.title ?? source.url) : (source.title ?? ''),
        source.excerpt ? el('blockquote', {}, source.excerpt) : null,
      ),
    ),
  );
}

function historyList(history: readonly HistoryEntry[], names: Names): HTMLElement {
  return el(
    'ol',
    { className: 'history' },
    history.map((entry) => {
      const changes = changedFields(entry, names);
      return el(
        'li',
        { dataset: { type: entry.type } },
        el('strong', {}, entryLabel(entry.type)),
        ` v${entry.version}, ${new Date(entry.recordedAt)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC')}`,
        entry.principal ? ` by ${entry.principal}` : '',
        entry.reason ? el('p', { className: 'reason' }, 'Why: ', entry.reason) : null,
        changes.length ? diffTable(changes) : null,
      );
    }),
  );
}

/** Rows of { field, before, after } as a table, the old value struck out and the new one inserted. */
export function diffTable(rows: readonly FieldChange[]): HTMLTableElement {
  return el(
    'table',
    { className: 'diff' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Before'), el('th', {}, 'After'))),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, row.field),
          el('td', {}, el('del', {}, row.before)),
          el('td', {}, el('ins', {}, row.after)),
        ),
      ),
    ),
  );
}

/** Fills the detail panel; history may still be loading (undefined) or have failed (an Error). */
export function showDetail(
  panel: HTMLElement,
  event: EventDetail,
  history: readonly HistoryEntry[] | Error | undefined,
): void {
  const place = event.location
    ? [event.location.placeName, event.location.country].filter(Boolean).join(', ')
    : 'Not recorded';
  replaceChildren(
    panel,
    el('h2', { id: 'detail-title' }, event.title),
    event.status === 'RETRACTED'
      ? el('p', { className: 'retracted-note', role: 'note' }, 'Retracted: ', event.retractionReason ?? '')
      : null,
    event.summary ? el('p', { className: 'summary' }, event.summary) : null,
    el(
      'dl',
      {},
      row('When', describeWhen(event)),
      row('Where', place),
      row(
        'Kind',
        `${humanise(event.kind)} (CAMEO ${event.cameoCode}${event.cameoLabel ? `: ${event.cameoLabel}` : ''})`,
      ),
      row(
        'Participants',
        el(
          'ul',
          { className: 'participants' },
          event.participants.map((participant) =>
            el(
              'li',
              {},
              participant.actor?.name ?? participant.actorId,
              participant.actor?.country ? ` (${participant.actor.country})` : '',
              ' — ',
              humanise(participant.role),
            ),
          ),
        ),
      ),
      kindDetails(event),
      event.topics.length ? row('Topics', event.topics.join(', ')) : null,
      row('Version', `${event.version}${event.recordedFrom ? `, recorded ${event.recordedFrom}` : ''}`),
    ),
    el('h3', {}, 'Sources'),
    sourcesList(event.sources),
    el('h3', {}, 'History of corrections'),
    history === undefined
      ? el('p', {}, 'Loading…')
      : history instanceof Error
        ? el('p', { role: 'alert' }, 'The history could not be loaded: ', history.message)
        : historyList(history, new Map(event.participants.map((p) => [p.actorId, p.actor?.name ?? p.actorId]))),
  );
}
