import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ImportJobsService } from '../../src/admin/import/import-jobs.service';
import { MAX_IMPORT_CONTENT_BYTES } from '../../src/imports/limits';
import type { RunningService } from '../../src/service';
import {
  axeViolations,
  chromiumOrSkip,
  expectCleanPage,
  launchChromium,
  watchPage,
  type PageWatch,
} from '../support/browser';
import { meetingsNdjson } from '../support/import-jobs';
import { apiKeyHeader, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The console's import panel in headless Chromium: a file with a bad line is checked first (a
 * dry run showing the reject with its line number, code and reason, nothing imported), then
 * imported (the good lines appended, the reject listed again). Only admin keys see the panel; a
 * file over 5 MB is refused before it is read or sent; markup quoted in a reason stays text; the
 * panel fits 390 pixels and has no serious axe-core violation. Every test checks the page asked
 * no other host for anything, threw nothing, opened no dialog and broke no CSP rule.
 */
const chromiumPath = chromiumOrSkip();
const describeInBrowser = chromiumPath ? describe : describe.skip;

let db: TestDatabase;
let service: RunningService;
let browser: Browser;
const keys: Record<'admin' | 'editor' | 'reader', string> = { admin: '', editor: '', reader: '' };

const keyOf = (header: Record<string, string>) => header.authorization!.replace(/^Bearer /, '');
const recorded = async () =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'EventRecorded'`)).rows[0]!.n;
const jobs = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs')).rows[0]!.n;

describeInBrowser('the import panel of the editor console', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp(db);
    for (const role of ['admin', 'editor', 'reader'] as const)
      keys[role] = keyOf(await apiKeyHeader(service, role, `import-${role}`));
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.app.get(ImportJobsService).settled();
    await service?.shutdown();
    await db?.drop();
  });

  let page: Page;
  let watch: PageWatch;
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch = await watchPage(page);
  });
  afterEach(async () => {
    await expectCleanPage(watch, service.url);
    await page.close();
  });

  async function signIn(key: string): Promise<void> {
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    await page.fill('input[name=apiKey]', key);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('body[data-ready="signed-in"]');
  }

  async function chooseFile(name: string, content: string | Buffer): Promise<void> {
    await page.setInputFiles('#import-form input[name=file]', {
      name,
      mimeType: 'application/octet-stream',
      buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    });
  }

  /** The rejects table as [line, code, reason] rows. */
  async function rejectRows(): Promise<string[][]> {
    const rows = page.locator('#import-rejects tbody tr');
    const texts: string[][] = [];
    for (let i = 0; i < (await rows.count()); i += 1) texts.push(await rows.nth(i).locator('td').allTextContents());
    return texts;
  }

  it('checks a file with a bad line first, showing its reject, then imports the good lines', async () => {
    await signIn(keys.admin);
    expect(await page.locator('#import').isVisible()).toBe(true);
    // A bad line (7) that quotes markup in its reason: shown as text, never run.
    const lines = meetingsNdjson(12).split('\n');
    lines[6] = '<img src=x onerror=alert(1)>';
    await chooseFile('meetings.ndjson', lines.join('\n'));
    expect(await page.locator('#import-form select[name=format]').inputValue()).toBe('NDJSON');
    expect(await page.locator('#import-run').isHidden()).toBe(true);

    await page.click('#import-check');
    await page.waitForSelector('#import[data-state="checked"]');
    expect(await page.locator('#import-progress').textContent()).toBe(
      'Checked: 12 lines, 11 events would be imported, 1 lines rejected. Nothing was imported yet.',
    );
    const [reject] = await rejectRows();
    expect(reject![0]).toBe('7');
    expect(reject![1]).toBe('JSON');
    expect(reject![2]).toMatch(/^invalid JSON: /);
    expect(await page.locator('#import-rejects img').count()).toBe(0);
    expect(await recorded()).toBe(0);

    // Only now is the import offered, for the content checked; it has the focus.
    expect(await page.locator('#import-run').textContent()).toBe('Import 11 events');
    expect(await page.evaluate('document.activeElement.id')).toBe('import-run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#import[data-state="imported"]');
    expect(await page.locator('#import-progress').textContent()).toBe(
      'Imported: 11 events from 12 lines, 1 lines rejected.',
    );
    expect((await rejectRows()).map((row) => row[0])).toEqual(['7']);
    expect(await recorded()).toBe(11);
    expect(await page.locator('#import-run').isHidden()).toBe(true);
  });

  it('offers editor and reader keys no import', async () => {
    for (const role of ['editor', 'reader'] as const) {
      await signIn(keys[role]);
      expect(await page.locator('#import').isHidden()).toBe(true);
      await page.click('#sign-out');
      await page.waitForSelector('body[data-ready="signed-out"]');
    }
  });

  it('refuses a file over 5 MB before reading or sending it, and a file not of its format', async () => {
    await signIn(keys.admin);
    const before = await jobs();
    await chooseFile('big.ndjson', Buffer.alloc(MAX_IMPORT_CONTENT_BYTES + 1, 'a'));
    await page.click('#import-check');
    await page.waitForSelector('#import-form .form-errors:has-text("at most 5 MB")');
    expect(await jobs()).toBe(before);

    await chooseFile('page.CSV', '<html><body>not GDELT</body></html>\n');
    expect(await page.locator('#import-form select[name=format]').inputValue()).toBe('GDELT');
    await page.click('#import-check');
    await page.waitForSelector('#import[data-state="failed"]');
    expect(await page.locator('#import-form .form-errors').textContent()).toMatch(/the content is not gdelt/);
    expect(await jobs()).toBe(before);
  });

  it('fits a 390-pixel-wide screen with its rejects listed, and has no serious axe-core violation', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(keys.admin);
    // A reject whose reason quotes a 57-letter word, wider than the screen unless it wraps.
    const lines = meetingsNdjson(3, [], 100).split('\n');
    const bad = JSON.parse(lines[1]!) as { start: { timeZone: string } };
    bad.start.timeZone = 'Z'.repeat(80);
    lines[1] = JSON.stringify(bad);
    await chooseFile('long-word.ndjson', lines.join('\n'));
    await page.click('#import-check');
    await page.waitForSelector('#import[data-state="checked"]');
    const rows = await rejectRows();
    expect(rows.map((row) => row[0])).toEqual(['2']);
    expect(rows[0]![2]).toContain('Z'.repeat(50));
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await axeViolations(page)).toEqual([]);
  });
});
