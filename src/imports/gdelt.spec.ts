import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGdeltLine } from './gdelt';
import { gdeltActor } from './gdelt-actors';
import { gdeltRow } from './gdelt-columns';
import { eventIdFor, sourceIdFor } from './ids';
import { byLine, collectFile, FIXTURES, tallyOf } from './testing/collect';
import type { ImportOutcome, ImportRecord } from './types';

// test/fixtures/imports/gdelt-excerpt.CSV: 20 lines of the real export 20191024143000.export.CSV
// (its lines 1, 2, 3, 4, 11, 25, 57, 58, 93, 95, 135, 347, 452, 616, 617, 618, 738, 1111, 1123, 1443).
const FILE = join(FIXTURES, 'gdelt-excerpt.CSV');
const rawLines = readFileSync(FILE, 'utf8').split('\n');

let outcomes: ImportOutcome[];
beforeAll(async () => {
  outcomes = await collectFile(FILE, 'gdelt');
});

function record(lineNumber: number): ImportRecord {
  const outcome = byLine(outcomes, lineNumber);
  if (outcome.type !== 'record') throw new Error(`line ${lineNumber} is a ${outcome.type}: ${JSON.stringify(outcome)}`);
  return outcome.record;
}

describe('GDELT excerpt', () => {
  it('imports 13, skips 2 and rejects 5 of its 20 lines', () => {
    expect(tallyOf(outcomes)).toEqual({
      records: 13,
      skipped: 2,
      rejected: 5,
      rejectedByCode: { DOMAIN_RULE: 4, MISSING_SPEAKER: 1 },
      byKind: { MEETING: 11, STATEMENT: 1, AGREEMENT: 1 },
    });
  });

  it('makes a visit: 881991178, BRAGOV "BRAZIL" 042 CHN "CHINA", Beijing, 2019-10-24', () => {
    // 881991178  20191024 … BRAGOV BRAZIL BRA … CHN CHINA CHN … 042 042 04 1 1.9 28 1 9 2.469…
    // … 4 Beijing, Beijing, China CH CH22 … 39.9289 116.388 -1898541 20191024143000 https://www.plenglish.com/…
    const visit = record(12);
    expect(visit).toMatchObject({
      externalId: '881991178',
      source: 'GDELT',
      eventId: eventIdFor('GDELT', '881991178'),
      kind: 'MEETING',
      recordedAt: '2019-10-24T14:30:00.000Z',
    });
    expect(visit.event).toEqual({
      eventId: eventIdFor('GDELT', '881991178'),
      kind: 'MEETING',
      title: 'Government (Brazil) visits China',
      summary:
        'GDELT event 881991178, CAMEO 042 "Make a visit": BRAZIL (BRAGOV) → CHINA (CHN). Goldstein 1.9, 28 mentions in 1 sources (9 articles), average tone 2.47.',
      start: { value: '2019-10-24', precision: 'DAY', timeZone: 'UTC' },
      location: { placeName: 'Beijing, Beijing, China', country: 'CHN', coordinates: { lat: 39.9289, lon: 116.388 } },
      participants: [
        { actorRef: 'cameo:BRAGOV', role: 'GUEST' },
        { actorRef: 'cameo:CHN', role: 'HOST' },
      ],
      topics: [],
      sources: [
        {
          sourceId: sourceIdFor(
            'https://www.plenglish.com/index.php?o=rn&id=48254&SEO=brazils-president-carries-out-first-official-visit-to-china',
          ),
          publisher: 'plenglish.com',
          url: 'https://www.plenglish.com/index.php?o=rn&id=48254&SEO=brazils-president-carries-out-first-official-visit-to-china',
        },
      ],
      cameoCode: '042',
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    });
    expect(visit.actors).toEqual([
      {
        ref: 'cameo:BRAGOV',
        kind: 'ORGANIZATION',
        name: 'Government (Brazil)',
        aliases: [],
        country: 'BRA',
        cameoCode: 'BRAGOV',
      },
      { ref: 'cameo:CHN', kind: 'STATE', name: 'China', aliases: ['CHINA'], country: 'CHN', cameoCode: 'CHN' },
    ]);
    expect(visit.provenance).toEqual({
      source: 'GDELT',
      externalId: '881991178',
      cameoCode: '042',
      recordedAt: '2019-10-24T14:30:00.000Z',
      goldstein: 1.9,
      numMentions: 28,
      numSources: 1,
      numArticles: 9,
      avgTone: 2.46913580246914,
      rawActors: [
        { code: 'BRAGOV', name: 'BRAZIL' },
        { code: 'CHN', name: 'CHINA' },
      ],
    });
  });

  it('knows a person: 881990888, RUSGOV "VLADIMIR PUTIN" 040 SYR "SYRIA", on SQLDATE 20191023', () => {
    // 881990888 20191023 … RUSGOV VLADIMIR PUTIN RUS … GOV … SYR SYRIA SYR … 040 … 2 Utah, United States US USUT
    const talks = record(7);
    expect(talks.event).toMatchObject({
      title: 'Vladimir Putin and Syria: consultations',
      start: { value: '2019-10-23', precision: 'DAY', timeZone: 'UTC' },
      location: { placeName: 'Utah, United States', country: 'USA' },
      participants: [
        { actorRef: 'name:VLADIMIR PUTIN|RUS', role: 'PARTICIPANT' },
        { actorRef: 'cameo:SYR', role: 'PARTICIPANT' },
      ],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    });
    expect(talks.actors[0]).toEqual({
      ref: 'name:VLADIMIR PUTIN|RUS',
      kind: 'PERSON',
      name: 'Vladimir Putin',
      aliases: ['VLADIMIR PUTIN'],
      country: 'RUS',
      affiliationCode: 'RUSGOV',
    });
  });

  it('keeps SQLDATE when the article is a year older than DATEADDED: 881990842, EDU "ECONOMIST" 010 RUS', () => {
    // 881990842 20181024 201810 2018 2018.8055 EDU ECONOMIST … RUS RUSSIA RUS … 010 … 1 Ethiopia ET … 20191024143000
    const statement = record(5);
    expect(statement.event.start).toEqual({ value: '2018-10-24', precision: 'DAY', timeZone: 'UTC' });
    expect(statement.recordedAt).toBe('2019-10-24T14:30:00.000Z');
    expect(statement.event).toMatchObject({
      title: 'Education made a statement',
      participants: [
        { actorRef: 'cameo:EDU', role: 'SPEAKER' },
        { actorRef: 'cameo:RUS', role: 'ADDRESSEE' },
      ],
      statement: {
        speakerRef: 'cameo:EDU',
        addresseeRefs: ['cameo:RUS'],
        mode: 'PARAPHRASE',
        language: 'en',
        text: 'Education made a statement, addressed to Russia.',
      },
    });
  });

  it('records an agreement: 881991569, FRAGOV "FRANCE" 057 USA "UNITED STATES"', () => {
    const agreement = record(17);
    expect(agreement.event).toMatchObject({
      title: 'Government (France) and United States sign an agreement',
      participants: [
        { actorRef: 'cameo:FRAGOV', role: 'SIGNATORY' },
        { actorRef: 'cameo:USA', role: 'SIGNATORY' },
      ],
      agreement: {
        partyRefs: ['cameo:FRAGOV', 'cameo:USA'],
        status: 'SIGNED',
        terms:
          'Formal agreement signed by Government (France) and United States (CAMEO 057 "Sign formal agreement"). The source reports the signing, not the terms.',
      },
    });
  });

  it('seats a mediator at the table: 881991942, IRN 045 SYR "SYRIAN", Ankara (FIPS TU → TUR)', () => {
    expect(record(18).event).toMatchObject({
      title: 'Iran mediates with Syria',
      location: { placeName: 'Ankara, Ankara, Turkey', country: 'TUR' },
      participants: [
        { actorRef: 'cameo:IRN', role: 'PARTICIPANT' },
        { actorRef: 'cameo:IRN', role: 'MEDIATOR' },
        { actorRef: 'cameo:SYR', role: 'PARTICIPANT' },
      ],
    });
  });

  it('upper-cases GDELT lower-case ethnic codes: 881991954, IRN 045 "kur" KURD', () => {
    expect(record(19).actors[1]).toEqual({
      ref: 'cameo:KUR',
      kind: 'ORGANIZATION',
      name: 'Kurd',
      aliases: [],
      cameoCode: 'KUR',
    });
  });

  it('names the group by its last group segment: 881990966, IGOUNODEVWBK "WORLD BANK" (KnownGroupCode UNO)', () => {
    const row = gdeltRow(rawLines[10]!.split('\t'));
    expect(row.Actor2KnownGroupCode).toBe('UNO');
    expect(gdeltActor(row, 2)).toEqual({
      ref: 'cameo:IGOUNODEVWBK',
      kind: 'ORGANIZATION',
      name: 'World Bank',
      aliases: ['WORLD BANK'],
      cameoCode: 'IGOUNODEVWBK',
    });
    expect(gdeltActor(row, 1)).toBeUndefined();
    // A VISIT by the World Bank to nobody cannot be recorded.
    expect(byLine(outcomes, 11)).toEqual({
      type: 'reject',
      reject: {
        lineNumber: 11,
        code: 'DOMAIN_RULE',
        reason: 'participants: a VISIT needs at least one HOST and one GUEST participant',
        externalId: '881990966',
      },
    });
  });

  it('skips out-of-scope codes and rejects what the domain refuses, with reasons', () => {
    expect(byLine(outcomes, 1)).toEqual({
      type: 'skip',
      skip: {
        lineNumber: 1,
        externalId: '881990832',
        cameoCode: '139',
        reason: 'out of scope: CAMEO 139 (Give ultimatum) is not a meeting, statement or agreement',
      },
    });
    // 881990833: Actor1 empty, Actor2 IGOEUREEC "THE EU", 040: one party cannot consult alone.
    expect(byLine(outcomes, 2)).toMatchObject({
      reject: {
        code: 'DOMAIN_RULE',
        reason:
          'participants: a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 1',
      },
    });
    expect(byLine(outcomes, 3)).toMatchObject({
      reject: { code: 'DOMAIN_RULE', reason: 'agreement.partyIds: an agreement needs at least two distinct parties' },
    });
    // 881990926: 036 with Actor1 empty, Actor2 EDU "SCHOOL".
    expect(byLine(outcomes, 10)).toMatchObject({
      reject: { code: 'MISSING_SPEAKER', reason: 'a STATEMENT needs its speaker, and Actor1 is empty' },
    });
  });
});

describe('GDELT lines the parser refuses', () => {
  // 881991178, the Brazil-China visit, altered one field at a time.
  const good = rawLines[11]!;
  const cells = good.split('\t');
  const withCell = (index: number, value: string) => cells.map((c, i) => (i === index ? value : c)).join('\t');
  const parse = (text: string, allEvents = false) => parseGdeltLine({ lineNumber: 7, text }, { allEvents });

  it.each([
    ['20190230', 'SQLDATE "20190230": 2019-02-30 is not a calendar date (February 2019 has 28 days)'],
    ['00001024', 'SQLDATE "00001024": year 0000 is outside 1000-9999'],
    ['20191324', 'SQLDATE "20191324": month 13 does not exist (01-12)'],
    ['2019-10', 'SQLDATE "2019-10" is not a date (YYYYMMDD or YYYY-MM-DD)'],
  ])('impossible date %s', (date, reason) => {
    expect(parse(withCell(1, date))).toEqual({
      type: 'reject',
      reject: { lineNumber: 7, code: 'IMPOSSIBLE_DATE', reason, externalId: '881991178' },
    });
  });

  it('a wrong column count, a header row, a shifted id', () => {
    expect(parse(cells.slice(0, 60).join('\t'))).toEqual({
      type: 'reject',
      reject: { lineNumber: 7, code: 'COLUMN_COUNT', reason: 'expected 61 tab-separated columns, got 60' },
    });
    expect(parse(withCell(0, 'GLOBALEVENTID'))).toMatchObject({ reject: { code: 'HEADER' } });
    expect(parse(withCell(0, 'Brazil'))).toMatchObject({
      reject: { code: 'COLUMN_COUNT', reason: 'GLOBALEVENTID "Brazil" is not a number: columns are shifted' },
    });
  });

  it('an unknown CAMEO code, and 40 for 040 (leading zero lost)', () => {
    expect(parse(withCell(26, '999'))).toMatchObject({
      reject: { code: 'UNKNOWN_CAMEO_CODE', reason: 'unknown CAMEO event code "999"' },
    });
    expect(parse(withCell(26, '42'))).toMatchObject({
      reject: { code: 'UNKNOWN_CAMEO_CODE', reason: 'unknown CAMEO event code "42"' },
    });
  });

  it('broken characters, from mojibake or undecodable bytes', () => {
    expect(parse(withCell(6, 'SÃ£O PAULO'))).toEqual({
      type: 'reject',
      reject: { lineNumber: 7, code: 'BROKEN_CHARACTERS', reason: 'broken characters' },
    });
    expect(parse(withCell(52, 'Bras\uFFFDlia'))).toMatchObject({ reject: { code: 'BROKEN_CHARACTERS' } });
  });

  it('no usable actor', () => {
    const noActors = cells.map((c, i) => (i >= 5 && i <= 24 ? '' : c)).join('\t');
    expect(parse(noActors)).toMatchObject({
      reject: { code: 'NO_ACTOR', reason: 'no usable actor: Actor1 and Actor2 are both empty' },
    });
  });

  it('a material code: skipped by default, refused with allEvents; a verbal one kept as a statement', () => {
    expect(parse(withCell(26, '190'))).toMatchObject({ type: 'skip', skip: { cameoCode: '190' } });
    expect(parse(withCell(26, '190'), true)).toMatchObject({ reject: { code: 'MATERIAL_ACTION' } });
    expect(parse(withCell(26, '112'), true)).toMatchObject({
      type: 'record',
      record: { kind: 'STATEMENT', event: { title: 'Government (Brazil) accused' } },
    });
  });

  it('ignores blank lines', () => {
    expect(parse('')).toBeUndefined();
  });
});
