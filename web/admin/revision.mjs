// A revision as the editor makes it: the event's editable fields as flat form values (the
// control names), the fields the editor changed, the partial ReviseEventInput that sends only
// those, and, after a CONFLICT, the same change made again on the newer version. Pure; tested in
// test/web/.

/** The fields the revise form edits, by control name. */
export const REVISABLE_FIELDS = ['title', 'summary', 'start.value', 'start.precision', 'start.timeZone', 'topics'];
const KIND_FIELDS = {
  MEETING: ['meeting.format', 'meeting.type'],
  STATEMENT: ['statement.text', 'statement.mode'],
  AGREEMENT: ['agreement.terms'],
};

/** The fields the form shows for an event of this kind. */
export function revisableFields(kind) {
  return [...REVISABLE_FIELDS, ...(KIND_FIELDS[kind] ?? [])];
}

/** An event (as the `event` query answers it) as the revise form's values. */
export function editableOf(event) {
  const values = {
    title: event.title ?? '',
    summary: event.summary ?? '',
    'start.value': event.start?.value ?? '',
    'start.precision': event.start?.precision ?? '',
    'start.timeZone': event.start?.timeZone ?? '',
    topics: (event.topics ?? []).join(', '),
  };
  for (const field of KIND_FIELDS[event.kind] ?? []) {
    const [part, member] = field.split('.');
    values[field] = event[part]?.[member] ?? '';
  }
  return values;
}

const normalised = (field, value) => {
  const text = String(value ?? '').trim();
  if (field === 'topics') return topicsOf(text).join(', ');
  return text;
};
const topicsOf = (text) =>
  text
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);

/** The fields whose value the editor changed: [{ field, before, after }], in the form's order. */
export function changedFieldsOf(original, edited) {
  const changes = [];
  for (const field of Object.keys(original)) {
    if (!(field in edited)) continue;
    const before = normalised(field, original[field]);
    const after = normalised(field, edited[field]);
    if (before !== after) changes.push({ field, before, after });
  }
  return changes;
}

/** The ReviseEventInput sending only what changed; a date is sent whole when any part of it changed. */
export function reviseEventInput(original, edited, { eventId, expectedVersion, reason, idempotencyKey }) {
  const input = { eventId, expectedVersion, reason: String(reason ?? '').trim(), idempotencyKey };
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
      const [part, member] = field.split('.');
      input[part] = { ...input[part], [member]: after };
    } else {
      input[field] = after;
    }
  }
  if (idempotencyKey === undefined) delete input.idempotencyKey;
  return input;
}

/**
 * The editor's change made again on a newer version: the newer version's values, with the fields
 * the editor changed (from `original`, the version they saw) set as the editor set them.
 */
export function redoOn(original, edited, latest) {
  const redone = { ...latest };
  for (const { field } of changedFieldsOf(original, edited)) redone[field] = edited[field];
  return redone;
}
