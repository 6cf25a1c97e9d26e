import { describe, expect, it } from '@jest/globals';
import { ids, recordSummit, recordSyriaWarning, recordVisit } from '../../diplomacy/testing/tehran-2022';
import { csvField, toCsv } from './csv';
import { nodeFor } from './testing/nodes';

const HEADER =
  'event_id,kind,title,summary,start,start_precision,start_time_zone,end,end_precision,location,location_country,participants,topics,cameo_code,sources,retracted,version,recorded_from,source_count,publishers,merged_into\r\n';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    [' spaced ', ' spaced '],
  ])('%j → %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated row per event', () => {
    const summit = recordSummit();
    summit.data.start = { value: '2022-07-19T17:30', precision: 'MINUTE', timeZone: 'Asia/Tehran' };
    summit.data.end = { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' };
    summit.data.sources = [{ sourceId: ids.apSource, publisher: 'AP', url: 'https://apnews.com/article/summit' }];
    const csv = toCsv([nodeFor(summit, { version: 3, recordedFrom: new Date('2022-07-21T06:15:00Z') })]);
    expect(csv).toBe(
      HEADER +
        `${ids.summit},MEETING,"Trilateral summit of the presidents of Russia, Iran and Turkey",Syria was a chief reason for the meeting of the three leaders.,` +
        '2022-07-19T17:30,MINUTE,Asia/Tehran,2022-07-19,DAY,Tehran,IRN,' +
        'Ebrahim Raisi (HOST); Vladimir Putin (PARTICIPANT); Recep Tayyip Erdogan (PARTICIPANT); Syria (MENTIONED),' +
        'syria,040,https://apnews.com/article/summit,false,3,2022-07-21T06:15:00.000Z,1,AP,\r\n',
    );
  });

  it('quotes text with quotes, commas and line breaks, and marks retracted events', () => {
    const warning = recordSyriaWarning();
    warning.data.title = 'Khamenei: "no attack", he says';
    warning.data.summary = 'First line\nsecond line';
    const visit = nodeFor(recordVisit(), { retractedBecause: 'Saudi Arabia was not on the trip' });
    const csv = toCsv([nodeFor(warning), visit]);
    const rows = csv.split('\r\n');
    expect(rows).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(rows[1]).toBe(
      `${ids.syriaWarning},STATEMENT,"Khamenei: ""no attack"", he says","First line\nsecond line",2022-07-19,DAY,Asia/Tehran,,,,,` +
        'Ali Khamenei (SPEAKER); Recep Tayyip Erdogan (ADDRESSEE); Syria (MENTIONED),syria,012,,false,1,2022-07-20T08:00:00.000Z,0,,',
    );
    expect(rows[2]).toBe(
      `${ids.visit},MEETING,Putin visits Tehran,Putin’s visit to Iran and Saudi Arabia sends a strong message to the West about Moscow’s plans to forge closer strategic ties with these countries.,` +
        '2022-07-19,DAY,Asia/Tehran,,,Tehran,IRN,Vladimir Putin (GUEST); Ebrahim Raisi (HOST),strategic-ties; ukraine,042,,true,1,2022-07-20T08:00:00.000Z,2,Reuters; CNN,',
    );
    expect(rows[3]).toBe('');
  });

  it('carries every source of an event: each URL, their count and their distinct publishers', () => {
    const summit = recordSummit();
    summit.data.sources = [
      { sourceId: ids.apSource, publisher: 'AP', url: 'https://apnews.com/article/summit' },
      { sourceId: ids.reutersSource, publisher: ' ap ', url: 'https://apnews.com/article/summit-day-two' },
      { sourceId: ids.cnnSource, publisher: 'TASS' },
    ];
    const [, row] = toCsv([nodeFor(summit)]).split('\r\n');
    expect(row).toContain(',https://apnews.com/article/summit; https://apnews.com/article/summit-day-two,false,');
    expect(row!.endsWith(',3,AP; TASS,')).toBe(true);
  });

  it('says which event a merged duplicate lives on in, and does not call it retracted', () => {
    const visit = nodeFor(recordVisit());
    // As the read model stores a merged duplicate: off the default timeline, its doc saying where it went.
    const merged = { ...visit, retracted: true, doc: { ...visit.doc, mergedInto: ids.summit } };
    const [, row] = toCsv([merged]).split('\r\n');
    expect(row).toContain(',042,,false,1,');
    expect(row!.endsWith(`,Reuters; CNN,${ids.summit}`)).toBe(true);
  });

  it('is only the header for no events', () => {
    expect(toCsv([])).toBe(HEADER);
  });
});
