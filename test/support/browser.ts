import { accessSync, constants } from 'node:fs';
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

/** What a page did that a test checks: requests, script errors and CSP refusals. */
export interface PageWatch {
  requests: string[];
  pageErrors: string[];
  cspViolations(): Promise<string[]>;
}

export async function watchPage(page: Page): Promise<PageWatch> {
  const watch = {
    requests: [] as string[],
    pageErrors: [] as string[],
    cspViolations: () => page.evaluate<string[]>('window.__csp ?? []'),
  };
  page.on('request', (request: Request) => watch.requests.push(request.url()));
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  // A string: this tier's TypeScript has no DOM types, and the script runs in the page.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (v) => window.__csp.push(v.violatedDirective + ' ' + v.blockedURI));
  `);
  return watch;
}
