import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { demoIds as ids } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { chromiumOrSkip, expectCleanPage, launchChromium, watchPage, type PageWatch } from '../support/browser';
import { discardScreenshots, screenshot, screenshotFolder } from '../support/screenshots';
import { apiKeyHeader, graphql, seedStory, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The reader (/) and the console (/admin) at 1280 × 800 and at 390 × 844 (a phone), as issue 14
 * asks: in the views a reader and an editor use most, the document does not scroll sideways and
 * the main controls lie whole inside the window's width. At 1280 the same visits take the README's
 * screenshots (test/support/screenshots.ts: into docs/screenshots/ under `npm run screenshots`).
 */
const chromiumPath = chromiumOrSkip();
const describeInBrowser = chromiumPath ? describe : describe.skip;

const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let db: TestDatabase;
let service: RunningService;
let browser: Browser;
let adminKey: string;
let beforeCorrections: string;
let folder: string;
/** An event whose source has no title: the reader shows its address, one long word, as the link. */
let longLinkEvent: string;
const LONG_URL = `https://news.example.org/2022/07/20/${'envoys-meet-in-geneva-to-discuss-the-nuclear-talks-'.repeat(3)}full-text`;
/** A title of one long word, as a pasted address or a slug makes one. */
const LONG_TITLE = 'PutinVisitsTehran'.repeat(9);

describeInBrowser('the pages at 1280 and 390 pixels wide, and the README screenshots', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp(db);
    adminKey = (await apiKeyHeader(service, 'admin', 'ann')).authorization!.replace(/^Bearer /, '');
    await seedStory(service);
    const { rows } = await db.pool.query<{ at: Date }>(
      `SELECT min(recorded_at) AS at FROM events WHERE type = 'EventRevised'`,
    );
    beforeCorrections = new Date(rows[0]!.at.getTime() - 1).toISOString();
    const recorded = await graphql(
      service,
      'mutation ($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }',
      {
        input: {
          kind: 'MEETING',
          title: 'Russian and Iranian envoys meet in Geneva',
          start: { value: '2022-07-20', precision: 'DAY', timeZone: 'Europe/Zurich' },
          participants: [
            { actorId: ids.russia, role: 'PARTICIPANT' },
            { actorId: ids.iran, role: 'PARTICIPANT' },
          ],
          meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
          sources: [{ publisher: 'Example Wire', url: LONG_URL }],
        },
      },
      await apiKeyHeader(service, 'editor'),
    );
    expect(recorded.errors).toBeUndefined();
    longLinkEvent = recorded.data!.recordEvent.eventId;
    folder = screenshotFolder();
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    discardScreenshots(folder);
    await service?.shutdown();
    await db?.drop();
  });

  let page: Page;
  let watch: PageWatch;
  beforeEach(async () => {
    page = await browser.newPage({ viewport: WIDE });
    watch = await watchPage(page);
  });
  afterEach(async () => {
    await expectCleanPage(watch, service.url);
    await page.close();
  });

  /** No sideways scrolling, and each control shown whole within the window's width. */
  async function expectFits(controls: string[]): Promise<void> {
    const { width } = page.viewportSize()!;
    const [scrollWidth, clientWidth] = await page.evaluate<number[]>(
      '[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (const control of controls) {
      const box = await page.locator(control).first().boundingBox();
      const inside = box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.x + box.width <= width;
      expect({ control, inside }).toEqual({ control, inside: true });
    }
  }

  /** At 1280 only: the window as the README shows it, a 1280 × 800 PNG of reasonable size. */
  async function shoot(name: string, scrollTo?: string): Promise<void> {
    if (page.viewportSize()!.width !== WIDE.width) return;
    if (scrollTo) {
      await page.evaluate(`document.querySelector(${JSON.stringify(scrollTo)}).scrollIntoView({ block: 'start' })`);
      await page.waitForFunction('window.scrollY > 0');
    }
    // No focus ring or caret on whichever control was used last.
    await page.evaluate('document.activeElement?.blur()');
    const taken = await screenshot(page, folder, name);
    expect({ name, width: taken.width, height: taken.height }).toEqual({ name, ...WIDE });
    // A blank or broken page compresses to a few kilobytes; a README image stays well under 400.
    expect(taken.bytes).toBeGreaterThan(20_000);
    expect(taken.bytes).toBeLessThan(400_000);
  }

  async function openReader(search: string): Promise<void> {
    await page.goto(`${service.url}/${search}`);
    await page.waitForSelector('body[data-loaded]');
  }

  async function signIn(): Promise<void> {
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    await page.fill('input[name=apiKey]', adminKey);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('body[data-ready="signed-in"]');
  }

  async function pickActor(search: string, actorId: string): Promise<void> {
    await page.fill('#record input[name=actorSearch]', search);
    const option = page.locator(`#actor-options option[data-actor-id="${actorId}"]`);
    await option.waitFor({ state: 'attached' });
    await page.fill('#record input[name=actorSearch]', (await option.getAttribute('value'))!);
    await page.waitForSelector(`#participants li[data-actor-id="${actorId}"]`);
  }

  describe.each([WIDE, PHONE])('at $width × $height', (viewport) => {
    beforeEach(async () => {
      await page.setViewportSize(viewport);
    });

    it('the reader: the timeline with its chart, a filter applied and an event open, and compare mode', async () => {
      await openReader('');
      await page.waitForSelector('#buckets[data-buckets]');
      await expectFits([
        '#filters input[name=text]',
        '#filters button[type=submit]',
        '#buckets',
        '#timeline',
        '#zoom-in',
      ]);
      await shoot('reader-timeline');

      await openReader(`?kinds=MEETING&from=2022-07&to=2022-07&event=${ids.visit}`);
      await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
      expect(await page.locator('input[name=kinds][value=MEETING]').isChecked()).toBe(true);
      await expectFits([
        '#filters button[type=submit]',
        '#timeline',
        `#timeline [data-event-id="${ids.visit}"]`,
        '#detail h2',
        '#detail .history',
      ]);
      await shoot('reader-event', '#detail');
      await openReader(`?kinds=MEETING&event=${longLinkEvent}`);
      await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${longLinkEvent}"]`);
      await expectFits(['#filters button[type=submit]', '#detail h2', `#detail .sources a[href="${LONG_URL}"]`]);

      await openReader(`?asOf=${encodeURIComponent(beforeCorrections)}&compare=now`);
      await page.waitForSelector('#changes[data-ready="true"]');
      await expectFits([
        '#filters input[name=compareOn]',
        '#filters button[type=submit]',
        `#changes li[data-event-id="${ids.visit}"] .open-event`,
        `#changes li[data-event-id="${ids.visit}"] table.diff`,
      ]);
      await shoot('reader-compare', '#changes');
    });

    it('the console: the record form being filled in, and an event being revised', async () => {
      await signIn();
      await page.selectOption('#record select[name=kind]', 'MEETING');
      await page.fill('#record input[name=title]', 'Raisi receives Putin in Tehran');
      await page.fill('#record input[name="start.value"]', '2022-07-19');
      await page.fill('#record input[name="location.placeName"]', 'Tehran');
      await page.fill('#record input[name="location.country"]', 'IRN');
      await page.waitForSelector('#zone-default:has-text("Asia/Tehran")');
      await pickActor('Raisi', ids.raisi);
      await pickActor('Putin', ids.putin);
      await expectFits([
        '#sign-out',
        '#record input[name=title]',
        '#record input[name="start.timeZone"]',
        '#record input[name=actorSearch]',
        `#participants li[data-actor-id="${ids.putin}"] select`,
        '#record button[type=submit]',
      ]);
      await shoot('console-record', '#record');

      await page.fill('#load-event input[name=eventId]', ids.visit);
      await page.click('#load-event button[type=submit]');
      await page.waitForSelector(`#correct[data-event-id="${ids.visit}"]`);
      await page.fill('#revise input[name=title]', 'Putin visits Tehran for a summit on Syria');
      await page.waitForSelector('#revise-changes li[data-field="title"]');
      await page.fill('#revise textarea[name=reason]', 'the visit was for the Astana-format summit');
      await expectFits([
        '#load-event input[name=eventId]',
        '#revise input[name=title]',
        '#revise-changes li[data-field="title"]',
        '#revise textarea[name=reason]',
        '#revise button[type=submit]',
      ]);
      await shoot('console-revision', '#revise-version');
      await page.fill('#revise input[name=title]', LONG_TITLE);
      await page.waitForSelector(`#revise-changes li[data-field="title"]:has-text("${LONG_TITLE}")`);
      await expectFits(['#revise-changes li[data-field="title"]', '#revise button[type=submit]']);
    });
  });
});
