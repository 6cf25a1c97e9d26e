import { describe, expect, it } from '@jest/globals';
import { mayMatch, type VersionFacets } from './change-facets';

const meeting: VersionFacets = {
  kind: 'MEETING',
  cameoCode: '042',
  cameoRoot: '04',
  topics: ['syria', 'ukraine'],
  countries: ['IRN', 'RUS'],
  participants: [
    { country: 'RUS', roles: ['GUEST'] },
    { country: 'IRN', roles: ['HOST'] },
  ],
};
const putin = '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a01';

describe('mayMatch', () => {
  it('rules a filter out only on a column the version fails', () => {
    expect(mayMatch({}, meeting)).toBe(true);
    expect(mayMatch({ kinds: ['STATEMENT'] }, meeting)).toBe(false);
    expect(mayMatch({ kinds: ['STATEMENT', 'MEETING'] }, meeting)).toBe(true);
    expect(mayMatch({ cameoCodes: ['043'] }, meeting)).toBe(false);
    expect(mayMatch({ cameoRootCodes: ['04'] }, meeting)).toBe(true);
    expect(mayMatch({ cameoRootCodes: ['05'] }, meeting)).toBe(false);
    expect(mayMatch({ topics: ['iraq', 'syria'] }, meeting)).toBe(true);
    expect(mayMatch({ topics: ['iraq'] }, meeting)).toBe(false);
    expect(mayMatch({ countries: ['TUR'] }, meeting)).toBe(false);
    expect(mayMatch({ countries: ['TUR', 'RUS'] }, meeting)).toBe(true);
  });

  it('leaves what it cannot judge in memory to the query', () => {
    expect(
      mayMatch(
        { anyOf: ['0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a09'], text: 'nothing like it', placeName: 'Paris' },
        meeting,
      ),
    ).toBe(true);
  });

  it('rules out a role or a country side that no participant row has', () => {
    expect(mayMatch({ anyOf: [putin], actorRoles: ['SPEAKER'] }, meeting)).toBe(false);
    expect(mayMatch({ allOf: [putin], actorRoles: ['SPEAKER', 'GUEST'] }, meeting)).toBe(true);
    expect(mayMatch({ dyadCountries: ['RUS', 'TUR'] }, meeting)).toBe(false);
    expect(mayMatch({ dyadCountries: ['IRN', 'RUS'] }, meeting)).toBe(true);
    const visit = {
      dyadFrom: { actor: putin, roles: ['GUEST' as const] },
      dyadTo: { country: 'IRN', roles: ['HOST' as const] },
    };
    expect(mayMatch(visit, meeting)).toBe(true);
    // The host is Iran, not a guest from it; nor is a Russian the host.
    expect(mayMatch({ ...visit, dyadTo: { country: 'IRN', roles: ['GUEST'] } }, meeting)).toBe(false);
    expect(mayMatch({ ...visit, dyadFrom: { country: 'RUS', roles: ['HOST'] } }, meeting)).toBe(false);
  });
});
