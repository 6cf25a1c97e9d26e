import { describe, expect, it } from '@jest/globals';
import { changedFields, displayValue, entryLabel } from '../../web/reader/history-diff';

describe('a correction as a person reads it', () => {
  it('lists each changed field with its old and new value as text', () => {
    const entry = {
      type: 'EventRevised',
      changes: {
        summary: 'Putin’s visit to Iran',
        start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      },
      previous: {
        summary: 'Putin’s visit to Iran and Saudi Arabia',
        start: { value: '2022-07', precision: 'MONTH', timeZone: 'Asia/Tehran' },
      },
    };
    expect(changedFields(entry)).toEqual([
      { field: 'summary', before: 'Putin’s visit to Iran and Saudi Arabia', after: 'Putin’s visit to Iran' },
      { field: 'start', before: '2022-07 (Asia/Tehran)', after: '2022-07-19 (Asia/Tehran)' },
    ]);
  });

  it('compares nested details member by member, naming the actors it knows', () => {
    const putin = '5e1d0a52-8f0a-4d3c-9b1e-000000000001';
    const khamenei = '5e1d0a52-8f0a-4d3c-9b1e-000000000002';
    const names = new Map([
      [putin, 'Vladimir Putin'],
      [khamenei, 'Ali Khamenei'],
    ]);
    const entry = {
      type: 'EventRevised',
      changes: { agreement: { terms: 'Keep consulting', status: 'SIGNED', partyIds: [putin] } },
      previous: { agreement: { terms: 'Keep consulting', status: 'SIGNED', partyIds: [putin, khamenei] } },
    };
    expect(changedFields(entry, names)).toEqual([
      { field: 'agreement.partyIds', before: 'Vladimir Putin, Ali Khamenei', after: 'Vladimir Putin' },
    ]);
  });

  it('reads lists, participants and absent values', () => {
    expect(displayValue([{ actorId: 'a', role: 'HOST' }])).toBe('a as host');
    expect(displayValue(null)).toBe('(none)');
    expect(displayValue(['syria', 'trade'])).toBe('syria, trade');
    expect(changedFields({ type: 'EventRecorded' })).toEqual([]);
  });

  it('names entry types for a heading', () => {
    expect(entryLabel('EventRevised')).toBe('Revised');
    expect(entryLabel('SomethingNewHappened')).toBe('Something New Happened');
  });
});
