import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Persisted queries and GET answers over HTTP, as Apollo Client and urql use them: a hash first,
 * the document when the hash is unknown, then GETs revalidated with If-None-Match.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let reader: Record<string, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** What Apollo Client sends on a GET: a content-type that a cross-site form cannot, so CSRF prevention lets it in. */
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, any> }> } | null;
}

async function get(params: Record<string, unknown>, headers: Record<string, string> = JSON_HEADERS): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(`${service.url}/graphql?${search}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

const PAGE = `query Page($first: Int) { timeline(first: $first) { edges { node { id title version } } } }`;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  const store = service.app.get(PostgresEventStore);
  await tehranLog().appendTo(store);
  expect(await service.app.get(ProjectionStatus).waitForPosition(await store.headPosition(), 20_000)).toBe(true);
  editor = await apiKeyHeader(service, 'editor');
  reader = await apiKeyHeader(service, 'reader');
});
afterAll(async () => {
  await service?.shutdown('test done');
  await db.drop();
});

describe('automatic persisted queries', () => {
  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, then the answer once the document is registered (POST)', async () => {
    const query = `query PostApq { timeline(first: 2) { edges { node { title } } } }`;
    const before = await post({ extensions: persisted(query) });
    expect(before.status).toBe(200);
    expect(before.body!.errors).toEqual([
      { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
    ]);
    expect(before.body!.data).toBeUndefined();

    const registered = await post({ query, extensions: persisted(query) });
    expect(registered.body!.errors).toBeUndefined();
    expect(registered.body!.data!.timeline.edges).toHaveLength(2);

    const after = await post({ extensions: persisted(query) });
    expect(after.body).toEqual(registered.body);
  });

  it('does the same over GET, the way clients send hashed queries', async () => {
    const query = `query GetApq { timeline(first: 1) { edges { node { title } } } }`;
    const before = await get({ extensions: persisted(query) });
    expect(before.body!.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await get({ query, extensions: persisted(query) });
    expect(registered.status).toBe(200);
    expect(registered.body!.errors).toBeUndefined();

    const after = await get({ extensions: persisted(query) });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(registered.body);
  });

  it('refuses a hash that is not the sha256 of the document sent with it, and registers nothing', async () => {
    const query = `query Mismatch { timeline(first: 1) { edges { node { title } } } }`;
    const other = `query Other { projectionStatus { activeSchema } }`;
    for (const send of [post, (body: Record<string, unknown>) => get(body)]) {
      const refused = await send({ query, extensions: persisted(other) });
      expect(refused.status).toBe(400);
      expect(refused.body!.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'extensions.persistedQuery.sha256Hash',
        reason: 'PERSISTED_QUERY_HASH_MISMATCH',
      });
      // The hash still names nothing: the refused document was not stored under it.
      const lookup = await send({ extensions: persisted(other) });
      expect(lookup.body!.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });
});

describe('GET', () => {
  it('refuses a mutation (405, Allow: POST) and appends nothing, whether sent in full or by its hash', async () => {
    const mutation = `mutation { registerActor(input: { kind: PERSON, name: "Over GET" }) { actorId } }`;
    const head = await service.app.get(PostgresEventStore).headPosition();
    const inFull = await get({ query: mutation }, { ...JSON_HEADERS, ...editor });
    expect(inFull.status).toBe(405);
    expect(inFull.headers.get('allow')).toBe('POST');
    expect(inFull.body!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MUTATION_OVER_GET' });

    // Registered by POST (where it runs: an editor may), then asked for by hash over GET.
    const named = `mutation RegisterByHash { registerActor(input: { kind: PERSON, name: "By hash" }) { actorId } }`;
    const registered = await post({ query: named, extensions: persisted(named) }, editor);
    expect(registered.body!.errors).toBeUndefined();
    const headAfterPost = await service.app.get(PostgresEventStore).headPosition();
    expect(headAfterPost).toBeGreaterThan(head);
    const byHash = await get({ extensions: persisted(named) }, { ...JSON_HEADERS, ...editor });
    expect(byHash.status).toBe(405);
    expect(await service.app.get(PostgresEventStore).headPosition()).toBe(headAfterPost);
  });

  it('refuses a subscription', async () => {
    const refused = await get({ query: `subscription { timelineUpdated { kind } }` });
    expect(refused.status).toBe(405);
    expect(refused.body!.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SUBSCRIPTION_OVER_GET',
    });
  });

  it('keeps CSRF prevention: a GET a cross-site page could send without a preflight is refused', async () => {
    for (const headers of [{}, { 'content-type': 'text/plain' }] as Array<Record<string, string>>) {
      const refused = await get({ query: PAGE, variables: { first: 1 } }, headers);
      expect(refused.status).toBe(400);
      expect(refused.body!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CSRF_PREVENTION' });
    }
    const preflighted = await get({ query: PAGE, variables: { first: 1 } }, { 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
  });

  it('answers an unchanged timeline 304 to If-None-Match, and with a new ETag once a change is projected', async () => {
    // Earlier tests append (an actor registered by a persisted mutation): the tag follows the
    // projection's position, so it is taken once the projector has caught up with them.
    const store = service.app.get(PostgresEventStore);
    expect(await service.app.get(ProjectionStatus).waitForPosition(await store.headPosition(), 20_000)).toBe(true);
    const params = { query: PAGE, operationName: 'Page', variables: { first: 50 } };
    const first = await get(params);
    expect(first.status).toBe(200);
    expect(first.body!.errors).toBeUndefined();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/authorization/i);

    const again = await get(params, { ...JSON_HEADERS, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(etag);

    // The same variables in another order, or another spelling of the same JSON, are the same answer.
    const sameVariables = await get(
      { ...params, variables: '{ "first" : 50 }' },
      { ...JSON_HEADERS, 'if-none-match': etag },
    );
    expect(sameVariables.status).toBe(304);

    // A change: an event recorded through the API, then projected.
    const recorded = await graphql(
      service,
      `
        mutation ($input: RegisterActorInput!) {
          registerActor(input: $input) {
            position
          }
        }
      `,
      { input: { kind: 'PERSON', name: 'Someone new' } },
      editor,
    );
    expect(recorded.errors).toBeUndefined();
    const position = BigInt(recorded.data!.registerActor.position as string);
    expect(await service.app.get(ProjectionStatus).waitForPosition(position, 20_000)).toBe(true);

    const afterChange = await get(params, { ...JSON_HEADERS, 'if-none-match': etag });
    expect(afterChange.status).toBe(200);
    expect(afterChange.body!.data).toEqual(first.body!.data);
    const newTag = afterChange.headers.get('etag')!;
    expect(newTag).not.toBe(etag);
    expect((await get(params, { ...JSON_HEADERS, 'if-none-match': newTag })).status).toBe(304);
  });

  it('tags by role, by variables and by document: none of them revalidates another', async () => {
    const params = { query: PAGE, variables: { first: 3 } };
    const anonymous = (await get(params)).headers.get('etag')!;
    const asReader = await get(params, { ...JSON_HEADERS, ...reader });
    expect(asReader.headers.get('etag')).not.toBe(anonymous);
    expect((await get(params, { ...JSON_HEADERS, ...reader, 'if-none-match': anonymous })).status).toBe(200);
    expect(
      (await get(params, { ...JSON_HEADERS, ...reader, 'if-none-match': asReader.headers.get('etag')! })).status,
    ).toBe(304);
    expect(
      (await get({ ...params, variables: { first: 4 } }, { ...JSON_HEADERS, 'if-none-match': anonymous })).status,
    ).toBe(200);
    const byHash = await get({ extensions: persisted(PAGE), query: PAGE, variables: { first: 3 } });
    expect(byHash.headers.get('etag')).toBe(anonymous);
  });

  it('does not store answers that change without the read model moving, nor failed answers', async () => {
    const status = await get({ query: `{ projectionStatus { lagSeconds } }` });
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('no-store');
    const history = await get({
      query: `query($id: ID!) { eventHistory(id: $id) { version } }`,
      variables: { id: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a01' },
    });
    expect(history.headers.get('cache-control')).toBe('no-store');

    const missing = await get({
      query: `query($id: ID!) { event(id: $id) { title } }`,
      variables: { id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(missing.body!.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(missing.headers.get('etag')).toBeNull();
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const badKey = await get({ query: PAGE }, { ...JSON_HEADERS, authorization: 'Bearer dtl_not-a-key' });
    expect(badKey.body!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(badKey.headers.get('etag')).toBeNull();
  });
});
