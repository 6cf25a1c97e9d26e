import { describe, expect, it } from '@jest/globals';
import { gdeltActor } from './gdelt-actors';
import { GDELT_COLUMNS, type GdeltRow } from './gdelt-columns';

/** Actor1 as GDELT writes it (code, name, country, group, types), every other field empty. */
function actor1(
  code: string,
  name: string,
  country: string,
  extra: Partial<GdeltRow> = {},
): ReturnType<typeof gdeltActor> {
  const row = Object.fromEntries(GDELT_COLUMNS.map((c) => [c, ''])) as GdeltRow;
  const types = (code.match(/.{3}/g) ?? []).filter((segment) => segment !== country);
  Object.assign(
    row,
    {
      Actor1Code: code,
      Actor1Name: name,
      Actor1CountryCode: country,
      Actor1Type1Code: types[0] ?? '',
      Actor1Type2Code: types[1] ?? '',
    },
    extra,
  );
  return gdeltActor(row, 1);
}

describe('GDELT actors (pairs seen in 20191024143000.export.CSV)', () => {
  it.each([
    ['RUSGOV', 'VLADIMIR PUTIN', 'RUS', 'PERSON', 'name:VLADIMIR PUTIN|RUS', 'Vladimir Putin'],
    ['SYRGOV', 'BASHAR AL ASSAD', 'SYR', 'PERSON', 'name:BASHAR AL ASSAD|SYR', 'Bashar al Assad'],
    ['MCOELI', 'ALBERT', 'MCO', 'PERSON', 'name:ALBERT|MCO', 'Albert'],
    ['USAGOV', 'THE WHITE HOUSE', 'USA', 'ORGANIZATION', 'cameo:USAGOV', 'Government (United States)'],
    ['USAGOV', 'NEW HAMPSHIRE', 'USA', 'ORGANIZATION', 'cameo:USAGOV', 'Government (United States)'],
    ['USAGOV', 'OBAMA', 'USA', 'ORGANIZATION', 'cameo:USAGOV', 'Government (United States)'],
    ['USAELI', 'UNITED STATES', 'USA', 'ORGANIZATION', 'cameo:USAELI', 'Elites (United States)'],
    ['LKAGOV', 'SRI LANKA', 'LKA', 'ORGANIZATION', 'cameo:LKAGOV', 'Government (Sri Lanka)'],
    ['MNCUSAMED', 'GOOGLE', 'USA', 'ORGANIZATION', 'name:GOOGLE|USA', 'Google'],
    ['GOV', 'PRIME MINISTER', '', 'ORGANIZATION', 'cameo:GOV', 'Government'],
    ['USA', 'PITTSBURGH', 'USA', 'STATE', 'cameo:USA', 'United States'],
    ['AFR', 'AFRICA', 'AFR', 'ORGANIZATION', 'cameo:AFR', 'Africa'],
  ])('%s "%s" is a %s', (code, name, country, kind, ref, label) => {
    expect(actor1(code, name, country)).toMatchObject({ kind, ref, name: label });
  });

  it('keeps a place named in the same row from becoming a person ("ABU DHABI", AREGOV)', () => {
    expect(
      actor1('AREGOV', 'ABU DHABI', 'ARE', { ActionGeo_FullName: 'Abu Dhabi, Abu Z¸aby, United Arab Emirates' }),
    ).toMatchObject({
      kind: 'ORGANIZATION',
      ref: 'cameo:AREGOV',
    });
    expect(actor1('AREGOV', 'ABU DHABI', 'ARE')).toMatchObject({ kind: 'PERSON' });
  });

  it('gives a state only the aliases that name it; a city standing for it is not one', () => {
    expect(actor1('USA', 'UNITED STATES', 'USA')!.aliases).toEqual(['UNITED STATES']);
    expect(actor1('USA', 'PITTSBURGH', 'USA')!.aliases).toEqual([]);
  });

  it('keeps the code of a person as its affiliation, never as its own cameoCode', () => {
    expect(actor1('USAGOV', 'HILLARY CLINTON', 'USA')).toEqual({
      ref: 'name:HILLARY CLINTON|USA',
      kind: 'PERSON',
      name: 'Hillary Clinton',
      aliases: ['HILLARY CLINTON'],
      country: 'USA',
      affiliationCode: 'USAGOV',
    });
  });
});
