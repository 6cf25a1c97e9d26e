import type { Problem, ProblemPath } from './errors';
import { checkOneOf, describeValue, isRecord } from './validation';

/**
 * A moment as precise as its source: "2022", "July 2022", "19 July 2022" or "19 July 2022, 14:30",
 * always with the time zone it was given in. The value's shape must match the precision: nothing
 * is widened or narrowed silently ("July 2022" never becomes 2022-07-01T00:00Z).
 */
export const TEMPORAL_PRECISIONS = ['YEAR', 'MONTH', 'DAY', 'MINUTE'] as const;
export type TemporalPrecision = (typeof TEMPORAL_PRECISIONS)[number];

export type TemporalPoint = {
  /** 2022 | 2022-07 | 2022-07-19 | 2022-07-19T14:30, local to timeZone. */
  value: string;
  precision: TemporalPrecision;
  /** IANA zone such as Asia/Tehran, Europe/Moscow or UTC. */
  timeZone: string;
};

/** Half-open [from, to) as UTC ISO instants (2022-07-18T19:30:00.000Z). */
export type TemporalInterval = { from: string; to: string };

const SHAPES: Record<TemporalPrecision, { pattern: RegExp; format: string; example: string }> = {
  YEAR: { pattern: /^(\d{4})$/, format: 'YYYY', example: '2022' },
  MONTH: { pattern: /^(\d{4})-(\d{2})$/, format: 'YYYY-MM', example: '2022-07' },
  DAY: { pattern: /^(\d{4})-(\d{2})-(\d{2})$/, format: 'YYYY-MM-DD', example: '2022-07-19' },
  MINUTE: {
    pattern: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/,
    format: 'YYYY-MM-DDTHH:mm',
    example: '2022-07-19T14:30',
  },
};

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function parseShape(value: string, precision: TemporalPrecision): LocalFields | undefined {
  const match = SHAPES[precision].pattern.exec(value);
  if (!match) return undefined;
  const [year, month = 1, day = 1, hour = 0, minute = 0] = match.slice(1).map(Number);
  return { year: year!, month, day, hour, minute };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// ---- time zones -----------------------------------------------------------------------------

const resolvedZones = new Map<string, string | null>();

/** The zone as Intl spells it, or null when Intl does not know it. */
function resolveTimeZone(timeZone: string): string | null {
  let resolved = resolvedZones.get(timeZone);
  if (resolved === undefined) {
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
      resolved = null;
    }
    resolvedZones.set(timeZone, resolved);
  }
  return resolved;
}

export function isValidTimeZone(timeZone: string): boolean {
  return !/^[+-]/.test(timeZone) && resolveTimeZone(timeZone) !== null;
}

function checkTimeZone(value: unknown, path: ProblemPath, problems: Problem[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({
      path,
      message: `timeZone is required: an IANA zone such as Asia/Tehran or UTC, got ${describeValue(value)}`,
    });
    return undefined;
  }
  // A fixed offset loses the zone's daylight-saving rules, which intervals need.
  if (/^[+-]/.test(value)) {
    problems.push({
      path,
      message: `timeZone must be an IANA zone such as Asia/Tehran, not an offset, got "${value}"`,
    });
    return undefined;
  }
  const resolved = resolveTimeZone(value);
  if (resolved === null) {
    problems.push({ path, message: `unknown time zone "${value}": expected an IANA zone such as Asia/Tehran or UTC` });
    return undefined;
  }
  // Intl accepts any letter case; one spelling is kept so equal zones compare equal.
  if (resolved !== value && resolved.toLowerCase() === value.toLowerCase()) {
    problems.push({ path, message: `timeZone must be written "${resolved}", got "${value}"` });
    return undefined;
  }
  return value;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Milliseconds to add to a UTC instant to get the zone's wall clock at that instant. */
/**
 * Offsets are asked for again and again for the same few instants (the bounds of the same days
 * and months); formatToParts is slow, so answers are kept, keyed exactly: always correct.
 */
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 100_000;

function offsetAt(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const key = `${timeZone}@${epochMs}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = computeOffsetAt(epochMs, timeZone);
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function computeOffsetAt(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal' && part.type !== 'era') parts[part.type] = Number(part.value);
  }
  const wallClock = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallClock - Math.floor(epochMs / 1000) * 1000;
}

export type LocalTimeResolution = {
  epochMs: number;
  /** UNIQUE, or AMBIGUOUS (clocks went back; the earlier instant is taken), or SKIPPED (clocks
   * went forward over it; the instant the clocks jumped to is taken). */
  kind: 'UNIQUE' | 'AMBIGUOUS' | 'SKIPPED';
};

/**
 * Wall-clock time in a zone to a UTC instant. The wall clock is given as if it were UTC
 * (Date.UTC of its fields). Offsets a day before and after bound the candidates; no zone changes
 * its offset twice within two days.
 */
export function zonedLocalToUtc(wallClockMs: number, timeZone: string): LocalTimeResolution {
  const offsetBefore = offsetAt(wallClockMs - 86_400_000, timeZone);
  const offsetAfter = offsetAt(wallClockMs + 86_400_000, timeZone);
  const candidates = [wallClockMs - offsetBefore, wallClockMs - offsetAfter].filter(
    (instant) => instant + offsetAt(instant, timeZone) === wallClockMs,
  );
  if (candidates.length === 0) return { epochMs: wallClockMs - offsetBefore, kind: 'SKIPPED' };
  const [first, second] = candidates.sort((a, b) => a - b);
  return { epochMs: first!, kind: second !== undefined && second !== first ? 'AMBIGUOUS' : 'UNIQUE' };
}

// ---- validation and intervals ---------------------------------------------------------------

/** Every problem of a point; [] when it is valid. Paths are path + ['value' | 'precision' | 'timeZone']. */
export function validateTemporalPoint(point: unknown, path: ProblemPath): Problem[] {
  const problems: Problem[] = [];
  if (!isRecord(point)) {
    return [{ path, message: `must be a date { value, precision, timeZone }, got ${describeValue(point)}` }];
  }
  const precision = checkOneOf(point.precision, TEMPORAL_PRECISIONS, [...path, 'precision'], 'precision', problems);
  const timeZone = checkTimeZone(point.timeZone, [...path, 'timeZone'], problems);
  const value = point.value;
  if (typeof value !== 'string') {
    problems.push({
      path: [...path, 'value'],
      message: `value must be text such as 2022-07-19, got ${describeValue(value)}`,
    });
    return problems;
  }
  if (!precision) return problems;
  const fields = parseShape(value, precision);
  if (!fields) {
    const shape = SHAPES[precision];
    const looksLike = TEMPORAL_PRECISIONS.find((other) => SHAPES[other].pattern.test(value));
    problems.push({
      path: [...path, 'value'],
      message:
        `value "${value}" does not match precision ${precision} (${shape.format}, such as ${shape.example})` +
        (looksLike ? `; it has the shape of ${looksLike}` : ''),
    });
    return problems;
  }
  const calendarProblem = checkCalendar(fields, precision);
  if (calendarProblem) {
    problems.push({ path: [...path, 'value'], message: calendarProblem });
    return problems;
  }
  if (timeZone) {
    const skipped = skippedInZone(fields, precision, timeZone);
    if (skipped)
      problems.push({ path: [...path, 'value'], message: `${value} does not exist in ${timeZone} (${skipped})` });
  }
  return problems;
}

function checkCalendar(
  { year, month, day, hour, minute }: LocalFields,
  precision: TemporalPrecision,
): string | undefined {
  if (year < 1000) return `year ${String(year).padStart(4, '0')} is outside 1000-9999`;
  if (precision === 'YEAR') return undefined;
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} does not exist (01-12)`;
  if (precision === 'MONTH') return undefined;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${year}-${pad(month)}-${pad(day)} is not a calendar date (${MONTH_NAMES[month - 1]} ${year} has ${days} days)`;
  }
  if (precision === 'DAY') return undefined;
  if (hour > 23 || minute > 59) return `${pad(hour)}:${pad(minute)} is not a time of day (00:00-23:59)`;
  return undefined;
}

/** Why a local period is not on the zone's clocks at all, if it is not (a DST gap, a skipped day). */
function skippedInZone(fields: LocalFields, precision: TemporalPrecision, timeZone: string): string | undefined {
  const [fromLocal, toLocal] = localBounds(fields, precision);
  const from = zonedLocalToUtc(fromLocal, timeZone);
  if (precision === 'MINUTE' && from.kind === 'SKIPPED') return 'the clocks were moved forward over it';
  const to = zonedLocalToUtc(toLocal, timeZone);
  return to.epochMs <= from.epochMs ? 'the clocks skipped it' : undefined;
}

/** Start and end of the local period, as wall-clock milliseconds (Date.UTC of the local fields). */
function localBounds({ year, month, day, hour, minute }: LocalFields, precision: TemporalPrecision): [number, number] {
  switch (precision) {
    case 'YEAR':
      return [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)];
    case 'MONTH':
      return [Date.UTC(year, month - 1, 1), Date.UTC(year, month, 1)];
    case 'DAY':
      return [Date.UTC(year, month - 1, day), Date.UTC(year, month - 1, day + 1)];
    case 'MINUTE':
      return [Date.UTC(year, month - 1, day, hour, minute), Date.UTC(year, month - 1, day, hour, minute + 1)];
    default: {
      const unknownPrecision: never = precision;
      throw new RangeError(`unknown precision ${String(unknownPrecision)}`);
    }
  }
}

/**
 * The UTC instants a point covers at its precision: the whole local year, month, day or minute.
 * At a DST change a day may last 23 or 25 hours; an ambiguous minute is taken at its first
 * occurrence. Throws a RangeError for an invalid point (validate first).
 */
export function temporalInterval(point: TemporalPoint): TemporalInterval {
  const fields = parseShape(point.value, point.precision);
  if (!fields || checkCalendar(fields, point.precision) || !isValidTimeZone(point.timeZone)) {
    throw new RangeError(`not a valid temporal point: ${JSON.stringify(point)}`);
  }
  const [fromLocal, toLocal] = localBounds(fields, point.precision);
  return {
    from: new Date(zonedLocalToUtc(fromLocal, point.timeZone).epochMs).toISOString(),
    to: new Date(zonedLocalToUtc(toLocal, point.timeZone).epochMs).toISOString(),
  };
}

/** Half-open intervals overlap when each starts before the other ends. */
export function intervalsOverlap(a: TemporalInterval, b: TemporalInterval): boolean {
  return a.from < b.to && b.from < a.to;
}

export function describeTemporalPoint(point: TemporalPoint, withZone = false): string {
  return `(${point.value}, ${point.precision}${withZone ? `, ${point.timeZone}` : ''})`;
}

/**
 * An end is before its start when the end's whole interval is over before (or as) the start's
 * begins: "end 19 July" with "start 19 July, 14:30" is fine, "end 18 July" is not.
 * Both points must be valid.
 */
export function checkEndNotBeforeStart(
  start: TemporalPoint,
  end: TemporalPoint,
  path: ProblemPath,
  labels: { start: string; end: string } = { start: 'start', end: 'end' },
): Problem | undefined {
  if (temporalInterval(end).to > temporalInterval(start).from) return undefined;
  const withZone = start.timeZone !== end.timeZone;
  return {
    path,
    message: `${labels.end} ${describeTemporalPoint(end, withZone)} is before ${labels.start} ${describeTemporalPoint(start, withZone)}`,
  };
}

/** A copy holding only the point's own members, so nothing extra reaches the log. */
export function copyTemporalPoint(point: TemporalPoint): TemporalPoint {
  return { value: point.value, precision: point.precision, timeZone: point.timeZone };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
