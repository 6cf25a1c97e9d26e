import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ids, recordSummit, recordSyriaWarning, recordVisit } from '../../diplomacy/testing/tehran-2022';
import { nodeFor, tehranNodes } from './testing/nodes';
import { timelineJsDate, toTimelineJs } from './timelinejs';
import { validateTimelineJs } from './timelinejs-validate';

// A copy of NUKnightLab/TimelineJS3 src/template/eras.json (source and licence: its SOURCE.md).
const ERAS = resolve(process.cwd(), 'test/fixtures/exports/eras.json');

function visitWithUrl() {
  const command = recordVisit();
  command.data.sources![0] = {
    ...command.data.sources![0]!,
    url: 'https://www.reuters.com/world/putin-tehran-2022-07-19/',
  };
  return nodeFor(command);
}

describe('toTimelineJs', () => {
  it('writes a slide per event, with media from the first source that has a url', () => {
    const document = toTimelineJs([visitWithUrl()], { title: 'Putin in Tehran', description: '19 July 2022' });
    expect(document).toEqual({
      title: { text: { headline: 'Putin in Tehran', text: '<p>19 July 2022</p>' } },
      events: [
        {
          start_date: { year: 2022, month: 7, day: 19 },
          text: {
            headline: 'Putin visits Tehran',
            text:
              '<p>Putin’s visit to Iran and Saudi Arabia sends a strong message to the West about Moscow’s plans to forge closer strategic ties with these countries.</p>' +
              '<p><strong>Participants:</strong> Vladimir Putin (GUEST); Ebrahim Raisi (HOST)</p>' +
              '<p><strong>Where:</strong> Tehran</p>' +
              '<p><strong>Sources:</strong> Reuters: <a href="https://www.reuters.com/world/putin-tehran-2022-07-19/">Putin forges ties with Iran’s supreme leader in Tehran talks</a>; ' +
              'CNN: Putin arrives in Iran for first trip outside former Soviet Union since his invasion of Ukraine</p>',
          },
          media: {
            url: 'https://www.reuters.com/world/putin-tehran-2022-07-19/',
            caption: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
            credit: 'Reuters',
          },
          group: 'MEETING',
          unique_id: ids.visit,
        },
      ],
    });
  });

  it('keeps each date as precise as the event: YEAR, MONTH, DAY, and a MINUTE in its own zone', () => {
    expect(timelineJsDate({ value: '2022', precision: 'YEAR', timeZone: 'UTC' })).toEqual({ year: 2022 });
    expect(timelineJsDate({ value: '2022-07', precision: 'MONTH', timeZone: 'Asia/Tehran' })).toEqual({
      year: 2022,
      month: 7,
    });
    expect(timelineJsDate({ value: '2022-07-19T17:05', precision: 'MINUTE', timeZone: 'Asia/Tehran' })).toEqual({
      year: 2022,
      month: 7,
      day: 19,
      hour: 17,
      minute: 5,
      display_date: '19 July 2022, 17:05 (Asia/Tehran)',
    });
  });

  it('gives an end date when there is one', () => {
    const summit = recordSummit();
    summit.data.start = { value: '2022-07-19T17:30', precision: 'MINUTE', timeZone: 'Asia/Tehran' };
    summit.data.end = { value: '2022-07-19T21:00', precision: 'MINUTE', timeZone: 'Asia/Tehran' };
    const [slide] = toTimelineJs([nodeFor(summit)]).events;
    expect(slide!.start_date).toEqual({
      year: 2022,
      month: 7,
      day: 19,
      hour: 17,
      minute: 30,
      display_date: '19 July 2022, 17:30 (Asia/Tehran)',
    });
    expect(slide!.end_date).toEqual({
      year: 2022,
      month: 7,
      day: 19,
      hour: 21,
      minute: 0,
      display_date: '19 July 2022, 21:00 (Asia/Tehran)',
    });
  });

  it('escapes HTML in every text it writes', () => {
    const warning = recordSyriaWarning();
    warning.data.title = 'Khamenei <b>warns</b> "Erdogan" & co';
    warning.data.statement!.text = '<script>alert(1)</script>';
    const [slide] = toTimelineJs([nodeFor(warning)]).events;
    expect(slide!.text.headline).toBe('Khamenei &lt;b&gt;warns&lt;/b&gt; &quot;Erdogan&quot; &amp; co');
    expect(slide!.text.text).toBe(
      '<p lang="en"><em>In substance:</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<p><strong>Participants:</strong> Ali Khamenei (SPEAKER); Recep Tayyip Erdogan (ADDRESSEE); Syria (MENTIONED)</p>',
    );
  });

  it('leaves retracted events out unless asked, then marks them', () => {
    const retracted = nodeFor(recordVisit(), { retractedBecause: 'Putin did not go to Saudi Arabia' });
    expect(toTimelineJs([retracted]).events).toEqual([]);
    const [slide] = toTimelineJs([retracted], { includeRetracted: true }).events;
    expect(slide!.text.headline).toBe('[Retracted] Putin visits Tehran');
    expect(slide!.text.text.startsWith('<p><strong>Retracted:</strong> Putin did not go to Saudi Arabia</p>')).toBe(
      true,
    );
  });
});

describe('validateTimelineJs', () => {
  it('passes the export of the six Tehran events', () => {
    const document = toTimelineJs(tehranNodes(), { title: 'Tehran, 19 July 2022' });
    expect(document.events).toHaveLength(6);
    expect(validateTimelineJs(document)).toEqual([]);
    expect(document.events.map((e) => e.group)).toEqual([
      'AGREEMENT',
      'MEETING',
      'MEETING',
      'MEETING',
      'STATEMENT',
      'STATEMENT',
    ]);
  });

  it('passes Knight Lab’s own eras.json (string date parts, no unique_id)', () => {
    expect(validateTimelineJs(JSON.parse(readFileSync(ERAS, 'utf8')))).toEqual([]);
  });

  it.each([
    [
      'no events',
      { events: [] },
      [{ path: 'events', message: 'events must not be empty (TimelineJS: "Timeline configuration has no events.")' }],
    ],
    ['no events list', {}, [{ path: 'events', message: 'events is required: a list of slides' }]],
    [
      'a missing start_date',
      { events: [{ text: { headline: 'x' } }] },
      [{ path: 'events[0].start_date', message: 'start_date is required' }],
    ],
    [
      'month 13',
      { events: [{ start_date: { year: 2022, month: 13 } }] },
      [{ path: 'events[0].start_date.month', message: 'month must be 1-12, got 13' }],
    ],
    [
      '30 February',
      { events: [{ start_date: { year: '2022', month: '02', day: '30' } }] },
      [{ path: 'events[0].start_date.day', message: '2022-2 has no day 30' }],
    ],
    [
      'a day without a month',
      { events: [{ start_date: { year: 2022, day: 3 } }] },
      [{ path: 'events[0].start_date.day', message: 'day needs month' }],
    ],
    [
      'minute 60',
      { events: [{ start_date: { year: 2022, month: 1, day: 1, hour: 10, minute: 60 } }] },
      [{ path: 'events[0].start_date.minute', message: 'minute must be 0-59, got 60' }],
    ],
    [
      'a year that is not a number',
      { events: [{ start_date: { year: '2022a' } }] },
      [{ path: 'events[0].start_date.year', message: 'year must be an integer or a string of digits, got "2022a"' }],
    ],
    [
      'an end before the start',
      { events: [{ start_date: { year: 2022, month: 7 }, end_date: { year: 2022, month: 6 } }] },
      [{ path: 'events[0].end_date', message: 'end_date is before start_date' }],
    ],
    [
      'a duplicate unique_id',
      {
        events: [
          { start_date: { year: 1 }, unique_id: 'a' },
          { start_date: { year: 2 }, unique_id: 'a' },
        ],
      },
      [{ path: 'events[1].unique_id', message: 'unique_id "a" is used by events[0] already' }],
    ],
    [
      'media without url',
      { events: [{ start_date: { year: 1 }, media: { caption: 'c' } }] },
      [{ path: 'events[0].media.url', message: 'media needs a url' }],
    ],
    [
      'an era without end or headline',
      { events: [{ start_date: { year: 1 } }], eras: [{ start_date: { year: 1 } }] },
      [
        { path: 'eras[0].end_date', message: 'an era needs an end_date' },
        { path: 'eras[0].text.headline', message: 'an era needs text.headline' },
      ],
    ],
    [
      'an unknown scale',
      { scale: 'geological', events: [{ start_date: { year: 1 } }] },
      [{ path: 'scale', message: 'scale must be "human" or "cosmological"' }],
    ],
  ])('refuses %s', (_, document, problems) => {
    expect(validateTimelineJs(document)).toEqual(problems);
  });
});
