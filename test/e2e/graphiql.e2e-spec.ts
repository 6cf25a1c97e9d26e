import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '../../src/config/env';
import type { RunningService } from '../../src/service';
import { GRAPHIQL_CONTENT_SECURITY_POLICY, GRAPHIQL_VENDOR_FILES } from '../../src/web-console/graphiql';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The GraphQL IDE at /graphql: off in production unless GRAPHQL_PLAYGROUND asks for it, and when
 * on, a page and library files from this server only, under a CSP that names no other host,
 * while every GraphQL request at /graphql is answered as before.
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const IDE_FILES = Object.keys(GRAPHIQL_VENDOR_FILES).map((name) => `/vendor/${name}`);

let db: TestDatabase;
/** Production as configured by default. */
let production: RunningService;
/** Production with GRAPHQL_PLAYGROUND=true. */
let asked: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  const productionEnv = (env: Record<string, string>) => {
    const { nodeEnv, graphqlPlayground } = parseEnv({ NODE_ENV: 'production', ...env });
    return { nodeEnv, graphqlPlayground, runProjector: false };
  };
  production = await startTestApp(db, productionEnv({}));
  asked = await startTestApp(db, productionEnv({ GRAPHQL_PLAYGROUND: 'true' }));
});
afterAll(async () => {
  await production?.shutdown();
  await asked?.shutdown();
  await db?.drop();
});

function get(service: RunningService, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return fetch(`${service.url}${path}`, { method, headers, redirect: 'manual' });
}

describe('in production by default', () => {
  it('serves no IDE at /graphql to a browser, and no IDE file', async () => {
    expect(parseEnv({ NODE_ENV: 'production' }).graphqlPlayground).toBe(false);
    for (const method of ['GET', 'HEAD']) {
      const page = await get(production, '/graphql', { accept: BROWSER_ACCEPT }, method);
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect(await page.text()).not.toMatch(/graphiql|<html/i);
    }
    for (const path of IDE_FILES) expect((await get(production, path)).status).toBe(404);
  });

  it('still answers GraphQL at /graphql', async () => {
    expect((await graphql(production, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

describe('in production with GRAPHQL_PLAYGROUND=true', () => {
  it('serves the IDE page to a browser with a CSP that allows no other host and no inline script', async () => {
    const page = await get(asked, '/graphql', { accept: BROWSER_ACCEPT });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('vary')).toMatch(/Accept/i);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toBe(GRAPHIQL_CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe|data:|https?:)/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("font-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    // No host, no scheme wildcard: only 'self', 'none' and data: (GraphiQL's fonts).
    expect(csp).not.toMatch(/https?:|\*|\/\//);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/(assets|vendor)\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/unpkg|jsdelivr/i);
  });

  it.each(IDE_FILES)('serves %s from node_modules with the same headers', async (path) => {
    const file = await get(asked, path);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(
      path.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/,
    );
    expect(file.headers.get('content-security-policy')).toBe(GRAPHIQL_CONTENT_SECURITY_POLICY);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    // The production builds, which load nothing from a CDN themselves.
    expect(await file.text()).not.toMatch(/(src|href)\s*=\s*["'](https?:)?\/\/unpkg/);
  });

  it('serves the page module and its stylesheet', async () => {
    for (const path of ['/assets/graphiql/main.js', '/assets/graphiql/graphiql-page.css']) {
      expect((await get(asked, path)).status).toBe(200);
    }
  });

  it('answers GraphQL, not the page, to every request that is not a browser asking for HTML', async () => {
    // A GET operation, even from a browser's address bar: the query string decides.
    for (const accept of ['application/json', BROWSER_ACCEPT]) {
      const answer = await get(asked, `/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        accept,
        'apollo-require-preflight': 'true',
      });
      expect(answer.headers.get('content-type')).toMatch(/json/);
      expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    }
    // A client that asks for JSON, or anything (curl), without an operation gets GraphQL's refusal.
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      const answer = await get(asked, '/graphql', { accept });
      expect(answer.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect(await answer.text()).not.toMatch(/<html/i);
    }
    expect((await graphql(asked, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it.each([
    '/vendor/graphiql/package.json',
    '/vendor/react/umd/react.development.js',
    '/vendor/react.development.js',
    '/vendor/graphiql.js.map',
    '/vendor/..%2fpackage.json',
    '/assets/graphiql/../../package.json',
  ])('%s reads nothing else (404)', async (path) => {
    const answer = await get(asked, path, { accept: BROWSER_ACCEPT });
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('"dependencies"');
  });

  it('refuses an oversized URL at /graphql before serving anything', async () => {
    const answer = await get(asked, `/graphql?x=${'a'.repeat(20_000)}`, { accept: BROWSER_ACCEPT });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await answer.text()).not.toMatch(/<html/i);
  });
});
