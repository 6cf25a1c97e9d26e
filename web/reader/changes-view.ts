// The compare mode's list: each change with its kind, the event's title (a button that opens
// it), when it was recorded, and the fields that differ as a before/after table.
import { el, replaceChildren } from '../shared/dom';
import { changeLabel, changeRows } from './change-diff';
import { diffTable } from './detail-view';
import type { Change } from './queries';

// Milliseconds kept: changes a second apart are common, and the window's ends are exact.
const moment = (iso: string | undefined): string => (iso ? iso.replace('T', ' ').replace(/Z$/, ' UTC') : 'now');

/** Fills the section with the changes between span.from and span.to (now when absent). */
export function showChanges(
  section: HTMLElement,
  { changes, span, more }: { changes: readonly Change[]; span: { from: string; to?: string }; more: boolean },
): void {
  section.hidden = false;
  // A merge's survivor named by its title when it is in the list too (it usually is: REVISED).
  const titles = new Map(changes.map((change) => [change.eventId, change.after.title]));
  replaceChildren(
    section,
    el('h2', { id: 'changes-title' }, `Changes between ${moment(span.from)} and ${moment(span.to)}`),
    el(
      'p',
      { className: 'count' },
      changes.length === 0
        ? more
          ? 'No change in the part of the window read; narrow the window or the filter.'
          : 'Nothing changed.'
        : `${changes.length} change${changes.length === 1 ? '' : 's'}${more ? ' (the first ones; narrow the filter for the rest)' : ''}`,
    ),
    el(
      'ol',
      { className: 'changes' },
      changes.map((change) => {
        const rows = changeRows(change, titles);
        return el(
          'li',
          { dataset: { kind: change.kind, eventId: change.eventId } },
          el('strong', { className: `change-kind ${change.kind.toLowerCase()}` }, changeLabel(change.kind)),
          ' ',
          el(
            'button',
            { type: 'button', className: 'open-event', dataset: { open: change.eventId } },
            change.after.title,
          ),
          ` recorded ${moment(change.recordedAt)}`,
          change.kind === 'MERGED' && change.mergedIntoId
            ? el('p', { className: 'merged' }, 'Merged into ', titles.get(change.mergedIntoId) ?? change.mergedIntoId)
            : null,
          rows.length ? diffTable(rows) : null,
        );
      }),
    ),
  );
}

/** Shows a problem with the window instead of a list. */
export function showChangesError(section: HTMLElement, message: string): void {
  section.hidden = false;
  replaceChildren(section, el('h2', { id: 'changes-title' }, 'Changes'), el('p', { role: 'alert' }, message));
}
