import { describe, expect, it } from '@jest/globals';
import { placeQuery, zoneHint } from '../../web/admin/zone-hint';

describe('what the record form asks and says about the place’s zone', () => {
  it('asks with a 3-letter code in upper case and the place name, each when given', () => {
    expect(placeQuery(' Vladivostok ', 'rus')).toEqual({ country: 'RUS', place: 'Vladivostok' });
    expect(placeQuery('', 'IRN')).toEqual({ country: 'IRN' });
    expect(placeQuery('Tehran', 'IR')).toEqual({ place: 'Tehran' });
    expect(placeQuery('  ', '')).toBeUndefined();
    expect(placeQuery('x'.repeat(500), '')?.place).toHaveLength(200);
  });

  it('says the default and why, and that a zone chosen by hand is kept', () => {
    const found = { timeZone: 'America/New_York', basis: 'CAPITAL', country: 'USA' };
    expect(zoneHint(found, [])).toBe('The place’s zone: America/New_York (its country’s capital’s zone).');
    expect(zoneHint(found, ['Asia/Tehran', 'Asia/Tehran'])).toBe(
      'The place’s zone: America/New_York (its country’s capital’s zone). Your choice (Asia/Tehran) is kept.',
    );
    expect(zoneHint(found, ['America/New_York'])).not.toContain('kept');
    expect(zoneHint(null, [])).toBe('No zone is known for this place: dates default to UTC.');
  });
});
