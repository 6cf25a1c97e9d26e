import { describe, expect, it } from '@jest/globals';
import {
  decodeActorCursor,
  decodeChangeCursor,
  decodeTimelineCursor,
  encodeActorCursor,
  encodeChangeCursor,
  encodeTimelineCursor,
} from './cursors';
import { QueryInputError } from '../../input/query-input-error';

const EVENT = '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5aff';
const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursors', () => {
  it('round-trip the keys they were made from, early years included', () => {
    for (const validFrom of [
      '2022-07-19T00:00:00.000000Z',
      '0050-02-28T23:59:59.999999Z',
      '2024-02-29T12:00:00.000000Z',
    ]) {
      expect(decodeTimelineCursor(encodeTimelineCursor({ validFrom, eventId: EVENT }), 'after')).toEqual({
        validFrom,
        eventId: EVENT,
      });
    }
    expect(decodeActorCursor(encodeActorCursor({ actorId: EVENT, sortName: 'ali | khamenei' }), 'after')).toEqual({
      actorId: EVENT,
      sortName: 'ali | khamenei',
    });
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00.000000Z'],
    ['30 February', '2022-02-30T00:00:00.000000Z'],
    ['29 February of a common year', '2023-02-29T00:00:00.000000Z'],
    ['month 13', '2022-13-01T00:00:00.000000Z'],
    ['hour 24', '2022-01-01T24:00:00.000000Z'],
    ['second 60', '2022-01-01T23:59:60.000000Z'],
  ])('refuse a timeline cursor in %s', (_name, validFrom) => {
    expect(() => decodeTimelineCursor(forged(`t1|${validFrom}|${EVENT}`), 'after')).toThrow(QueryInputError);
  });

  it('keep change and timeline cursors apart, and refuse a change cursor with an impossible record time', () => {
    const recordedFrom = '2026-12-03T15:00:00.123456Z';
    const change = encodeChangeCursor({ recordedFrom, eventId: EVENT });
    expect(decodeChangeCursor(change, 'after')).toEqual({ recordedFrom, eventId: EVENT });
    expect(() => decodeTimelineCursor(change, 'after')).toThrow(QueryInputError);
    expect(() =>
      decodeChangeCursor(encodeTimelineCursor({ validFrom: recordedFrom, eventId: EVENT }), 'after'),
    ).toThrow(QueryInputError);
    expect(() => decodeChangeCursor(forged(`c1|2022-02-30T00:00:00.000000Z|${EVENT}`), 'after')).toThrow(
      QueryInputError,
    );
  });

  it('refuse an actor cursor whose sort name PostgreSQL could not compare', () => {
    expect(() => decodeActorCursor(forged(`a1|${EVENT}|ali\u0000`), 'after')).toThrow(QueryInputError);
    expect(() => decodeActorCursor(forged(`a1|${EVENT}|${'a'.repeat(701)}`), 'after')).toThrow(QueryInputError);
  });
});
