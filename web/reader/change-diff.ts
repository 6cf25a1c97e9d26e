// The compare mode's changes as a person reads them: what kind of change, and for each field that
// differs between the event as known at the two moments, its old and new values as text. Pure;
// tested in test/web/.
import { displayValue, type FieldChange } from './history-diff';
import type { ComparedEvent } from './queries';

const KIND_LABELS: Readonly<Record<string, string>> = {
  ADDED: 'Added',
  REVISED: 'Revised',
  RETRACTED: 'Retracted',
  RESTORED: 'Restored',
  MERGED: 'Merged',
  SPLIT: 'Split off',
};

/** The change's kind as a label: MERGED → Merged. */
export function changeLabel(kind: string): string {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : kind;
}

/** What changeRows reads of a change: the event as known before (none when added) and after. */
export interface ComparedChange {
  kind?: string;
  before?: Partial<ComparedEvent> | null;
  after: Partial<ComparedEvent>;
}

/** The fields compared, in the order they are shown, each read from an event as known at one moment. */
const FIELDS: readonly [string, (event: Partial<ComparedEvent>) => unknown][] = [
  ['title', (event) => event.title],
  ['status', (event) => event.status],
  ['summary', (event) => event.summary],
  ['start', (event) => event.start],
  ['end', (event) => event.end],
  ['location', (event) => event.location],
  ['participants', (event) => event.participants?.map((p) => ({ actorId: p.actorId, role: p.role }))],
  ['topics', (event) => event.topics],
  ['sources', (event) => event.sources?.map(({ publisher, title, url }) => ({ publisher, title, url }))],
  ['agreement.status', (event) => event.agreement?.status],
  ['mergedInto', (event) => event.mergedIntoId],
];

/** Actor names by id, from the participants of both versions. */
function actorNames(change: ComparedChange): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of [change.before, change.after])
    for (const participant of event?.participants ?? [])
      if (participant.actor?.name) names.set(participant.actorId, participant.actor.name);
  return names;
}

/**
 * The fields that differ between before and after: [{ field, before, after }] as text. An added
 * event has no before: nothing to compare. `titles` names other events by title (a merge's
 * survivor) where the page knows them.
 */
export function changeRows(change: ComparedChange, titles: ReadonlyMap<string, string> = new Map()): FieldChange[] {
  if (!change.before) return [];
  const names = actorNames(change);
  for (const [id, title] of titles) names.set(id, title);
  const rows: FieldChange[] = [];
  for (const [field, read] of FIELDS) {
    const before = displayValue(read(change.before), names);
    const after = displayValue(read(change.after), names);
    if (before !== after) rows.push({ field, before, after });
  }
  return rows;
}
