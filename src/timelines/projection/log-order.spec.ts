import { describe, expect, it } from '@jest/globals';
import { effectiveRecordTime } from './log-order';

const at = (iso: string) => new Date(iso);

describe('effectiveRecordTime', () => {
  it('is the latest insert time so far along the log order', () => {
    // Insert times as read in log order: the third event took the clock before the second.
    const inserted = [
      '2022-07-19T10:00:00.000Z',
      '2022-07-19T10:00:00.005Z',
      '2022-07-19T10:00:00.003Z',
      '2022-07-19T10:00:00.009Z',
    ];
    let latest: Date | null = null;
    const effective = inserted.map((iso) => (latest = effectiveRecordTime(latest, at(iso))).toISOString());
    expect(effective).toEqual([
      '2022-07-19T10:00:00.000Z',
      '2022-07-19T10:00:00.005Z',
      '2022-07-19T10:00:00.005Z',
      '2022-07-19T10:00:00.009Z',
    ]);
  });

  it('is the insert time itself for the first event and for one at the latest time', () => {
    expect(effectiveRecordTime(null, at('2022-07-19T10:00:00Z')).toISOString()).toBe('2022-07-19T10:00:00.000Z');
    const same = at('2022-07-19T10:00:00Z');
    expect(effectiveRecordTime(at('2022-07-19T10:00:00Z'), same).getTime()).toBe(same.getTime());
  });
});
