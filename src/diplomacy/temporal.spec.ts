import { describe, expect, it } from '@jest/globals';
import {
  checkEndNotBeforeStart,
  intervalsOverlap,
  isValidTimeZone,
  temporalInterval,
  validateTemporalPoint,
  type TemporalPoint,
} from './temporal';

const point = (value: string, precision: TemporalPoint['precision'], timeZone = 'UTC'): TemporalPoint => ({
  value,
  precision,
  timeZone,
});
const messages = (p: unknown) =>
  validateTemporalPoint(p, ['start']).map((problem) => `${problem.path.join('.')}: ${problem.message}`);

describe('validateTemporalPoint', () => {
  it('accepts each precision in its own shape', () => {
    expect(messages(point('2022', 'YEAR', 'Asia/Tehran'))).toEqual([]);
    expect(messages(point('2022-07', 'MONTH', 'Europe/Moscow'))).toEqual([]);
    expect(messages(point('2022-07-19', 'DAY', 'Asia/Tehran'))).toEqual([]);
    expect(messages(point('2022-07-19T14:30', 'MINUTE', 'Asia/Tehran'))).toEqual([]);
    expect(messages(point('2024-02-29', 'DAY'))).toEqual([]);
  });

  it('refuses a value whose shape does not match the precision, never widening or narrowing it', () => {
    expect(messages(point('2022-07', 'DAY'))).toEqual([
      'start.value: value "2022-07" does not match precision DAY (YYYY-MM-DD, such as 2022-07-19); it has the shape of MONTH',
    ]);
    expect(messages(point('2022-07-19', 'YEAR'))).toEqual([
      'start.value: value "2022-07-19" does not match precision YEAR (YYYY, such as 2022); it has the shape of DAY',
    ]);
    expect(messages(point('19 July 2022', 'DAY'))).toEqual([
      'start.value: value "19 July 2022" does not match precision DAY (YYYY-MM-DD, such as 2022-07-19)',
    ]);
    expect(messages(point('2022-07-19T14:30:00', 'MINUTE'))).toHaveLength(1);
  });

  it('refuses dates that are not on the calendar and years outside 1000-9999', () => {
    expect(messages(point('2022-02-30', 'DAY'))).toEqual([
      'start.value: 2022-02-30 is not a calendar date (February 2022 has 28 days)',
    ]);
    expect(messages(point('2023-02-29', 'DAY'))).toEqual([
      'start.value: 2023-02-29 is not a calendar date (February 2023 has 28 days)',
    ]);
    expect(messages(point('2022-13', 'MONTH'))).toEqual(['start.value: month 13 does not exist (01-12)']);
    expect(messages(point('2022-07-19T24:00', 'MINUTE'))).toEqual([
      'start.value: 24:00 is not a time of day (00:00-23:59)',
    ]);
    expect(messages(point('0999', 'YEAR'))).toEqual(['start.value: year 0999 is outside 1000-9999']);
  });

  it('requires an IANA time zone for every precision, spelled as Intl spells it', () => {
    expect(messages({ value: '2022', precision: 'YEAR' })).toEqual([
      'start.timeZone: timeZone is required: an IANA zone such as Asia/Tehran or UTC, got nothing',
    ]);
    expect(messages(point('2022', 'YEAR', 'Asia/Teheran'))).toEqual([
      'start.timeZone: unknown time zone "Asia/Teheran": expected an IANA zone such as Asia/Tehran or UTC',
    ]);
    expect(messages(point('2022', 'YEAR', '+04:30'))).toEqual([
      'start.timeZone: timeZone must be an IANA zone such as Asia/Tehran, not an offset, got "+04:30"',
    ]);
    expect(messages(point('2022', 'YEAR', 'asia/tehran'))).toEqual([
      'start.timeZone: timeZone must be written "Asia/Tehran", got "asia/tehran"',
    ]);
    expect(isValidTimeZone('Europe/Moscow')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('reports every problem of a point at once', () => {
    expect(messages({ value: 20220719, precision: 'WEEK', timeZone: 'Nowhere' })).toEqual([
      'start.precision: precision must be one of YEAR, MONTH, DAY, MINUTE, got "WEEK"',
      'start.timeZone: unknown time zone "Nowhere": expected an IANA zone such as Asia/Tehran or UTC',
      'start.value: value must be text such as 2022-07-19, got 20220719',
    ]);
    expect(messages('2022-07-19')).toEqual(['start: must be a date { value, precision, timeZone }, got "2022-07-19"']);
  });

  it('refuses a wall-clock minute the clocks skipped, and a day a zone skipped', () => {
    expect(messages(point('2022-03-13T02:30', 'MINUTE', 'America/New_York'))).toEqual([
      'start.value: 2022-03-13T02:30 does not exist in America/New_York (the clocks were moved forward over it)',
    ]);
    // Samoa moved across the date line: 30 December 2011 never happened in Apia.
    expect(messages(point('2011-12-30', 'DAY', 'Pacific/Apia'))).toEqual([
      'start.value: 2011-12-30 does not exist in Pacific/Apia (the clocks skipped it)',
    ]);
  });
});

describe('temporalInterval', () => {
  it('gives the whole local day in UTC: 19 July 2022 in Tehran (UTC+04:30 in 2022)', () => {
    expect(temporalInterval(point('2022-07-19', 'DAY', 'Asia/Tehran'))).toEqual({
      from: '2022-07-18T19:30:00.000Z',
      to: '2022-07-19T19:30:00.000Z',
    });
  });

  it('follows the zone rules of the year: Iran kept UTC+03:30 all year from 2023', () => {
    expect(temporalInterval(point('2023-07-19', 'DAY', 'Asia/Tehran'))).toEqual({
      from: '2023-07-18T20:30:00.000Z',
      to: '2023-07-19T20:30:00.000Z',
    });
  });

  it('covers a year, a month and a minute', () => {
    expect(temporalInterval(point('2022', 'YEAR', 'Europe/Moscow'))).toEqual({
      from: '2021-12-31T21:00:00.000Z',
      to: '2022-12-31T21:00:00.000Z',
    });
    expect(temporalInterval(point('2022-07', 'MONTH', 'Asia/Tehran'))).toEqual({
      from: '2022-06-30T19:30:00.000Z',
      to: '2022-07-31T19:30:00.000Z',
    });
    expect(temporalInterval(point('2022-07-19T14:30', 'MINUTE', 'Asia/Tehran'))).toEqual({
      from: '2022-07-19T10:00:00.000Z',
      to: '2022-07-19T10:01:00.000Z',
    });
    expect(temporalInterval(point('2022-12', 'MONTH'))).toEqual({
      from: '2022-12-01T00:00:00.000Z',
      to: '2023-01-01T00:00:00.000Z',
    });
  });

  it('lets a day last 23 hours when the clocks go forward and 25 when they go back', () => {
    expect(temporalInterval(point('2022-03-13', 'DAY', 'America/New_York'))).toEqual({
      from: '2022-03-13T05:00:00.000Z',
      to: '2022-03-14T04:00:00.000Z',
    });
    expect(temporalInterval(point('2022-11-06', 'DAY', 'America/New_York'))).toEqual({
      from: '2022-11-06T04:00:00.000Z',
      to: '2022-11-07T05:00:00.000Z',
    });
  });

  it('starts a day at the jump when its midnight was skipped (Tehran, 22 March 2021)', () => {
    // Iran moved from +03:30 to +04:30 at 00:00: the day began at 01:00 local.
    expect(temporalInterval(point('2021-03-22', 'DAY', 'Asia/Tehran'))).toEqual({
      from: '2021-03-21T20:30:00.000Z',
      to: '2021-03-22T19:30:00.000Z',
    });
  });

  it('a month spanning a DST change (London, March 2022) starts in GMT and ends in BST', () => {
    expect(temporalInterval(point('2022-03', 'MONTH', 'Europe/London'))).toEqual({
      from: '2022-03-01T00:00:00.000Z',
      to: '2022-03-31T23:00:00.000Z',
    });
  });

  it('takes the first occurrence of a minute the clocks repeat', () => {
    expect(temporalInterval(point('2022-11-06T01:30', 'MINUTE', 'America/New_York'))).toEqual({
      from: '2022-11-06T05:30:00.000Z',
      to: '2022-11-06T05:31:00.000Z',
    });
  });

  it('handles local mean time offsets with seconds (Tehran before 1946)', () => {
    expect(temporalInterval(point('1900-01-01', 'DAY', 'Asia/Tehran')).from).toBe('1899-12-31T20:34:16.000Z');
  });

  it('refuses an invalid point instead of guessing', () => {
    expect(() => temporalInterval(point('2022-07', 'DAY'))).toThrow(RangeError);
    expect(() => temporalInterval(point('2022', 'YEAR', 'Nowhere'))).toThrow(RangeError);
  });

  it('matches a date range by overlap, so "July 2022" matches a query for 19 July', () => {
    const july = temporalInterval(point('2022-07', 'MONTH', 'Asia/Tehran'));
    expect(intervalsOverlap(july, { from: '2022-07-19T00:00:00.000Z', to: '2022-07-20T00:00:00.000Z' })).toBe(true);
    expect(intervalsOverlap(july, { from: '2022-07-31T19:30:00.000Z', to: '2022-08-02T00:00:00.000Z' })).toBe(false);
  });
});

describe('checkEndNotBeforeStart', () => {
  const start = point('2022-07-19', 'DAY', 'Asia/Tehran');

  it('refuses an end whose interval is over before the start begins', () => {
    expect(checkEndNotBeforeStart(start, point('2022-07-18', 'DAY', 'Asia/Tehran'), ['end'])).toEqual({
      path: ['end'],
      message: 'end (2022-07-18, DAY) is before start (2022-07-19, DAY)',
    });
  });

  it('accepts an end on the same day, or coarser and overlapping', () => {
    expect(checkEndNotBeforeStart(start, start, ['end'])).toBeUndefined();
    expect(
      checkEndNotBeforeStart(
        point('2022-07-19T14:30', 'MINUTE', 'Asia/Tehran'),
        point('2022-07-19', 'DAY', 'Asia/Tehran'),
        ['end'],
      ),
    ).toBeUndefined();
    expect(checkEndNotBeforeStart(start, point('2022-07', 'MONTH', 'Asia/Tehran'), ['end'])).toBeUndefined();
  });

  it('compares instants across zones and names the zones when they differ', () => {
    expect(checkEndNotBeforeStart(start, point('2022-07-18T21:00', 'MINUTE', 'UTC'), ['end'])).toBeUndefined();
    expect(checkEndNotBeforeStart(start, point('2022-07-18T19:00', 'MINUTE', 'UTC'), ['end'])).toEqual({
      path: ['end'],
      message: 'end (2022-07-18T19:00, MINUTE, UTC) is before start (2022-07-19, DAY, Asia/Tehran)',
    });
  });
});
