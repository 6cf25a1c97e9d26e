import { describe, expect, it } from '@jest/globals';
import { getCountryCode, rawTimeZones } from '@vvo/tzdb';
import { isValidTimeZone } from '../temporal';
import { CAPITAL_ZONES, countryTimeZone, defaultTimeZone, placeTimeZone } from './time-zones';

describe('the zone a date defaults to at a place', () => {
  it('gives a country with one zone that zone', () => {
    expect(defaultTimeZone({ country: 'IRN' })).toEqual({
      timeZone: 'Asia/Tehran',
      basis: 'COUNTRY',
      countryIso2: 'IR',
    });
    expect(defaultTimeZone({ country: 'FRA' })?.timeZone).toBe('Europe/Paris');
    expect(defaultTimeZone({ country: 'TUR' })?.timeZone).toBe('Europe/Istanbul');
  });

  it("gives a country with several zones its capital's", () => {
    const zoneOf = (country: string) => defaultTimeZone({ country });
    expect(zoneOf('USA')).toEqual({ timeZone: 'America/New_York', basis: 'CAPITAL', countryIso2: 'US' });
    expect(zoneOf('RUS')?.timeZone).toBe('Europe/Moscow');
    expect(zoneOf('BRA')?.timeZone).toBe('America/Sao_Paulo');
    expect(zoneOf('CAN')?.timeZone).toBe('America/Toronto');
    expect(zoneOf('AUS')?.timeZone).toBe('Australia/Sydney');
    expect(zoneOf('MEX')?.timeZone).toBe('America/Mexico_City');
    expect(zoneOf('IDN')?.timeZone).toBe('Asia/Jakarta');
    expect(zoneOf('KAZ')?.timeZone).toBe('Asia/Almaty');
  });

  it('gives a place the library knows its own zone, within the country when one is given', () => {
    expect(defaultTimeZone({ country: 'RUS', place: 'Vladivostok' })).toEqual({
      timeZone: 'Asia/Vladivostok',
      basis: 'PLACE',
      countryIso2: 'RU',
    });
    // Accents, case and separators do not matter; a place found by the name of its zone.
    expect(placeTimeZone('sao paulo')?.timeZone).toBe('America/Sao_Paulo');
    expect(placeTimeZone('Los Angeles', 'US')?.timeZone).toBe('America/Los_Angeles');
    expect(defaultTimeZone({ place: 'Tehran' })?.timeZone).toBe('Asia/Tehran');
    // A place the library does not know falls back on the country; one in another country is not taken.
    expect(defaultTimeZone({ country: 'USA', place: 'Camp David' })?.timeZone).toBe('America/New_York');
    expect(defaultTimeZone({ country: 'USA', place: 'Vladivostok' })?.basis).toBe('CAPITAL');
  });

  it('names no zone for an unknown country or place, nor for a country without a capital', () => {
    expect(defaultTimeZone({ country: 'XXX' })).toBeUndefined();
    expect(defaultTimeZone({ place: 'Nowhere in particular' })).toBeUndefined();
    expect(defaultTimeZone({})).toBeUndefined();
    expect(countryTimeZone('AQ')).toBeUndefined();
  });

  it("has a capital's zone for every country the library gives several zones, in that country", () => {
    const zonesPerCountry = new Map<string, number>();
    for (const zone of rawTimeZones)
      zonesPerCountry.set(zone.countryCode, (zonesPerCountry.get(zone.countryCode) ?? 0) + 1);
    const several = [...zonesPerCountry].filter(([, count]) => count > 1).map(([country]) => country);
    expect(several.filter((country) => !(country in CAPITAL_ZONES))).toEqual([]);
    for (const [country, zone] of Object.entries(CAPITAL_ZONES)) {
      if (zone === null) continue;
      expect([country, isValidTimeZone(zone), getCountryCode(zone)]).toEqual([country, true, country]);
    }
  });

  it('gives every zone the domain accepts', () => {
    for (const zone of rawTimeZones) expect([zone.name, isValidTimeZone(zone.name)]).toEqual([zone.name, true]);
  });
});
