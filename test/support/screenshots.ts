import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * The README's screenshots are taken by the browser tests themselves (test/browser/
 * page-layouts.browser-spec.ts): into docs/screenshots/ when asked (`npm run screenshots`, which
 * sets UPDATE_SCREENSHOTS=1), else into a temporary folder, so that every run still reaches the
 * views they show and a screenshot cannot silently go stale against a page that changed.
 */
export const SCREENSHOTS_FOLDER = 'docs/screenshots';

export function screenshotFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.UPDATE_SCREENSHOTS === '1') {
    const folder = join(process.cwd(), SCREENSHOTS_FOLDER);
    mkdirSync(folder, { recursive: true });
    return folder;
  }
  return mkdtempSync(join(tmpdir(), 'screenshots-'));
}

/** Removes a temporary folder of screenshots; the committed folder is kept. */
export function discardScreenshots(folder: string | undefined): void {
  if (folder?.startsWith(tmpdir())) rmSync(folder, { recursive: true, force: true });
}

export interface Screenshot {
  path: string;
  width: number;
  height: number;
  bytes: number;
}

/** The viewport as a PNG named `name`.png in the folder; its size read back from the file's header. */
export async function screenshot(page: Page, folder: string, name: string): Promise<Screenshot> {
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, type: 'png', animations: 'disabled', caret: 'hide' });
  const png = readFileSync(path);
  // The IHDR chunk follows the 8-byte signature and its own 8-byte header: width, then height.
  return { path, width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}
