import { validateTemporalPoint, type TemporalPoint } from '../diplomacy/index';

/**
 * GDELT and ICEWS date events by the UTC day of the reports (GDELT's documentation: all dates
 * are UTC), so a day in UTC, never a guessed local zone.
 */
export function utcDay(raw: string, field: string): { point: TemporalPoint } | { problem: string } {
  const text = raw.trim();
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return { problem: `${field} "${raw}" is not a date (YYYYMMDD or YYYY-MM-DD)` };
  const point: TemporalPoint = { value: `${match[1]}-${match[2]}-${match[3]}`, precision: 'DAY', timeZone: 'UTC' };
  const problems = validateTemporalPoint(point, []);
  return problems.length === 0
    ? { point }
    : { problem: `${field} "${raw}": ${problems.map((p) => p.message).join('; ')}` };
}

/** GDELT DATEADDED (YYYYMMDDHHMMSS, UTC) as an ISO instant; undefined when it is not one. */
export function gdeltInstant(raw: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute;
  return roundTrips && year >= 1000 ? date.toISOString() : undefined;
}
