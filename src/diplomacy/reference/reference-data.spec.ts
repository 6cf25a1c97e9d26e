import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CAMEO_COUNTRY_CODES,
  CAMEO_ETHNIC_CODES,
  CAMEO_GROUP_CODES,
  CAMEO_RELIGION_CODES,
  CAMEO_TYPE_CODES,
} from './cameo-actor-codes';
import { CAMEO_EVENT_CODES } from './cameo-event-codes';
import { COUNTRIES } from './countries';
import {
  cameoActorCodeProblem,
  cameoEventLabel,
  cameoRootCode,
  countryByIso3,
  isCameoActorCode,
  isCameoEventCode,
  iso3FromFips,
  isIso3Country,
} from './index';

describe('CAMEO event codes (checked by hand against the codebook)', () => {
  it.each([
    ['010', 'Make statement, not specified below'],
    ['036', 'Express intent to meet or negotiate'],
    ['040', 'Consult, not specified below'],
    ['042', 'Make a visit'],
    ['043', 'Host a visit'],
    ['057', 'Sign formal agreement'],
    ['04', 'CONSULT'],
    ['2042', 'Detonate nuclear weapons'],
  ])('%s is "%s"', (code, label) => {
    expect(isCameoEventCode(code)).toBe(true);
    expect(cameoEventLabel(code)).toBe(label);
  });

  it('has the label of 044 repaired (the file has mojibake)', () => {
    expect(cameoEventLabel('044')).toBe("Meet at a 'third' location");
  });

  it('splits the line 1056 and 106 share into two codes', () => {
    expect(cameoEventLabel('1056')).toBe('Demand de-escalation of military engagement');
    expect(cameoEventLabel('106')).toBe('Demand withdrawal');
  });

  it('keeps codes as strings with their leading zeros', () => {
    expect(isCameoEventCode('40')).toBe(false);
    expect(isCameoEventCode(40)).toBe(false);
    expect(isCameoEventCode('999')).toBe(false);
    expect(CAMEO_EVENT_CODES.every(([code]) => /^\d{2,4}$/.test(code))).toBe(true);
    // 310 data lines (the last one without a newline) plus 106, split off the 1056 line.
    expect(CAMEO_EVENT_CODES).toHaveLength(311);
  });

  it('gives the root of a code as its first two digits', () => {
    expect(cameoRootCode('042')).toBe('04');
    expect(cameoRootCode('1056')).toBe('10');
    expect(cameoRootCode('04')).toBe('04');
    expect(cameoRootCode('4')).toBeUndefined();
  });
});

describe('CAMEO actor codes', () => {
  it.each(['RUS', 'RUSGOV', 'IRNGOV', 'TURGOV', 'IGOEUREEC', 'SYRREB', 'IRQKUR', 'NAT'])('accepts %s', (code) => {
    expect(isCameoActorCode(code)).toBe(true);
  });

  it.each([
    ['XXXGOV', 'segment "XXX" is not a known country, type, group, ethnic or religion code'],
    ['RUSG', 'expected 3 to 15 upper-case letters in three-letter segments, such as RUSGOV'],
    ['rusgov', 'expected 3 to 15 upper-case letters in three-letter segments, such as RUSGOV'],
    ['RUSGOVRUSGOVRUSGOV', 'expected 3 to 15 upper-case letters in three-letter segments, such as RUSGOV'],
    ['', 'expected 3 to 15 upper-case letters in three-letter segments, such as RUSGOV'],
  ])('refuses %s', (code, problem) => {
    expect(isCameoActorCode(code)).toBe(false);
    expect(cameoActorCodeProblem(code)).toBe(problem);
  });

  it('keeps the first of codes listed twice and upper-cases ethnic codes', () => {
    expect(CAMEO_GROUP_CODES.filter(([code]) => code === 'CEM')).toEqual([
      ['CEM', 'Common Market for Eastern and Southern Africa'],
    ]);
    expect(CAMEO_TYPE_CODES.filter(([code]) => code === 'UIS')).toHaveLength(1);
    expect(CAMEO_ETHNIC_CODES.filter(([code]) => code === 'KUR')).toEqual([['KUR', 'Kurd']]);
    expect(CAMEO_GROUP_CODES.find(([code]) => code === 'EEC')).toEqual(['EEC', 'European Union']);
  });
});

describe('countries', () => {
  it.each([
    ['RUS', 'RU', 'RS', 'Russia'],
    ['IRN', 'IR', 'IR', 'Iran'],
    ['TUR', 'TR', 'TU', 'Turkey'],
    ['SYR', 'SY', 'SY', 'Syria'],
  ])('%s is %s / FIPS %s (%s)', (iso3, iso2, fips, name) => {
    expect(isIso3Country(iso3)).toBe(true);
    expect(countryByIso3(iso3)).toEqual({ iso3, iso2, fips, name });
    expect(iso3FromFips(fips)).toBe(iso3);
  });

  it('refuses ISO-2 codes and lower case, and has no FIPS for a few territories', () => {
    expect(isIso3Country('RU')).toBe(false);
    expect(isIso3Country('rus')).toBe(false);
    expect(countryByIso3('ALA')?.fips).toBeNull();
    expect(iso3FromFips('XX')).toBeUndefined();
  });
});

// A fresh parse written independently of the generator: the committed tables must be exactly
// the files plus the documented repairs.
const dataDir = resolve(process.cwd(), 'test/fixtures/data');

function tableRows(file: string): string[][] {
  const lines = readFileSync(join(dataDir, 'cameo', file), 'utf8')
    .split('\n')
    .slice(1);
  return lines.filter((line) => line.trim() !== '').map((line) => line.split('\t').map((cell) => cell.trim()));
}

function firstOfEach(rows: string[][]): [string, string][] {
  const seen = new Map<string, string>();
  for (const [code, label] of rows) if (!seen.has(code!.toUpperCase())) seen.set(code!.toUpperCase(), label!);
  return [...seen.entries()];
}

describe('generated tables against the source files', () => {
  it('match a fresh parse of the files, with the documented repairs', () => {
    const events = tableRows('cameoEvent.txt').flatMap(([code, label]): [string, string][] => {
      if (code === '1056')
        return [
          ['1056', 'Demand de-escalation of military engagement'],
          ['106', 'Demand withdrawal'],
        ];
      if (code === '044') return [['044', "Meet at a 'third' location"]];
      return [[code!, label!]];
    });
    expect(CAMEO_EVENT_CODES).toEqual(events);
    expect(CAMEO_COUNTRY_CODES).toEqual(firstOfEach(tableRows('cameoCountry.txt')));
    expect(CAMEO_TYPE_CODES).toEqual(firstOfEach(tableRows('cameoType.txt')));
    expect(CAMEO_GROUP_CODES).toEqual(firstOfEach(tableRows('cameoGroup.txt')));
    expect(CAMEO_ETHNIC_CODES).toEqual(firstOfEach(tableRows('cameoEthnic.txt')));
    expect(CAMEO_RELIGION_CODES).toEqual(firstOfEach(tableRows('cameoReligion.txt')));
    const countries = tableRows('countryInfo.txt')
      .map(([iso2, iso3, , fips, name]) => ({ iso3: iso3!, iso2: iso2!, fips: fips || null, name: name! }))
      .sort((a, b) => a.iso3.localeCompare(b.iso3));
    expect(COUNTRIES).toEqual(countries);
  });

  it('are what the generator writes today (rerun scripts/generate-reference-data.mjs if not)', () => {
    const out = mkdtempSync(join(tmpdir(), 'reference-data-'));
    try {
      execFileSync(process.execPath, ['scripts/generate-reference-data.mjs', '--data', dataDir, '--out', out], {
        stdio: 'pipe',
      });
      for (const file of ['cameo-event-codes.ts', 'cameo-actor-codes.ts', 'countries.ts']) {
        expect(readFileSync(join(out, file), 'utf8')).toBe(
          readFileSync(join(process.cwd(), 'src/diplomacy/reference', file), 'utf8'),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
