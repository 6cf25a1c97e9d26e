import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { byLine, collectFile, GDELT_EXPORT as GDELT, ICEWS_SAMPLE as ICEWS, reasons, tallyOf } from './testing/collect';
import type { ImportOutcome } from './types';

// The whole real files (test/fixtures/data): every row the parser meets in the wild, counted. The
// excerpts in test/fixtures/imports are for cases built by hand (gdelt.spec.ts, icews.spec.ts).

/** Event codes counted straight from the file, independently of the importer. */
function codes(file: string, column: number, header: boolean): string[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return (header ? lines.slice(1) : lines).map((l) => l.split('\t')[column]!);
}
const diplomatic = (code: string) => code.startsWith('01') || code.startsWith('04') || code === '036' || code === '057';

describe('GDELT 20191024143000.export.CSV (2,111 lines)', () => {
  let outcomes: ImportOutcome[];
  let all: ImportOutcome[];
  beforeAll(async () => {
    outcomes = await collectFile(GDELT, 'gdelt');
    all = await collectFile(GDELT, 'gdelt', { allEvents: true });
  });

  it('imports 761 diplomatic events, skips 1,199 and rejects 151', () => {
    const eventCodes = codes(GDELT, 26, false);
    expect(eventCodes).toHaveLength(2111);
    expect(eventCodes.filter((c) => !diplomatic(c))).toHaveLength(1199);
    expect(tallyOf(outcomes)).toEqual({
      records: 761,
      skipped: 1199,
      rejected: 151,
      rejectedByCode: { DOMAIN_RULE: 132, MISSING_SPEAKER: 19 },
      byKind: { MEETING: 343, STATEMENT: 391, AGREEMENT: 27 },
    });
    expect(reasons(outcomes)).toEqual({
      'participants: a VISIT needs at least one HOST and one GUEST participant': 72,
      'participants: a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 1': 45,
      'agreement.partyIds: an agreement needs at least two distinct parties': 15,
      'a STATEMENT needs its speaker, and Actor1 is empty': 19,
    });
  });

  it('with allEvents keeps 1,319 (verbal codes as statements) and refuses the 604 material ones', () => {
    expect(
      codes(GDELT, 28, false).filter((root) =>
        ['06', '07', '08', '14', '15', '16', '17', '18', '19', '20'].includes(root),
      ),
    ).toHaveLength(604);
    expect(tallyOf(all)).toEqual({
      records: 1319,
      skipped: 0,
      rejected: 792,
      rejectedByCode: { DOMAIN_RULE: 132, MISSING_SPEAKER: 56, MATERIAL_ACTION: 604 },
      byKind: { MEETING: 343, STATEMENT: 949, AGREEMENT: 27 },
    });
  });

  it('line 42: 881990873, SAU "SAUDI ARABIA" 043 GBR "UNITED KINGDOM", Riyadh, SQLDATE 20190924', () => {
    // 881990873 20190924 … SAU SAUDI ARABIA SAU … GBR UNITED KINGDOM GBR … 043 043 04 1 2.8 2 1 2 2.86…
    // … 4 Riyadh, Ar Riya?, Saudi Arabia SA SA10 25316 24.6408 46.7728 -3093009 20191024143000 https://www.fltimes.com/…
    expect(byLine(outcomes, 42)).toMatchObject({
      type: 'record',
      record: {
        externalId: '881990873',
        recordedAt: '2019-10-24T14:30:00.000Z',
        event: {
          title: 'United Kingdom visits Saudi Arabia',
          start: { value: '2019-09-24', precision: 'DAY', timeZone: 'UTC' },
          location: {
            placeName: 'Riyadh, Ar Riya?, Saudi Arabia',
            country: 'SAU',
            coordinates: { lat: 24.6408, lon: 46.7728 },
          },
          participants: [
            { actorRef: 'cameo:SAU', role: 'HOST' },
            { actorRef: 'cameo:GBR', role: 'GUEST' },
          ],
          sources: [{ publisher: 'fltimes.com' }],
          meeting: { format: 'IN_PERSON', type: 'VISIT' },
        },
        provenance: { goldstein: 2.8, numMentions: 2, numSources: 1, numArticles: 2 },
      },
    });
  });

  it('every record has a distinct event id, and every participant a descriptor', () => {
    const records = outcomes.flatMap((o) => (o.type === 'record' ? [o.record] : []));
    expect(new Set(records.map((r) => r.eventId)).size).toBe(761);
    for (const r of records) {
      const refs = new Set(r.actors.map((a) => a.ref));
      for (const p of r.event.participants) expect(refs.has(p.actorRef)).toBe(true);
    }
  });
});

describe('ICEWS events.2018.sample.tab (header + 3,705 lines)', () => {
  let outcomes: ImportOutcome[];
  let all: ImportOutcome[];
  beforeAll(async () => {
    outcomes = await collectFile(ICEWS, 'icews');
    all = await collectFile(ICEWS, 'icews', { allEvents: true });
  });

  it('imports 1,913, skips 1,792 and rejects none', () => {
    const eventCodes = codes(ICEWS, 6, true);
    expect(eventCodes).toHaveLength(3705);
    expect(eventCodes.filter((c) => !diplomatic(c))).toHaveLength(1792);
    expect(tallyOf(outcomes)).toEqual({
      records: 1913,
      skipped: 1792,
      rejected: 0,
      rejectedByCode: {},
      byKind: { MEETING: 951, STATEMENT: 905, AGREEMENT: 57 },
    });
  });

  it('with allEvents keeps 2,949 and refuses 754 material events and 2 statements by "Unidentified State Actor" (lines 775, 1285)', () => {
    expect(tallyOf(all)).toEqual({
      records: 2949,
      skipped: 0,
      rejected: 756,
      rejectedByCode: { MATERIAL_ACTION: 754, MISSING_SPEAKER: 2 },
      byKind: { MEETING: 951, STATEMENT: 1941, AGREEMENT: 57 },
    });
  });

  it('line 1198: 32888026, Donald Trump 040 Emmanuel Macron (ICEWS gives Macron the country Andorra)', () => {
    // 32888026 2018-06-01 Donald Trump Government,Executive Office,Executive United States Consult 040 1
    // Emmanuel Macron Executive,Government,Executive Office,Elite Andorra 47404349 3 Reuters News NA NA Washington D.C. United States 38.9171 -77.0003
    expect(byLine(outcomes, 1198)).toMatchObject({
      type: 'record',
      record: {
        externalId: '32888026@2018-06-01',
        event: {
          title: 'Donald Trump and Emmanuel Macron: consultations',
          location: { placeName: 'Washington D.C., United States', country: 'USA' },
          participants: [
            { actorRef: 'name:DONALD TRUMP|USA', role: 'PARTICIPANT' },
            { actorRef: 'name:EMMANUEL MACRON|AND', role: 'PARTICIPANT' },
          ],
          sources: [{ publisher: 'Reuters News' }],
        },
        actors: [
          { kind: 'PERSON', name: 'Donald Trump', country: 'USA', affiliationCode: 'USAGOV' },
          { kind: 'PERSON', name: 'Emmanuel Macron', country: 'AND', affiliationCode: 'ANDGOV' },
        ],
      },
    });
  });
});
