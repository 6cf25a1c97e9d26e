// A correction as a person reads it: for each field a revision changed, its old and new values
// as text, actors by name where the page knows them. Pure; tested in test/web/.

/** A field's value, as the history's JSON (changes, previous) carries it. */
type Value = unknown;
type PlainObject = Record<string, unknown>;

/** A changed field with its old and new values as text. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Names for ids (actors, events), where the page knows them. */
export type Names = ReadonlyMap<string, string>;

const isPlainObject = (value: Value): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isTemporalPoint = (value: Value): value is { value: string; precision: string; timeZone?: unknown } =>
  isPlainObject(value) && typeof value.value === 'string' && typeof value.precision === 'string';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as short readable text: strings as they are, dates at their precision, lists joined. */
export function displayValue(value: Value, names: Names = new Map()): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return ID.test(value) ? (names.get(value) ?? value) : value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map((item) => displayValue(item, names)).join(', ') || '(none)';
  if (isTemporalPoint(value)) return `${value.value}${value.timeZone ? ` (${String(value.timeZone)})` : ''}`;
  const object = value as PlainObject;
  if (typeof object.actorId === 'string' && typeof object.role === 'string') {
    return `${displayValue(object.actorId, names)} as ${object.role.toLowerCase()}`;
  }
  if (typeof object.publisher === 'string')
    return [object.publisher, object.title, object.url].filter(Boolean).join(' · ');
  if (typeof object.placeName === 'string') return [object.placeName, object.country].filter(Boolean).join(', ');
  return Object.entries(object)
    .map(([key, member]) => `${key}: ${displayValue(member, names)}`)
    .join('; ');
}

/** What changedFields reads of a history entry: the changed fields' new and old values. */
export interface Revision {
  type?: string;
  changes?: Record<string, unknown> | null;
  previous?: Record<string, unknown> | null;
}

/**
 * The changed fields of a revision: [{ field, before, after }], in the order the entry lists
 * them. A nested part (an agreement's or a statement's details) is compared member by member,
 * so only the members that changed are listed (agreement.partyIds).
 */
export function changedFields(entry: Revision, names: Names = new Map()): FieldChange[] {
  const rows: FieldChange[] = [];
  const compare = (field: string, before: Value, after: Value): void => {
    if (isPlainObject(before) && isPlainObject(after) && !isTemporalPoint(before) && !isTemporalPoint(after)) {
      for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
          compare(`${field}.${key}`, before[key], after[key]);
      }
      return;
    }
    rows.push({ field, before: displayValue(before, names), after: displayValue(after, names) });
  };
  const changes = entry.changes ?? {};
  const previous = entry.previous ?? {};
  for (const field of Object.keys(changes)) compare(field, previous[field], changes[field]);
  return rows;
}

const LABELS: Readonly<Record<string, string>> = {
  EventRecorded: 'Recorded',
  EventRevised: 'Revised',
  EventRetracted: 'Retracted',
  EventRestored: 'Restored',
  SourceAttached: 'Source attached',
  SourceDetached: 'Source detached',
  ReportAttached: 'Report attached',
  AgreementStatusChanged: 'Agreement status changed',
  EventMerged: 'Merged into another event',
  EventAbsorbed: 'Absorbed a duplicate',
  EventReleased: 'Released from a merge',
  EventSplit: 'Split',
  EventsLinked: 'Linked',
};

/** The entry's type as a heading: EventRevised → Revised. */
export function entryLabel(type: string): string {
  return Object.hasOwn(LABELS, type) ? LABELS[type] : type.replace(/^Event/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}
