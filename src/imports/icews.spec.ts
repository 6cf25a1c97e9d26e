import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { icewsActor } from './icews-actors';
import { icewsCountryIso3 } from './icews-countries';
import { eventIdFor, sourceIdFor } from './ids';
import { parseIcewsLine } from './icews';
import { byLine, collectFile, FIXTURES, tallyOf } from './testing/collect';
import type { ImportOutcome, ImportRecord } from './types';

// test/fixtures/imports/icews-excerpt.tab: the header and 20 lines of the real sample
// events.2018.sample.tab (its lines 2, 4, 18, 27, 37, 40, 99, 246, 254, 289, 290, 352, 357, 370,
// 460, 538, 775, 1197, 1213, 2477).
const FILE = join(FIXTURES, 'icews-excerpt.tab');

let outcomes: ImportOutcome[];
beforeAll(async () => {
  outcomes = await collectFile(FILE, 'icews');
});

function record(lineNumber: number): ImportRecord {
  const outcome = byLine(outcomes, lineNumber);
  if (outcome.type !== 'record') throw new Error(`line ${lineNumber} is a ${outcome.type}: ${JSON.stringify(outcome)}`);
  return outcome.record;
}

describe('ICEWS excerpt', () => {
  it('reads the header as a header, imports 16 lines and skips 4 (173, 193, 141, 111)', () => {
    expect(tallyOf(outcomes)).toEqual({
      records: 16,
      skipped: 4,
      rejected: 0,
      rejectedByCode: {},
      byKind: { MEETING: 8, STATEMENT: 5, AGREEMENT: 3 },
    });
    expect(outcomes.filter((o) => o.type === 'skip').map((o) => o.type === 'skip' && o.skip.cameoCode)).toEqual([
      '173',
      '193',
      '141',
      '111',
    ]);
  });

  it('a phone call: 32890295 of 2018-06-01, Vladimir Putin 041 Benjamin Netanyahu, Moscow Kremlin', () => {
    // 32890295  2018-06-01  Vladimir Putin  Government,Executive Office,…  Russian Federation  Discuss by telephone  041  1
    // Benjamin Netanyahu  Ideological,…,Foreign Ministry  Israel  47401297  1  Trend News Agency (Azerbaijan)
    // Moscow Kremlin  NA  Moskovskaya Oblast'  Russian Federation  55.7517  37.6178
    const call = record(10);
    expect(call).toMatchObject({
      externalId: '32890295@2018-06-01',
      eventId: eventIdFor('ICEWS', '32890295@2018-06-01'),
      kind: 'MEETING',
    });
    expect(call.recordedAt).toBeUndefined();
    expect(call.event).toMatchObject({
      title: 'Vladimir Putin and Benjamin Netanyahu: phone call',
      start: { value: '2018-06-01', precision: 'DAY', timeZone: 'UTC' },
      location: {
        placeName: "Moscow Kremlin, Moskovskaya Oblast', Russian Federation",
        country: 'RUS',
        coordinates: { lat: 55.7517, lon: 37.6178 },
      },
      sources: [{ sourceId: sourceIdFor('ICEWS story 47401297'), publisher: 'Trend News Agency (Azerbaijan)' }],
      cameoCode: '041',
      meeting: { format: 'PHONE', type: 'BILATERAL' },
    });
    expect(call.actors).toEqual([
      {
        ref: 'name:VLADIMIR PUTIN|RUS',
        kind: 'PERSON',
        name: 'Vladimir Putin',
        aliases: ['Vladimir Putin'],
        country: 'RUS',
        affiliationCode: 'RUSGOV',
      },
      {
        ref: 'name:BENJAMIN NETANYAHU|ISR',
        kind: 'PERSON',
        name: 'Benjamin Netanyahu',
        aliases: ['Benjamin Netanyahu'],
        country: 'ISR',
        affiliationCode: 'ISRGOV',
      },
    ]);
    expect(call.provenance).toEqual({
      source: 'ICEWS',
      externalId: '32890295@2018-06-01',
      cameoCode: '041',
      intensity: 1,
      storyId: '47401297',
      sentenceNumber: 1,
      rawActors: [
        {
          name: 'Vladimir Putin',
          sectors: [
            'Government',
            'Executive Office',
            'Elite',
            'Executive',
            'Ideological',
            '(National) Major Party',
            'Parties',
            'Center Right',
          ],
          country: 'Russian Federation',
        },
        {
          name: 'Benjamin Netanyahu',
          sectors: [
            'Ideological',
            'Executive',
            'Elite',
            'Government',
            'Executive Office',
            'Center Right',
            '(National) Major Party',
            'Parties',
            'Jews',
            'International Ethnic',
            'Foreign Ministry',
          ],
          country: 'Israel',
        },
      ],
    });
  });

  it('a state named backwards hosts: 32891202, "Palestinian Territory, Occupied" 043 Saulius Skvernelis', () => {
    // 32891202  2018-06-01  Palestinian Territory, Occupied  NA  Occupied Palestinian Territory  Host a visit  043  2.8
    // Saulius Skvernelis  Government,Executive Office,Executive  Lithuania  …  Baltic Daily  NA NA NA  Occupied Palestinian Territory  31.9216  35.2033
    const visit = record(11);
    expect(visit.event).toMatchObject({
      title: 'Saulius Skvernelis visits Palestinian Territory',
      location: {
        placeName: 'Occupied Palestinian Territory',
        country: 'PSE',
        coordinates: { lat: 31.9216, lon: 35.2033 },
      },
      participants: [
        { actorRef: 'cameo:PSE', role: 'HOST' },
        { actorRef: 'name:SAULIUS SKVERNELIS|LTU', role: 'GUEST' },
      ],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    });
    expect(visit.actors[0]).toEqual({
      ref: 'cameo:PSE',
      kind: 'STATE',
      name: 'Palestinian Territory',
      aliases: ['Palestinian Territory, Occupied'],
      country: 'PSE',
      cameoCode: 'PSE',
    });
  });

  it('an agreement with an organization: 32891405, Myanmar 057 United Nations, Rakhine State', () => {
    const agreement = record(13);
    expect(agreement.event).toMatchObject({
      title: 'Myanmar and United Nations sign an agreement',
      location: { placeName: 'Rakhine State, Myanmar', country: 'MMR', coordinates: { lat: 19, lon: 94.25 } },
      agreement: { partyRefs: ['cameo:MMR', 'name:UNITED NATIONS|'], status: 'SIGNED' },
    });
    expect(agreement.actors[1]).toEqual({
      ref: 'name:UNITED NATIONS|',
      kind: 'ORGANIZATION',
      name: 'United Nations',
      aliases: ['United Nations'],
      affiliationCode: 'IGO',
    });
  });

  it('keeps accents and shares refs with GDELT spellings: 32891170, Recep Tayyip Erdoğan 010 Turkey', () => {
    expect(record(5).event).toMatchObject({
      title: 'Recep Tayyip Erdoğan made a statement',
      statement: {
        speakerRef: 'name:RECEP TAYYIP ERDOGAN|TUR',
        addresseeRefs: ['cameo:TUR'],
        text: 'Recep Tayyip Erdoğan made a statement, addressed to Turkey.',
      },
    });
  });

  it('an intent to meet is a statement: 32889842, Venezuela 036 Nicolás Maduro', () => {
    expect(record(7).event).toMatchObject({
      kind: 'STATEMENT',
      cameoCode: '036',
      title: 'Venezuela expressed intent to meet or negotiate',
      participants: [
        { actorRef: 'cameo:VEN', role: 'SPEAKER' },
        { actorRef: 'name:NICOLAS MADURO|VEN', role: 'ADDRESSEE' },
      ],
    });
  });

  it('a region is an organization: 32890703, Head of Government (Togo) 042 Africa', () => {
    expect(record(17).actors).toEqual([
      {
        ref: 'name:HEAD OF GOVERNMENT TOGO|TGO',
        kind: 'ORGANIZATION',
        name: 'Head of Government (Togo)',
        aliases: ['Head of Government (Togo)'],
        country: 'TGO',
        affiliationCode: 'TGOGOV',
      },
      { ref: 'cameo:AFR', kind: 'ORGANIZATION', name: 'Africa', aliases: ['Africa'], cameoCode: 'AFR' },
    ]);
  });
});

describe('ICEWS pieces', () => {
  it.each([
    ['Russian Federation', 'RUS'],
    ['Moldova, Republic of', 'MDA'],
    ['Occupied Palestinian Territory', 'PSE'],
    ['Palestinian Territory, Occupied', 'PSE'],
    ['the former Yugoslav Republic of Macedonia', 'MKD'],
    ["Cote d'Ivoire", 'CIV'],
    ['Antarctica', 'ATA'],
    ['Timor-Leste', 'TLS'],
    ['Kosovo', 'XKX'],
    ['American Samoa', 'ASM'],
    ['Gaza', 'PSE'],
    ['Atlantis', undefined],
  ])('country %s → %s', (name, iso3) => {
    expect(icewsCountryIso3(name)).toBe(iso3);
  });

  it('drops ICEWS placeholders and tells outlets from people', () => {
    expect(icewsActor('Unspecified Actor', 'Unspecified', 'NA')).toBeUndefined();
    expect(icewsActor('Unidentified State Actor', 'NA', 'NA')).toBeUndefined();
    expect(icewsActor('Associated Press', 'News,Media,Social', 'United States')).toMatchObject({
      kind: 'ORGANIZATION',
    });
    expect(icewsActor('Raif Badawi', 'Media,Social', 'Saudi Arabia')).toMatchObject({ kind: 'PERSON', country: 'SAU' });
    expect(icewsActor('Shiv Sena', 'Parties,Hindu', 'India')).toMatchObject({ kind: 'ORGANIZATION' });
  });

  it('rejects a line with 19 columns and an impossible date', () => {
    const fields = [
      '32889836',
      '2018-06-31',
      'Japan',
      'NA',
      'Japan',
      'Consult',
      '040',
      '1',
      'China',
      'NA',
      'China',
      '1',
      '1',
      'Kyodo',
      'NA',
      'NA',
      'NA',
      'Japan',
      'NA',
      'NA',
    ];
    expect(parseIcewsLine({ lineNumber: 3, text: fields.slice(1).join('\t') })).toEqual({
      type: 'reject',
      reject: { lineNumber: 3, code: 'COLUMN_COUNT', reason: 'expected 20 tab-separated columns, got 19' },
    });
    expect(parseIcewsLine({ lineNumber: 4, text: fields.join('\t') })).toEqual({
      type: 'reject',
      reject: {
        lineNumber: 4,
        code: 'IMPOSSIBLE_DATE',
        reason: 'Event Date "2018-06-31": 2018-06-31 is not a calendar date (June 2018 has 30 days)',
        externalId: '32889836@2018-06-31',
      },
    });
    const ok = parseIcewsLine({ lineNumber: 5, text: fields.map((f, i) => (i === 1 ? '2018-06-30' : f)).join('\t') });
    expect(ok).toMatchObject({
      type: 'record',
      record: {
        kind: 'MEETING',
        event: { title: 'Japan and China: consultations', location: { placeName: 'Japan', country: 'JPN' } },
      },
    });
  });
});
