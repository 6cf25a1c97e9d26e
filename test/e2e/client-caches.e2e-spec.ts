import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloClient, HttpLink, InMemoryCache, gql, type NormalizedCacheObject } from '@apollo/client/core';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { Client as UrqlClient, fetchExchange, gql as urqlGql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually, wsClient } from '../support/ws-client';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';

/**
 * The scenario, run through the normalising caches clients really use, with their
 * default settings (no keyFields, no typePolicies): the current page, the same page as known a
 * moment before the Saudi Arabia correction, then both read back from the cache. With one id for
 * every version of an event the cache merged them and the current page showed the slip.
 */
let db: TestDatabase;
let service: RunningService;
/** A moment before the correction of the visit's summary was recorded. */
let beforeCorrection: string;

const PAGE = `
  query Page($asOf: DateTime) {
    timeline(first: 50, asOf: $asOf) { edges { node { id title summary } } }
  }
`;
const HISTORY = `
  query History($id: ID!) { eventHistory(id: $id) { version type recordedAt } }
`;

type Page = { timeline: { edges: Array<{ node: { id: string; title: string; summary: string } }> } };

/** The page's nodes without the client's __typename. */
const nodesOf = (page: Page | null | undefined) =>
  (page?.timeline.edges ?? []).map(({ node }) => ({ id: node.id, title: node.title, summary: node.summary }));

const visitSummary = (page: Page | null | undefined) =>
  nodesOf(page).find((node) => node.title === 'Putin visits Tehran')?.summary;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  await seedStory(service);
  const history = await graphql<{ eventHistory: Array<{ version: number; recordedAt: string; position: string }> }>(
    service,
    `
      query ($id: ID!) {
        eventHistory(id: $id) {
          version
          recordedAt
          position
        }
      }
    `,
    { id: demoIds.visit },
  );
  const correction = history.data!.eventHistory.find((entry) => entry.version === 2)!;
  beforeCorrection = new Date(new Date(correction.recordedAt).getTime() - 1).toISOString();
  // The whole story in the read model before any client asks (the agreement's correction is last).
  const last = await graphql<{ eventHistory: Array<{ position: string }> }>(
    service,
    `
      query ($id: ID!) {
        eventHistory(id: $id) {
          position
        }
      }
    `,
    { id: demoIds.syriaConsultations },
  );
  const waited = await graphql(
    service,
    `
      query ($p: String) {
        timeline(first: 1, minPosition: $p) {
          edges {
            cursor
          }
        }
      }
    `,
    {
      p: last.data!.eventHistory.at(-1)!.position,
    },
  );
  expect(waited.errors).toBeUndefined();
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

const subscribers = () => service.app.get(TimelineUpdatesHub).subscriberCount;

/** What the server answers, straight over HTTP: the reference both caches are held to. */
async function served(asOf?: string): Promise<Page> {
  const answer = await graphql<Page>(service, PAGE, asOf ? { asOf } : {});
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

describe('a normalising client cache keeps versions apart (issue 11)', () => {
  it('Apollo Client InMemoryCache: the page now and the page asOf read back as served', async () => {
    const now = await served();
    const then = await served(beforeCorrection);
    // The scenario is the issue's: the page asOf shows the slip, the page now does not.
    expect(visitSummary(then)).toMatch(/Iran and Saudi Arabia/);
    expect(visitSummary(now)).not.toMatch(/Saudi/);

    const client = new ApolloClient({
      link: new HttpLink({ uri: `${service.url}/graphql`, fetch }),
      cache: new InMemoryCache(),
    });
    const page = gql(PAGE);
    expect(nodesOf((await client.query<Page>({ query: page })).data)).toEqual(nodesOf(now));
    expect(nodesOf((await client.query<Page>({ query: page, variables: { asOf: beforeCorrection } })).data)).toEqual(
      nodesOf(then),
    );
    // History entries are no versions: fetched into the same cache, they overwrite nothing.
    await client.query({ query: gql(HISTORY), variables: { id: demoIds.visit } });

    expect(nodesOf(client.readQuery<Page>({ query: page }))).toEqual(nodesOf(now));
    expect(nodesOf(client.readQuery<Page>({ query: page, variables: { asOf: beforeCorrection } }))).toEqual(
      nodesOf(then),
    );
    client.stop();
  });

  it("urql's Graphcache: the page now and the page asOf read back as served", async () => {
    const now = await served();
    const then = await served(beforeCorrection);
    const client = new UrqlClient({
      url: `${service.url}/graphql`,
      exchanges: [cacheExchange({}), fetchExchange],
      fetch,
      // urql 6 sends queries as GET by default, which the service's CSRF protection refuses
      // without a preflight header: POST, as Apollo Client sends them.
      preferGetMethod: false,
    });
    const page = urqlGql(PAGE);
    expect(nodesOf((await client.query<Page>(page, {}).toPromise()).data)).toEqual(nodesOf(now));
    expect(nodesOf((await client.query<Page>(page, { asOf: beforeCorrection }).toPromise()).data)).toEqual(
      nodesOf(then),
    );
    await client.query(urqlGql(HISTORY), { id: demoIds.visit }).toPromise();

    const cached = (variables: Record<string, unknown>) =>
      client.query<Page>(page, variables, { requestPolicy: 'cache-only' }).toPromise();
    const nowFromCache = await cached({});
    const thenFromCache = await cached({ asOf: beforeCorrection });
    expect(nowFromCache.stale).toBe(false);
    expect(nodesOf(nowFromCache.data)).toEqual(nodesOf(now));
    expect(nodesOf(thenFromCache.data)).toEqual(nodesOf(then));
  });

  it('timelineUpdated delivers the new version: an Apollo cache holding the page sees a new object', async () => {
    const ws = wsClient(service);
    const client = new ApolloClient({
      link: new GraphQLWsLink(ws),
      cache: new InMemoryCache(),
    });
    const page = gql(PAGE);
    const before = nodesOf((await client.query<Page>({ query: page })).data);
    const held = before.find((node) => node.title === 'Putin meets Supreme Leader Ali Khamenei')!;

    const updates: Array<{ id: string; eventId: string; version: number; summary: string }> = [];
    const subscription = client
      .subscribe<{ timelineUpdated: { event: (typeof updates)[number] } }>({
        query: gql`
          subscription {
            timelineUpdated {
              event {
                id
                eventId
                version
                summary
              }
            }
          }
        `,
      })
      .subscribe({ next: (result) => updates.push(result.data!.timelineUpdated.event) });
    await eventually('the subscription to reach the server', () => subscribers() === 1);
    const answer = await graphql<{ reviseEvent: { version: number; event: { id: string } } }>(
      service,
      `
        mutation ($input: ReviseEventInput!) {
          reviseEvent(input: $input) {
            version
            event {
              id
            }
          }
        }
      `,
      {
        input: {
          eventId: demoIds.putinKhamenei,
          expectedVersion: 1,
          reason: 'The Supreme Leader received him at his office',
          summary: 'Putin met Iran’s Supreme Leader Ayatollah Ali Khamenei at his office in Tehran.',
        },
      },
      await apiKeyHeader(service, 'editor'),
    );
    expect(answer.errors).toBeUndefined();
    const revised = answer.data!;
    await eventually('the update', () => updates.some((u) => u.version === revised.reviseEvent.version));

    const update = updates.find((u) => u.version === revised.reviseEvent.version)!;
    // The subscription names the new version: the id the mutation answered, not the held one.
    expect(update).toMatchObject({ id: revised.reviseEvent.event.id, eventId: demoIds.putinKhamenei });
    expect(update.id).not.toBe(held.id);
    // The cache now holds the revised event as its own object, and the page it holds is untouched.
    const cache = client.cache.extract() as NormalizedCacheObject;
    expect(cache[`DiplomaticEvent:${update.id}`]).toMatchObject({ summary: update.summary });
    expect(cache[`DiplomaticEvent:${held.id}`]).toMatchObject({ summary: held.summary });
    expect(nodesOf(client.readQuery<Page>({ query: page }))).toEqual(before);
    // Asked again, the page names the new version.
    const after = nodesOf((await client.query<Page>({ query: page, fetchPolicy: 'network-only' })).data);
    expect(after.find((node) => node.title === held.title)).toEqual({
      id: update.id,
      title: held.title,
      summary: update.summary,
    });
    subscription.unsubscribe();
    client.stop();
    await ws.dispose();
  });
});
