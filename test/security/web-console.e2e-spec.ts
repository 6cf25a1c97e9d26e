import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import type { RunningService } from '../../src/service';
import { CONTENT_SECURITY_POLICY } from '../../src/web-console/page-headers';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The reader page's and the editor console's static files: fixed paths only, each answer with the pages' security headers,
 * and nothing outside the built pages (dist/web/) and the named library files readable, however the path is spelled.
 * Requests go out raw (node:http), because fetch would resolve `..` before sending.
 */

let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { runProjector: false });
});
afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(path: string, method = 'GET'): Promise<Raw> {
  const url = new URL(service.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk.slice(0, 100_000 - body.length)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the reader page, the editor console and their files', () => {
  it.each([
    '/',
    '/assets/reader/main.js',
    '/assets/reader/main.js.map',
    '/assets/reader/reader.css',
    '/admin',
    '/assets/admin/main.js',
    '/assets/admin/admin.css',
    '/vendor/vis-timeline.mjs',
  ])('%s is served with a strict Content-Security-Policy, nosniff and no framing', async (path) => {
    const answer = await raw(path);
    expect(answer.status).toBe(200);
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves modules as JavaScript and the page as HTML, so nosniff lets them run', async () => {
    expect((await raw('/')).headers['content-type']).toMatch(/^text\/html/);
    expect((await raw('/admin')).headers['content-type']).toMatch(/^text\/html/);
    expect((await raw('/assets/admin/main.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await raw('/assets/reader/main.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await raw('/vendor/vis-timeline.mjs')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it.each(['/', '/admin'])('%s loads no script from another host and none inline', async (path) => {
    const html = (await raw(path)).body;
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/(assets|vendor)\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it.each([
    '/assets/../package.json',
    '/assets/%2e%2e/package.json',
    '/assets/%2e%2e%2fpackage.json',
    '/assets/..%5cpackage.json',
    '/assets/reader/../../package.json',
    '/assets/reader/%2e%2e/%2e%2e/src/service.ts',
    // The build's other files (dist/), and the pages' sources: only the built pages are served.
    '/assets/../main.js',
    '/assets/%2e%2e/web-meta.json',
    '/assets/reader/main.ts',
    '/assets/shared/dom.ts',
    '/vendor/chart.umd.js',
    '/vendor/../package.json',
    '/vendor/..%2fpackage.json',
    '/vendor/vis-timeline%2fpackage.json',
    '/vendor/vis-timeline/package.json',
    '/vendor/graphql/package.json',
    '/assets/',
    '/assets',
    '/node_modules/vis-timeline/package.json',
    '/index.html',
    '/admin/',
    '/admin/index.html',
    '/admin/..%2fpackage.json',
    '/assets/admin/../../package.json',
    // Names every plain object answers from its prototype.
    '/vendor/constructor',
    '/vendor/__proto__',
    '/vendor/toString',
    '/vendor/hasOwnProperty',
  ])('%s reads nothing outside the served files (404)', async (path) => {
    const answer = await raw(path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('"dependencies"');
    expect(answer.body).not.toContain('import ');
  });

  it('answers only GET and HEAD on the page, and GraphQL still answers after', async () => {
    expect((await raw('/', 'HEAD')).status).toBe(200);
    expect((await raw('/', 'POST')).status).toBe(404);
    expect((await raw('/admin', 'HEAD')).status).toBe(200);
    expect((await raw('/admin', 'POST')).status).toBe(404);
    expect((await raw('/', 'DELETE')).status).toBe(404);
    const answer = await graphql(service, '{ __typename }');
    expect(answer.data).toEqual({ __typename: 'Query' });
  });

  it('leaves /graphql without the pages’ headers (its own rules apply)', async () => {
    const answer = await graphql(service, '{ __typename }');
    expect(answer.headers.get('content-security-policy')).toBeNull();
  });

  it('refuses an oversized URL before any file is looked up', async () => {
    const answer = await raw(`/assets/${'a'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
  });
});

describe('the editor console keeps its API key out of URLs', () => {
  it('posts every form, so that a key typed before the script runs never becomes a query string', async () => {
    const html = (await raw('/admin')).body;
    const forms = [...html.matchAll(/<form\b([^>]*)>/g)].map(([, attributes]) => attributes!);
    expect(forms.length).toBeGreaterThan(0);
    for (const attributes of forms) {
      expect(attributes).toMatch(/\bmethod="post"/);
      expect(attributes).toMatch(/\baction="\/admin"/);
    }
    expect(html).toMatch(/<input name="apiKey" type="password" autocomplete="off"/);
  });

  it('has no code that writes the address bar or builds a URL; the key goes only into the bearer header', async () => {
    // The console's bundle: all of its code and the libraries it carries, as the browser runs it.
    const bundle = (await raw('/assets/admin/main.js')).body;
    expect(bundle.length).toBeGreaterThan(0);
    expect(bundle).not.toMatch(/pushState|replaceState|URLSearchParams|location\.(search|hash|href)\s*=/);
    expect(bundle).toContain('sessionStorage');
    // Minified, the header's assignment keeps its name and its template, not its variables'.
    expect(bundle).toMatch(/\.authorization=`Bearer \$\{[\w$.]+\}`/);
  });
});
