// A correction as a person reads it: for each field a revision changed, its old and new values
// as text. Pure; tested in test/web/.

/** A value as short readable text: strings as they are, dates at their precision, lists joined. */
export function displayValue(value) {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(displayValue).join(', ') || '(none)';
  if (typeof value.value === 'string' && typeof value.precision === 'string') {
    return `${value.value}${value.timeZone ? ` (${value.timeZone})` : ''}`;
  }
  if (typeof value.actorId === 'string' && typeof value.role === 'string') return `${value.actorId} as ${value.role}`;
  if (typeof value.publisher === 'string') return [value.publisher, value.title, value.url].filter(Boolean).join(' · ');
  if (typeof value.placeName === 'string') return [value.placeName, value.country].filter(Boolean).join(', ');
  return JSON.stringify(value);
}

/** The changed fields of a revision: [{ field, before, after }], in the order the entry lists them. */
export function changedFields(entry) {
  const changes = entry.changes ?? {};
  const previous = entry.previous ?? {};
  return Object.keys(changes).map((field) => ({
    field,
    before: displayValue(previous[field]),
    after: displayValue(changes[field]),
  }));
}

const LABELS = {
  EventRecorded: 'Recorded',
  EventRevised: 'Revised',
  EventRetracted: 'Retracted',
  EventRestored: 'Restored',
  SourceAttached: 'Source attached',
  ReportAttached: 'Report attached',
  AgreementStatusChanged: 'Agreement status changed',
  SourceDetached: 'Source detached',
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
