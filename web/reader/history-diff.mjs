// A correction as a person reads it: for each field a revision changed, its old and new values
// as text, actors by name where the page knows them. Pure; tested in test/web/.

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTemporalPoint = (value) =>
  isPlainObject(value) && typeof value.value === 'string' && typeof value.precision === 'string';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as short readable text: strings as they are, dates at their precision, lists joined. */
export function displayValue(value, names = new Map()) {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return ID.test(value) ? (names.get(value) ?? value) : value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map((item) => displayValue(item, names)).join(', ') || '(none)';
  if (isTemporalPoint(value)) return `${value.value}${value.timeZone ? ` (${value.timeZone})` : ''}`;
  if (typeof value.actorId === 'string' && typeof value.role === 'string') {
    return `${displayValue(value.actorId, names)} as ${value.role.toLowerCase()}`;
  }
  if (typeof value.publisher === 'string') return [value.publisher, value.title, value.url].filter(Boolean).join(' · ');
  if (typeof value.placeName === 'string') return [value.placeName, value.country].filter(Boolean).join(', ');
  return Object.entries(value)
    .map(([key, member]) => `${key}: ${displayValue(member, names)}`)
    .join('; ');
}

/**
 * The changed fields of a revision: [{ field, before, after }], in the order the entry lists
 * them. A nested part (an agreement's or a statement's details) is compared member by member,
 * so only the members that changed are listed (agreement.partyIds).
 */
export function changedFields(entry, names = new Map()) {
  const rows = [];
  const compare = (field, before, after) => {
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

const LABELS = {
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
export function entryLabel(type) {
  return LABELS[type] ?? type.replace(/^Event/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
}
