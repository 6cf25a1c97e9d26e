import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Corroboration over GraphQL on the demo story: a second editor enters Putin's visit to Tehran
 * again, with another title and sources of their own; duplicateCandidates of the demo's visit
 * names that entry first with its reason, and the corroboration fields and minSources answer.
 */
let db: TestDatabase;
let service: RunningService;
let position: string;
let secondEntry: string;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  const editor = await apiKeyHeader(service, 'editor');
  await seedStory(service);
  const recorded = await graphql(
    service,
    'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId position event { sourceCount publisherCount publishers } } }',
    {
      input: {
        ...visitWithSlip,
        title: 'Putin visits Tehran for talks',
        sources: [
          { publisher: 'TASS', url: 'https://tass.com/politics/putin-tehran' },
          { publisher: ' tass', url: 'https://tass.com/politics/putin-tehran-2' },
          { publisher: 'IRNA' },
        ],
      },
    },
    editor,
  );
  expect(recorded.errors).toBeUndefined();
  ({ eventId: secondEntry, position } = recorded.data!.recordEvent);
  // A mutation's answer counts the same way.
  expect(recorded.data!.recordEvent.event).toEqual({ sourceCount: 3, publisherCount: 2, publishers: ['TASS', 'IRNA'] });
}, 120_000);

afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('duplicateCandidates over GraphQL', () => {
  it('names the second entry of the visit first, with score and reason', async () => {
    const { errors, data } = await graphql(
      service,
      `
        query ($id: ID!, $p: String) {
          duplicateCandidates(eventId: $id, first: 3, minPosition: $p) {
            score
            reason
            titleSimilarity
            sharedActorIds
            sharedCountries
            event {
              eventId
              title
              sourceCount
            }
          }
        }
      `,
      { id: demoIds.visit, p: position },
    );
    expect(errors).toBeUndefined();
    const [best] = data!.duplicateCandidates;
    expect(best.event).toEqual({ eventId: secondEntry, title: 'Putin visits Tehran for talks', sourceCount: 3 });
    expect(best.reason).toMatch(/^same participants \(.+\), same day, titles \d+% similar$/);
    expect(best.score).toBeGreaterThan(0.8);
    expect(best.sharedCountries).toEqual(['IRN', 'RUS']);
    expect(data!.duplicateCandidates.length).toBeLessThanOrEqual(3);
  });
});

describe('corroboration on the timeline', () => {
  it('minSources keeps the events reported by enough sources, each with its counts', async () => {
    const { errors, data } = await graphql(
      service,
      `
        query ($p: String) {
          timeline(filter: { minSources: 3 }, minPosition: $p) {
            edges {
              node {
                eventId
                sourceCount
                publisherCount
                publishers
              }
            }
          }
        }
      `,
      { p: position },
    );
    expect(errors).toBeUndefined();
    expect(data!.timeline.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { eventId: secondEntry, sourceCount: 3, publisherCount: 2, publishers: ['TASS', 'IRNA'] },
    ]);
  });
});
