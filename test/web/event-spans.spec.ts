import { describe, expect, it } from '@jest/globals';
import { describeWhen, groupsOf, itemsOf, spanOf } from '../../web/reader/event-spans';

const point = (value: string, precision: string, intervalStart: string, intervalEnd: string, timeZone = 'UTC') => ({
  value,
  precision,
  timeZone,
  intervalStart,
  intervalEnd,
});

const march = {
  eventId: 'm',
  kind: 'MEETING',
  status: 'RECORDED',
  title: 'Talks in March',
  start: point('2022-03', 'MONTH', '2022-03-01T00:00:00.000Z', '2022-04-01T00:00:00.000Z'),
  end: null,
  participants: [
    { actorId: 'putin', role: 'GUEST', actor: { name: 'Vladimir Putin' } },
    { actorId: 'raisi', role: 'HOST', actor: { name: 'Ebrahim Raisi' } },
  ],
};

describe('where an event is drawn', () => {
  it('spans the whole month for a month-precise date, not its first day', () => {
    expect(spanOf(march)).toEqual({
      type: 'range',
      start: new Date('2022-03-01T00:00:00.000Z'),
      end: new Date('2022-04-01T00:00:00.000Z'),
    });
  });

  it('spans the whole year for a year, and from start to the end of the end date for a range', () => {
    const year = { ...march, start: point('2021', 'YEAR', '2021-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z') };
    expect(spanOf(year).end).toEqual(new Date('2022-01-01T00:00:00.000Z'));
    const range = {
      ...march,
      start: point('2022-07-19', 'DAY', '2022-07-18T19:30:00.000Z', '2022-07-19T19:30:00.000Z', 'Asia/Tehran'),
      end: point('2022-07-21', 'DAY', '2022-07-20T19:30:00.000Z', '2022-07-21T19:30:00.000Z', 'Asia/Tehran'),
    };
    expect(spanOf(range)).toEqual({
      type: 'range',
      start: new Date('2022-07-18T19:30:00.000Z'),
      end: new Date('2022-07-21T19:30:00.000Z'),
    });
    expect(describeWhen(range)).toBe('2022-07-19 (Asia/Tehran) – 2022-07-21 (Asia/Tehran)');
  });

  it('draws a moment given to the minute as a point', () => {
    const minute = {
      ...march,
      start: point('2022-07-19T14:30', 'MINUTE', '2022-07-19T10:00:00.000Z', '2022-07-19T10:01:00.000Z'),
    };
    expect(spanOf(minute)).toEqual({ type: 'point', start: new Date('2022-07-19T10:00:00.000Z') });
  });

  it('puts one item per event in its kind’s row, or one per participant in actor rows', () => {
    expect(itemsOf([march], 'kind').map((item) => [item.id, item.group])).toEqual([['m', 'MEETING']]);
    expect(itemsOf([march], 'actor').map((item) => [item.id, item.group])).toEqual([
      ['m|putin', 'putin'],
      ['m|raisi', 'raisi'],
    ]);
    expect(itemsOf([march], 'kind')[0].className).toBe('kind-meeting precision-month');
    expect(groupsOf([march], 'actor').map((group) => group.label)).toEqual(['Ebrahim Raisi', 'Vladimir Putin']);
  });
});
