// The record form's values as a RecordEventInput. The form's control names are the input's
// paths (start.value, meeting.format, sources.0.url), so that the service's problem paths point
// back at them. Only the chosen kind's section is sent; empty optional fields are left out, and
// every rule (dates, zones, actors) is the service's to check, so its problems show at the
// fields. Pure; tested in test/web/.

/** The form's values: control name → value (a list for checkboxes sharing a name). */
export type FormValues = Record<string, string | string[] | undefined>;

/** A date as the service takes it. */
export interface TemporalPointInput {
  value: string;
  precision: string;
  timeZone: string;
}

/** RecordEventInput, as the form fills it (members left out when empty). */
export interface RecordEventInput {
  kind: string;
  title: string;
  summary?: string;
  start: TemporalPointInput;
  end?: TemporalPointInput;
  participants: { actorId: string; role: string }[];
  topics: string[];
  location?: { placeName: string; country?: string };
  sources?: SourceInput[];
  meeting?: { format: string; type: string };
  statement?: { speakerId: string; text: string; mode: string; language: string };
  agreement?: { partyIds: string[]; status: string; terms: string };
  idempotencyKey?: string;
}

interface SourceInput {
  publisher: string;
  title?: string;
  url?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const optional = (value: unknown): string | undefined => text(value) || undefined;

/** A date of the form; undefined when it is optional (an end date) and its value is empty. */
export function temporalPoint(
  values: FormValues,
  prefix: string,
  { optional: isOptional = false } = {},
): TemporalPointInput | undefined {
  const value = text(values[`${prefix}.value`]);
  if (value === '' && isOptional) return undefined;
  return {
    value,
    precision: text(values[`${prefix}.precision`]),
    timeZone: text(values[`${prefix}.timeZone`]),
  };
}

/** "Syria, national currencies,,trade" → ['Syria', 'national currencies', 'trade']. */
export function topicList(value: unknown): string[] {
  return text(value)
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);
}

/**
 * values: the form's named controls (name → value; agreement.partyIds as a list).
 * participants: [{ actorId, role }], in the form's order. sources: [{ publisher, title, url }],
 * in the form's order; blank rows at the end are dropped, one in the middle is sent (and its
 * problem shown), so that sources.N always names the form's Nth row.
 */
export function recordEventInput(
  values: FormValues,
  participants: readonly { actorId: string; role: string }[],
  sources: readonly { publisher?: unknown; title?: unknown; url?: unknown }[],
  idempotencyKey?: string,
): RecordEventInput {
  const kind = text(values.kind);
  const input: RecordEventInput = {
    kind,
    title: text(values.title),
    summary: optional(values.summary),
    // Not optional: always a point, empty values and all (the service names what is missing).
    start: temporalPoint(values, 'start')!,
    end: temporalPoint(values, 'end', { optional: true }),
    participants: participants.map(({ actorId, role }) => ({ actorId, role })),
    topics: topicList(values.topics),
    location: optional(values['location.placeName'])
      ? { placeName: text(values['location.placeName']), country: optional(values['location.country'])?.toUpperCase() }
      : undefined,
    sources: sourceList(sources),
    idempotencyKey,
  };
  if (kind === 'MEETING')
    input.meeting = { format: text(values['meeting.format']), type: text(values['meeting.type']) };
  if (kind === 'STATEMENT') {
    input.statement = {
      speakerId: text(values['statement.speakerId']),
      text: text(values['statement.text']),
      mode: text(values['statement.mode']),
      language: text(values['statement.language']) || 'en',
    };
  }
  if (kind === 'AGREEMENT') {
    input.agreement = {
      partyIds: [...listOf(values['agreement.partyIds'])],
      status: text(values['agreement.status']),
      terms: text(values['agreement.terms']),
    };
  }
  return withoutUndefined(input);
}

function sourceList(
  rows: readonly { publisher?: unknown; title?: unknown; url?: unknown }[],
): SourceInput[] | undefined {
  const sources = rows.map((row) =>
    withoutUndefined<SourceInput>({
      publisher: text(row.publisher),
      title: optional(row.title),
      url: optional(row.url),
    }),
  );
  const isBlank = (source: SourceInput): boolean => !source.publisher && !source.title && !source.url;
  while (sources.length > 0 && isBlank(sources[sources.length - 1])) sources.pop();
  return sources.length > 0 ? sources : undefined;
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** A checkbox list's values; a single value as a list of one. */
function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
