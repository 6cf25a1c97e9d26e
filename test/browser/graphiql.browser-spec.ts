import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningService } from '../../src/service';
import { GRAPHIQL_CONTENT_SECURITY_POLICY } from '../../src/web-console/graphiql';
import { eventually } from '../support/eventually';
import { chromiumOrSkip, expectCleanPage, launchChromium, watchPage, type PageWatch } from '../support/browser';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The GraphQL IDE at /graphql in headless Chromium, as on a machine without internet access:
 * every request for another host is aborted. The IDE must load from the service alone, run a
 * query and show its answer, with the editor console's key in its headers when signed in.
 */
const chromiumPath = chromiumOrSkip();
const describeInBrowser = chromiumPath ? describe : describe.skip;

let db: TestDatabase;
let service: RunningService;
let browser: Browser;
let editorKey: string;
let firstTitle: string;

const TIMELINE_QUERY = '{ timeline(first: 3) { edges { node { title } } } }';

describeInBrowser('the GraphQL IDE in a browser, offline', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp(db, { graphqlPlayground: true });
    editorKey = (await apiKeyHeader(service, 'editor', 'ide-editor')).authorization.replace(/^Bearer /, '');
    await seedStory(service);
    // The projector fills the read model on its own time: wait until the query has an answer to show.
    firstTitle = await eventually('the seeded story on the timeline', async () => {
      const answer = await graphql(service, TIMELINE_QUERY);
      expect(answer.errors).toBeUndefined();
      const edges = answer.data!.timeline.edges as Array<{ node: { title: string } }>;
      return edges[0]?.node.title;
    });
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.shutdown();
    await db?.drop();
  });

  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  /** Requests for another host, each aborted as a machine without internet access would fail them. */
  let outside: string[];
  let consoleLines: string[];
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    outside = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${service.url}/`)) {
        await route.continue();
      } else {
        outside.push(url);
        await route.abort('internetdisconnected');
      }
    });
    page = await context.newPage();
    watch = await watchPage(page);
    consoleLines = [];
    page.on('console', (message) => consoleLines.push(message.text()));
  });
  afterEach(async () => {
    expect(outside).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith(`${service.url}/`))).toEqual([]);
    await expectCleanPage(watch, service.url);
    expect(watch.requests.filter((url) => url.includes(editorKey))).toEqual([]);
    expect(consoleLines.filter((line) => line.includes(editorKey))).toEqual([]);
    await context.close();
  });

  /** Opens /graphql as a browser does and waits until GraphiQL's editors are drawn. */
  async function openIde(): Promise<void> {
    const response = await page.goto(`${service.url}/graphql`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toBe(GRAPHIQL_CONTENT_SECURITY_POLICY);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
  }

  /**
   * Replaces the query editor's text, runs it with the execute button, and returns the response
   * pane's text. Queries here are anonymous, like the page's default: GraphiQL picks up an
   * operation's name from the editor a moment after a change, so a named one could run by its old name.
   */
  async function run(query: string): Promise<string> {
    // A string: this tier's TypeScript has no DOM types. CodeMirror 5 keeps its editor on the element.
    await page.evaluate(
      `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(query)})`,
    );
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    return eventually('the answer in the response pane', async () => {
      const text = await response.innerText();
      return /"(data|errors)"/.test(text) && text;
    });
  }

  it('loads from the service alone and shows a query’s answer', async () => {
    await openIde();
    const answer = await run(TIMELINE_QUERY);
    expect(answer).toContain(firstTitle);
    expect(answer).not.toContain('errors');
    // Its scripts came from this server's /vendor/, not a CDN.
    expect(watch.requests).toContain(`${service.url}/vendor/graphiql.js`);
    expect(watch.requests).toContain(`${service.url}/vendor/react-dom.js`);
  });

  it('reads the schema for its docs through the service’s introspection limits', async () => {
    await openIde();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('section.graphiql-doc-explorer');
    await docs.locator('.graphiql-doc-explorer-root-type', { hasText: 'query' }).waitFor();
    await docs.getByRole('link', { name: 'Query', exact: true }).first().click();
    await docs.getByText('timeline', { exact: true }).first().waitFor();
    expect(await docs.locator('.graphiql-doc-explorer-error').count()).toBe(0);
  });

  it('prefills the Authorization header with the editor console’s key, and the query runs as that key', async () => {
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    await page.fill('input[name=apiKey]', editorKey);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('body[data-ready="signed-in"]');

    await openIde();
    const headers = await page.evaluate<string>(
      `document.querySelector('section[aria-label=Headers] .graphiql-editor:not(.hidden) .CodeMirror').CodeMirror.getValue()`,
    );
    expect(JSON.parse(headers)).toEqual({ Authorization: `Bearer ${editorKey}` });
    const answer = await run('{ viewer { name role } }');
    expect(answer).toContain('ide-editor');
    expect(answer).toMatch(/"role": "editor"/);
    // GraphiQL keeps tabs and history in localStorage: the key must not go there.
    expect(await page.evaluate<string>('JSON.stringify(localStorage)')).not.toContain(editorKey);
    // Its history (headers included) is in the tab's sessionStorage: signing out of the console forgets it.
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).toContain(editorKey);
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-in"]');
    await page.click('#sign-out');
    await page.waitForSelector('body[data-ready="signed-out"]');
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(editorKey);
  });

  it('without a signed-in console, asks for no key and answers a key-only query as GraphQL does', async () => {
    await openIde();
    const answer = await run('{ viewer { name } }');
    expect(answer).toContain('UNAUTHENTICATED');
  });
});
