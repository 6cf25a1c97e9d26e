import { describe, expect, it } from '@jest/globals';
import {
  asOfArgument,
  changeWindow,
  filterOf,
  parseState,
  precisionOf,
  stateToSearch,
} from '../../web/reader/url-state';

describe('the reader state in the query string', () => {
  it('maps each parameter onto one member of timeline(filter)', () => {
    const state = parseState(
      '?text=%22national+currencies%22&actors=a1,a2&roles=speaker,nonsense&dyad=irn,rus&countries=tur&kinds=MEETING,bogus&topics=Syria&cameoRoot=04&from=2022-07&to=2023',
    );
    expect(filterOf(state)).toEqual({
      text: '"national currencies"',
      actors: { allOf: ['a1', 'a2'], roles: ['SPEAKER'] },
      dyad: { countries: ['IRN', 'RUS'] },
      countries: ['TUR'],
      kinds: ['MEETING'],
      topics: ['syria'],
      cameoRootCodes: ['04'],
      dateRange: {
        from: { value: '2022-07', precision: 'MONTH', timeZone: 'UTC' },
        to: { value: '2023', precision: 'YEAR', timeZone: 'UTC' },
      },
    });
  });

  it('reads a dyad of two actor ids as actors', () => {
    const ids = ['5f0c2a5e-0000-4000-8000-000000000001', '5f0c2a5e-0000-4000-8000-000000000002'];
    expect(filterOf(parseState(`?dyad=${ids.join(',')}`)).dyad).toEqual({ actors: ids });
  });

  it('leaves out what is empty: no parameter, no filter member', () => {
    expect(filterOf(parseState(''))).toEqual({});
    expect(stateToSearch(parseState(''))).toBe('');
  });

  it('writes back the query string it reads, so a shared view opens the same', () => {
    const search =
      '?text=Syria&actors=a1&countries=IRN&kinds=STATEMENT&from=2022-07-19&asOf=2022-07-20T10%3A00%3A00.000Z&retracted=1&group=actor&event=e1';
    expect(stateToSearch(parseState(search))).toBe(search);
  });

  it('holds both record times of the compare mode, the earlier one the window’s start', () => {
    const search = '?asOf=2022-07-20T10%3A00%3A00.000Z&compare=2022-07-25T00%3A00%3A00.000Z';
    expect(stateToSearch(parseState(search))).toBe(search);
    expect(changeWindow(parseState(search))).toEqual({
      from: '2022-07-20T10:00:00.000Z',
      to: '2022-07-25T00:00:00.000Z',
    });
    // Either way round; compared with now, or as known now.
    expect(changeWindow(parseState('?asOf=2022-07-25T00:00:00Z&compare=2022-07-20T10:00:00Z'))).toEqual({
      from: '2022-07-20T10:00:00.000Z',
      to: '2022-07-25T00:00:00.000Z',
    });
    expect(changeWindow(parseState('?asOf=2022-07-20T10:00:00Z&compare=now'))).toEqual({
      from: '2022-07-20T10:00:00.000Z',
    });
    expect(changeWindow(parseState('?compare=2022-07-20T10:00:00'))).toEqual({ from: '2022-07-20T10:00:00.000Z' });
    expect(changeWindow(parseState('?asOf=2022-07-20T10:00:00Z'))).toBeUndefined();
    expect(changeWindow(parseState('?compare=now'))?.error).toMatch(/same moment/);
    expect(changeWindow(parseState('?compare=yesterday'))?.error).toMatch(/date-times/);
  });

  it('gives a typed date its precision from its shape', () => {
    expect(precisionOf('2022')).toBe('YEAR');
    expect(precisionOf('2022-07')).toBe('MONTH');
    expect(precisionOf('2022-07-19')).toBe('DAY');
    expect(precisionOf('July 2022')).toBeUndefined();
  });

  it('reads an as-of date-time without a zone as UTC', () => {
    expect(asOfArgument(parseState('?asOf=2022-07-20T10:00'))).toBe('2022-07-20T10:00Z');
    expect(asOfArgument(parseState('?asOf=2022-07-20T10:00:00.000Z'))).toBe('2022-07-20T10:00:00.000Z');
    expect(asOfArgument(parseState(''))).toBeUndefined();
  });
});
