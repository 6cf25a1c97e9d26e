import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { expectRefused } from '../support/refusals';
import { graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * timeZoneOf (the zone a date at a place defaults to) under attack: codes that are not ISO-3,
 * long and odd text, nothing at all, many aliases. Each is refused with BAD_USER_INPUT naming the
 * argument, without echoing a long value, appends nothing, and an innocent lookup is answered
 * right after.
 */
let db: TestDatabase;
let service: RunningService;

const INNOCENT = '{ timeZoneOf(country: "USA") { timeZone basis country } }';
const ZONE_OF = `query($country: String, $place: String) {
  timeZoneOf(country: $country, place: $place) { timeZone basis country }
}`;

const refused = (attack: () => Promise<GraphQLResponse>, field: string) =>
  expectRefused(
    {
      db,
      service,
      innocent: INNOCENT,
      innocentHolds: (data) =>
        expect(data.timeZoneOf).toEqual({ timeZone: 'America/New_York', basis: 'CAPITAL', country: 'USA' }),
    },
    attack,
    'BAD_USER_INPUT',
    field,
  );

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('timeZoneOf under attack', () => {
  it.each([
    ['an unknown code', { country: 'XXX' }, 'country'],
    ['an ISO-2 code', { country: 'IR' }, 'country'],
    ['a lower-case code', { country: 'irn' }, 'country'],
    ['SQL for a code', { country: "' OR 1=1 --" }, 'country'],
    ['a code of 100 kB', { country: 'A'.repeat(100_000) }, 'country'],
    ['a place of 100 kB', { country: 'RUS', place: 'Vladivostok'.repeat(9_000) }, 'place'],
    ['a place with a NUL', { place: 'Teh\u0000ran' }, 'place'],
    ['neither a country nor a place', {}, 'country'],
    ['a blank place alone', { place: '   ' }, 'country'],
  ])('refuses %s', async (_, variables, field) => {
    await refused(() => graphql(service, ZONE_OF, variables), field);
  });

  it('does not echo a long code in its message', async () => {
    const response = await graphql(service, ZONE_OF, { country: 'Q'.repeat(10_000) });
    expect(response.errors![0]!.message.length).toBeLessThan(200);
  });

  it('refuses a document of 2,000 aliases by its size; answers the 400 its limits allow (an in-memory lookup)', async () => {
    const aliases = (count: number) =>
      Array.from({ length: count }, (_, index) => `a${index}: timeZoneOf(country: "RUS") { timeZone }`).join(' ');
    await refused(() => graphql(service, `{ ${aliases(2_000)} }`), 'query');
    const allowed = await graphql(service, `{ ${aliases(400)} }`);
    expect(allowed.errors).toBeUndefined();
    expect(Object.keys(allowed.data!)).toHaveLength(400);
    expect(allowed.data!.a399).toEqual({ timeZone: 'Europe/Moscow' });
  });

  it('answers a known place, a country and an unknown place', async () => {
    const answer = async (variables: Record<string, unknown>) => {
      const response = await graphql(service, ZONE_OF, variables);
      expect(response.errors).toBeUndefined();
      return response.data!.timeZoneOf;
    };
    expect(await answer({ country: 'RUS', place: 'Vladivostok' })).toEqual({
      timeZone: 'Asia/Vladivostok',
      basis: 'PLACE',
      country: 'RUS',
    });
    expect(await answer({ country: 'IRN' })).toEqual({ timeZone: 'Asia/Tehran', basis: 'COUNTRY', country: 'IRN' });
    expect(await answer({ place: 'Nowhere in particular' })).toBeNull();
    expect(await answer({ country: 'ATA' })).toBeNull();
  });
});
