// A revision as the editor makes it: the event's editable fields as flat form values (the
// control names), the fields the editor changed, the partial ReviseEventInput that sends only
// those, and, after a CONFLICT, the same change made again on the newer version. Pure; tested in
// test/web/.

/** The fields the revise form edits, by control name. */
export const REVISABLE_FIELDS: readonly string[] = [
  'title',
  'summary',
  'start.value',
  'start.precision',
  'start.timeZone',
  'topics',
];
const KIND_FIELDS: Readonly<Record<string, readonly string[]>> = {
  MEETING: ['meeting.format', 'meeting.type'],
  STATEMENT: ['statement.text', 'statement.mode'],
  AGREEMENT: ['agreement.terms'],
};

/** The revise form's values: control name → text. */
export type EditableValues = Record<string, string>;

/** A changed field: its value before and after, as normalised text. */
export interface EditedField {
  field: string;
  before: string;
  after: string;
}

/** What editableOf reads of an event: its editable fields, and its kind's part by kind. */
export interface EditableEvent {
  eventId?: string;
  version?: number;
  kind: string;
  title?: string | null;
  summary?: string | null;
  start?: { value?: string | null; precision?: string | null; timeZone?: string | null } | null;
  topics?: readonly string[] | null;
  meeting?: Record<string, unknown> | null;
  statement?: Record<string, unknown> | null;
  agreement?: Record<string, unknown> | null;
}

/** ReviseEventInput, partial: only what changed, and what every revision carries. */
export interface ReviseEventInput {
  eventId: string;
  expectedVersion: number;
  reason: string;
  idempotencyKey?: string;
  title?: string;
  summary?: string;
  start?: { value: string; precision: string; timeZone: string };
  topics?: string[];
  meeting?: Record<string, string>;
  statement?: Record<string, string>;
  agreement?: Record<string, string>;
}

const kindFields = (kind: string): readonly string[] => (Object.hasOwn(KIND_FIELDS, kind) ? KIND_FIELDS[kind] : []);

/** The fields the form shows for an event of this kind. */
export function revisableFields(kind: string): string[] {
  return [...REVISABLE_FIELDS, ...kindFields(kind)];
}

/** An event (as the `event` query answers it) as the revise form's values. */
export function editableOf(event: EditableEvent): EditableValues {
  const values: EditableValues = {
    title: event.title ?? '',
    summary: event.summary ?? '',
    'start.value': event.start?.value ?? '',
    'start.precision': event.start?.precision ?? '',
    'start.timeZone': event.start?.timeZone ?? '',
    topics: (event.topics ?? []).join(', '),
  };
  for (const field of kindFields(event.kind)) {
    const [part, member] = field.split('.') as [KindPart, string];
    const value = event[part]?.[member];
    values[field] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** The parts of an event that KIND_FIELDS name. */
type KindPart = 'meeting' | 'statement' | 'agreement';

const normalised = (field: string, value: string | null | undefined): string => {
  const text = (value ?? '').trim();
  if (field === 'topics') return topicsOf(text).join(', ');
  return text;
};
const topicsOf = (text: string): string[] =>
  text
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);

/** The fields whose value the editor changed: [{ field, before, after }], in the form's order. */
export function changedFieldsOf(original: EditableValues, edited: EditableValues): EditedField[] {
  const changes: EditedField[] = [];
  for (const field of Object.keys(original)) {
    if (!(field in edited)) continue;
    const before = normalised(field, original[field]);
    const after = normalised(field, edited[field]);
    if (before !== after) changes.push({ field, before, after });
  }
  return changes;
}

/** The ReviseEventInput sending only what changed; a date is sent whole when any part of it changed. */
export function reviseEventInput(
  original: EditableValues,
  edited: EditableValues,
  {
    eventId,
    expectedVersion,
    reason,
    idempotencyKey,
  }: { eventId: string; expectedVersion: number; reason?: string | null; idempotencyKey?: string },
): ReviseEventInput {
  const input: ReviseEventInput = { eventId, expectedVersion, reason: (reason ?? '').trim(), idempotencyKey };
  for (const { field, after } of changedFieldsOf(original, edited)) {
    if (field.startsWith('start.')) {
      input.start = {
        value: normalised('start.value', edited['start.value']),
        precision: normalised('start.precision', edited['start.precision']),
        timeZone: normalised('start.timeZone', edited['start.timeZone']),
      };
    } else if (field === 'topics') {
      input.topics = topicsOf(after);
    } else if (field.includes('.')) {
      const [part, member] = field.split('.') as [KindPart, string];
      input[part] = { ...input[part], [member]: after };
    } else {
      input[field as 'title' | 'summary'] = after;
    }
  }
  if (idempotencyKey === undefined) delete input.idempotencyKey;
  return input;
}

/**
 * The editor's change made again on a newer version: the newer version's values, with the fields
 * the editor changed (from `original`, the version they saw) set as the editor set them.
 */
export function redoOn(original: EditableValues, edited: EditableValues, latest: EditableValues): EditableValues {
  const redone = { ...latest };
  for (const { field } of changedFieldsOf(original, edited)) redone[field] = edited[field];
  return redone;
}
