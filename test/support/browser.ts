import { expect } from '@jest/globals';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';

/**
 * The browser tier drives Debian's chromium-headless-shell (apt-get install -y
 * chromium-headless-shell) through playwright-core: Playwright's own browser downloads cannot
 * reach this network. CHROMIUM_PATH names another binary. In CI a missing browser fails the run
 * (.ci/run installs it); elsewhere the tier says so and skips.
 */
export const BROWSER_BINARY_NAME = 'chromium-headless-shell';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CHROMIUM_PATH
    ? [env.CHROMIUM_PATH]
    : (env.PATH ?? '').split(delimiter).map((dir) => join(dir, BROWSER_BINARY_NAME));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The binary, or undefined outside CI (after saying why the tier skips); throws in CI. */
export function chromiumOrSkip(): string | undefined {
  const binary = findChromium();
  if (binary) return binary;
  const where = process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH (${process.env.CHROMIUM_PATH}) is not an executable file`
    : `${BROWSER_BINARY_NAME} is not on PATH`;
  const message = `${where}: install it with \`apt-get install -y ${BROWSER_BINARY_NAME}\` to run the browser tests`;
  if (process.env.CI) throw new Error(`${message}. In CI the browser tier must run, not skip.`);
  process.stderr.write(`\nSKIPPED the browser tier: ${message}.\n\n`);
  return undefined;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** What a page did that a test checks: requests, script errors, dialogs and CSP refusals. */
export interface PageWatch {
  /** Every URL the page asked for: its HTTP requests and WebSocket connections. */
  requests: string[];
  pageErrors: string[];
  /** Every alert, confirm or prompt the page opened (dismissed at once), as "type: message". */
  dialogs: string[];
  cspViolations(): Promise<string[]>;
  /** The requests to anywhere but this origin (scheme, host and port), e.g. a CDN or a tracker. */
  outsideRequests(origin: string): string[];
}

export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = {
    requests: [],
    pageErrors: [],
    dialogs: [],
    cspViolations: () => page.evaluate<string[]>('window.__csp ?? []'),
    outsideRequests: (origin) => watch.requests.filter((url) => !isOnOrigin(url, origin)),
  };
  page.on('request', (request: Request) => watch.requests.push(request.url()));
  page.on('websocket', (socket) => watch.requests.push(socket.url()));
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // A string: this tier's TypeScript has no DOM types, and the script runs in the page.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (v) => window.__csp.push(v.violatedDirective + ' ' + v.blockedURI));
  `);
  return watch;
}

/**
 * What every browser test expects of its page once it is done: no script error, no CSP refusal,
 * no request to anywhere but the service, no dialog (markup from data never runs).
 */
export async function expectCleanPage(watch: PageWatch, origin: string): Promise<void> {
  expect(watch.pageErrors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
  expect(watch.outsideRequests(origin)).toEqual([]);
  expect(watch.dialogs).toEqual([]);
}

/** Whether a URL is on this origin; ws: and wss: count as the origin's http: and https:. */
export function isOnOrigin(url: string, origin: string): boolean {
  const parsed = new URL(url);
  const scheme = { 'ws:': 'http:', 'wss:': 'https:' }[parsed.protocol] ?? parsed.protocol;
  return `${scheme}//${parsed.host}` === new URL(origin).origin;
}

/** A rule axe-core found broken, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let axeSource: string | undefined;

/**
 * axe-core's serious and critical violations on the page as it is now: every rule axe runs by
 * default (WCAG 2.x A and AA, and its best practices).
 * axe runs through page.evaluate (the DevTools protocol), which the page's CSP does not govern:
 * a script tag would be refused, since the CSP allows no inline script.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(join(process.cwd(), 'package.json')).resolve('axe-core'), 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate<AxeViolation[]>(`
    axe
      .run(document)
      .then((results) =>
        results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
      )
  `);
}
