import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TimelineQueries, type TimelineFilter } from '../../src/timelines/queries/index';
import { checkFilter } from '../../src/timelines/queries/query-validation';
import { mayMatch, readVersionFacets } from '../../src/timelines/subscriptions/change-facets';
import { loadSyntheticReadModel, syntheticActorId } from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The subscription hub rules a filter out for a change in memory (mayMatch) before it asks the
 * timeline query. It must never rule out a version the query matches: checked here, version by
 * version, for role filters on a synthetic read model with random roles.
 */
let db: TestDatabase;
let queries: TimelineQueries;
let versions: { event_id: string; version: number; recorded_from: Date }[];

const busiest = syntheticActorId(1);
const second = syntheticActorId(2);
/** Synthetic actor i has country number i % 20 of the fixture's list: 1 is IRN, 20 is RUS. */
const filters: Record<string, TimelineFilter> = {
  'a speaker among two actors': { actorIds: { anyOf: [busiest, second], roles: ['SPEAKER'] } },
  'both actors, each as a signatory, host or guest': {
    actorIds: { allOf: [busiest, second], roles: ['SIGNATORY', 'HOST', 'GUEST'] },
  },
  'actor to actor': {
    dyad: { from: { actor: busiest, roles: ['HOST', 'GUEST'] }, to: { actor: second, roles: ['GUEST', 'ADDRESSEE'] } },
  },
  'actor to country': {
    dyad: {
      from: { actor: busiest, roles: ['GUEST', 'SPEAKER', 'PARTICIPANT'] },
      to: { country: 'RUS', roles: ['HOST', 'ADDRESSEE', 'PARTICIPANT'] },
    },
  },
  'country to actor': { dyad: { from: { country: 'RUS', roles: ['SPEAKER'] }, to: { actor: busiest } } },
  'country to country': {
    dyad: {
      from: { country: 'IRN', roles: ['SPEAKER', 'HOST'] },
      to: { country: 'RUS', roles: ['ADDRESSEE', 'GUEST'] },
    },
  },
  'a country pair, undirected': { dyad: { countries: ['IRN', 'RUS'] } },
};

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: 3_000, actors: 200 });
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  // The versions of the two busiest actors' events, where the filters can match, and others.
  ({ rows: versions } = await db.pool.query(
    `(SELECT DISTINCT ON (p.event_id, p.version) p.event_id, p.version, p.recorded_from
        FROM rm_1.event_participants p WHERE p.actor_id = ANY ($1::uuid[]) ORDER BY p.event_id, p.version LIMIT 250)
     UNION
     (SELECT ev.event_id, ev.version, ev.recorded_from FROM rm_1.event_versions ev ORDER BY ev.event_id DESC, ev.version LIMIT 100)`,
    [[busiest, second]],
  ));
}, 300_000);
afterAll(() => db.drop());

describe('the hub’s in-memory pre-filter', () => {
  it.each(Object.entries(filters))('never rules out a version the query matches: %s', async (_, filter) => {
    const checked = checkFilter(filter);
    let matched = 0;
    let ruledOut = 0;
    for (const { event_id: eventId, version, recorded_from: recordedFrom } of versions) {
      const facets = await readVersionFacets(db.pool, 'rm_1', eventId, version);
      expect(facets).toBeDefined();
      // As the hub asks it: the version announced, as it was when it was current.
      const page = await queries.timeline(
        { ...filter, eventIds: [eventId] },
        { includeRetracted: true, first: 1, asOf: recordedFrom },
      );
      const byQuery = page.edges[0]?.node.version === version;
      const inMemory = mayMatch(checked, facets!);
      if (byQuery) {
        matched += 1;
        expect({ eventId, version, inMemory }).toEqual({ eventId, version, inMemory: true });
      }
      if (!inMemory) ruledOut += 1;
    }
    // Not vacuous: the query matches some of these versions, and the pre-filter spares it others.
    expect(matched).toBeGreaterThan(0);
    expect(ruledOut).toBeGreaterThan(0);
  });
});
