import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { MAX_GET_URL_BYTES } from '../../src/graphql/get-params';
import { MAX_PERSISTED_QUERIES, MAX_PERSISTED_QUERY_BYTES } from '../../src/graphql/persisted-query-store';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Attacks on the GET path and on automatic persisted queries: every one refused with a GraphQL
 * error and a code, the service still answering, and the persisted-query store within its bounds
 * (read from /metrics, as an operator would).
 */
let db: TestDatabase;
let service: RunningService;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const JSON_HEADERS = { 'content-type': 'application/json' };

async function getRaw(search: string) {
  const response = await fetch(`${service.url}/graphql?${search}`, { headers: JSON_HEADERS });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as { errors?: Array<{ message: string; extensions: Record<string, any> }> }) : null,
  };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!match) throw new Error(`no ${name} in /metrics`);
  return Number(match[1]);
}

async function stillAnswers(): Promise<void> {
  const response = await graphql(service, '{ __typename }');
  expect(response.data).toEqual({ __typename: 'Query' });
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
});
afterAll(async () => {
  await service?.shutdown('test done');
  await db.drop();
});

describe('GET limits', () => {
  it('refuses a URL over the cap with 414 and the figures', async () => {
    const query = `{ __typename ${'a: __typename '.repeat(MAX_GET_URL_BYTES / 10)} }`;
    const refused = await getRaw(new URLSearchParams({ query }).toString());
    expect(refused.status).toBe(414);
    expect(refused.body!.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'url',
      reason: 'URL_TOO_LONG',
      maxBytes: MAX_GET_URL_BYTES,
    });
    await stillAnswers();
  });

  it('refuses a URL past what the HTTP parser reads with 431 and a GraphQL error', async () => {
    const refused = await getRaw(`query=${'x'.repeat(64 * 1024)}`);
    expect(refused.status).toBe(431);
    expect(refused.body!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEADERS_TOO_LARGE' });
    await stillAnswers();
  });

  it('answers a GET whose path is no URL a parser takes (//[, //%zz) as GraphQL, never with a 500', async () => {
    for (const path of ['/graphql//[?query={__typename}', '/graphql//%zz?query={__typename}', '/graphql//[']) {
      // Sent as written: fetch would normalise the path before it left.
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(`${service.url}${path}`, { headers: JSON_HEADERS }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.path = path;
        request.on('error', reject);
        request.end();
      });
      expect({ path, status: answer.status < 500 }).toEqual({ path, status: true });
      expect(answer.body).not.toMatch(/Internal server error/i);
    }
    await stillAnswers();
  });

  it('refuses variables and extensions that are not JSON objects, or nest too deep, before parsing them', async () => {
    const query = encodeURIComponent('query($first: Int) { timeline(first: $first) { edges { cursor } } }');
    const cases: Array<[string, string, string]> = [
      ['variables', '{"first":', 'is not JSON'],
      ['variables', '[1,2]', 'must be a JSON object'],
      ['variables', '"first"', 'must be a JSON object'],
      ['variables', `{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`, 'nests arrays and objects'],
      ['extensions', '{"persistedQuery":', 'is not JSON'],
    ];
    for (const [name, text, problem] of cases) {
      const refused = await getRaw(`query=${query}&${name}=${encodeURIComponent(text)}`);
      expect(refused.status).toBe(400);
      expect(refused.body!.errors![0]!.message).toContain(problem);
      expect(refused.body!.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: name,
        reason: 'MALFORMED_JSON',
      });
    }
    const repeated = await getRaw(`query=${query}&query=${query}`);
    expect(repeated.status).toBe(400);
    expect(repeated.body!.errors![0]!.extensions).toMatchObject({ field: 'query', reason: 'REPEATED_PARAMETER' });
    await stillAnswers();
  });

  it('refuses malformed persisted-query extensions with the field at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{ persistedQuery: { version: 2, sha256Hash: sha256('{ a }') } }, 'extensions.persistedQuery.version'],
      [{ persistedQuery: { version: 1, sha256Hash: 'ABC' } }, 'extensions.persistedQuery.sha256Hash'],
      [{ persistedQuery: null }, 'extensions.persistedQuery.version'],
    ];
    for (const [extensions, field] of cases) {
      const refused = await getRaw(`extensions=${encodeURIComponent(JSON.stringify(extensions))}`);
      expect(refused.status).toBe(400);
      expect(refused.body!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const notObject = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: '{ __typename }', extensions: 'persisted' }),
    });
    expect(notObject.status).toBe(400);
    expect(((await notObject.json()) as any).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'extensions',
    });
  });
});

describe('a flood of persisted-query registrations', () => {
  it('leaves the store within its bounds: 10,000 registrations, the oldest evicted, the newest served', async () => {
    const registrations = 10_000;
    // Each a document of its own, registered over GET and then refused as a mutation over GET:
    // registering costs the attacker one cheap request each, nothing runs.
    const document = (n: number) => `mutation Flood${n} { __typename }`;
    const extensions = (n: number) =>
      encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(document(n)) } }));
    const register = async (n: number) => {
      const refused = await getRaw(`query=${encodeURIComponent(document(n))}&extensions=${extensions(n)}`);
      expect(refused.status).toBe(405);
    };
    // Sixteen at a time: within the per-address concurrency limit.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < registrations) await register(next++);
      }),
    );

    const entries = await metric('graphql_persisted_queries');
    const bytes = await metric('graphql_persisted_queries_bytes');
    expect(entries).toBe(MAX_PERSISTED_QUERIES);
    expect(bytes).toBeLessThanOrEqual(MAX_PERSISTED_QUERY_BYTES);

    // By hash over POST, where a mutation may run (this one reads only __typename and appends nothing).
    const byHash = async (n: number) => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document(n)) } } }),
      });
      return (await response.json()) as { data?: unknown; errors?: Array<{ extensions: Record<string, any> }> };
    };
    expect((await byHash(0)).errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await byHash(registrations - 1)).toEqual({ data: { __typename: 'Mutation' } });
    await stillAnswers();
  }, 120_000);

  it('keeps the bytes within their bound when the documents are large', async () => {
    // 150 documents of about 90 KB (a comment fills them: within the byte and token limits) are
    // 13 MB, more than the store holds.
    const padding = `# ${'x'.repeat(90_000)}\n`;
    for (let n = 0; n < 150; n += 1) {
      const query = `${padding}query Large${n} { __typename }`;
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }),
      });
      expect(((await response.json()) as { data?: unknown }).data).toEqual({ __typename: 'Query' });
    }
    const bytes = await metric('graphql_persisted_queries_bytes');
    expect(bytes).toBeLessThanOrEqual(MAX_PERSISTED_QUERY_BYTES);
    expect(bytes).toBeGreaterThan(MAX_PERSISTED_QUERY_BYTES - 100_000);
    expect(await metric('graphql_persisted_queries')).toBeLessThan(150);
  }, 120_000);
});
