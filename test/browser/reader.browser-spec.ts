import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { demoIds as ids } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { TimelineUpdatesHub } from '../../src/timelines/subscriptions/timeline-updates.hub';
import { eventually } from '../support/eventually';
import {
  axeViolations,
  chromiumOrSkip,
  expectCleanPage,
  launchChromium,
  watchPage,
  type PageWatch,
} from '../support/browser';
import { apiKeyHeader, graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The reader page (/) in headless Chromium, on the demo story plus a month-precise meeting, a
 * day-precise one in the same month, and a statement whose title is an HTML injection attempt.
 * Every test checks that the page asked no other host for anything, threw nothing, and broke no
 * rule of its Content-Security-Policy.
 */
const chromiumPath = chromiumOrSkip();
const describeInBrowser = chromiumPath ? describe : describe.skip;

const XSS_TITLE = '<img src=x onerror=alert(1)> Khamenei <b>bold</b>';
const XSS_PUBLISHER = '<img src=x onerror=alert(3)>Wire';
let db: TestDatabase;
let service: RunningService;
let browser: Browser;
let editor: Record<string, string>;
let monthEvent: string;
let dayEvent: string;
let xssEvent: string;
let beforeCorrections: string;
let total: number;
/** The log position of the last write: reads pass it as minPosition to see it. */
let head = '0';

async function record(input: Record<string, unknown>): Promise<string> {
  const response = await graphql(
    service,
    `
      mutation ($input: RecordEventInput!) {
        recordEvent(input: $input) {
          eventId
          position
        }
      }
    `,
    { input },
    editor,
  );
  expect(response.errors).toBeUndefined();
  head = response.data!.recordEvent.position as string;
  return response.data!.recordEvent.eventId as string;
}

async function timelineTitles(variables: Record<string, unknown>): Promise<string[]> {
  const response = await graphql(
    service,
    `
      query ($filter: TimelineFilterInput, $minPosition: String) {
        timeline(filter: $filter, minPosition: $minPosition, first: 100) {
          edges {
            node {
              title
            }
          }
        }
      }
    `,
    { minPosition: head, ...variables },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title).sort();
}

describeInBrowser('the reader page in a browser', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp(db);
    editor = await apiKeyHeader(service, 'editor');
    await seedStory(service);
    const { rows } = await db.pool.query<{ at: Date }>(
      `SELECT min(recorded_at) AS at FROM events WHERE type = 'EventRevised'`,
    );
    beforeCorrections = new Date(rows[0]!.at.getTime() - 1).toISOString();
    monthEvent = await record({
      kind: 'MEETING',
      title: 'Russian and Iranian energy officials meet (March 2022)',
      start: { value: '2022-03', precision: 'MONTH', timeZone: 'UTC' },
      participants: [
        { actorId: ids.russia, role: 'PARTICIPANT' },
        { actorId: ids.iran, role: 'PARTICIPANT' },
      ],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
      sources: [{ publisher: 'Example Wire', title: 'Energy talks', url: 'https://news.example.org/energy-talks' }],
    });
    dayEvent = await record({
      kind: 'MEETING',
      title: 'Foreign ministers speak by phone (15 March 2022)',
      start: { value: '2022-03-15', precision: 'DAY', timeZone: 'UTC' },
      participants: [
        { actorId: ids.russia, role: 'PARTICIPANT' },
        { actorId: ids.iran, role: 'PARTICIPANT' },
      ],
      meeting: { format: 'PHONE', type: 'BILATERAL' },
    });
    xssEvent = await record({
      kind: 'STATEMENT',
      title: XSS_TITLE,
      summary: '<script>alert(2)</script>',
      start: { value: '2022-05-02', precision: 'DAY', timeZone: 'UTC' },
      participants: [{ actorId: ids.khamenei, role: 'SPEAKER' }],
      statement: {
        speakerId: ids.khamenei,
        mode: 'PARAPHRASE',
        text: '<iframe src="/graphql"></iframe>',
        language: 'en',
      },
      sources: [{ publisher: XSS_PUBLISHER, title: '<b>Scoop</b>', url: 'https://news.example.org/<b>scoop' }],
    });
    total = (await timelineTitles({})).length;
    expect(total).toBe(12); // the story's nine events and the three above
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
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

  /** Opens the page at this query string and waits until the timeline for it is drawn. */
  async function open(search = ''): Promise<void> {
    await page.goto(`${service.url}/${search}`);
    await page.waitForSelector('body[data-loaded]');
  }

  const drawnTitles = () => page.locator('#timeline .item-title').allTextContents();

  it('shows the demo story’s events on the timeline, and their counts above it', async () => {
    await open();
    expect(await page.locator('#status').textContent()).toBe(`${total} events`);
    const titles = await drawnTitles();
    for (const title of [
      'Putin visits Tehran',
      'Trilateral summit of Russia, Iran and Turkey on Syria',
      'Khamenei urges trade in national currencies',
      'Russia, Iran and Turkey agree to keep consulting on Syria',
    ]) {
      expect(titles).toContain(title);
    }
    // Three months with events (March, May, July 2022): one bar each.
    await page.waitForSelector('#buckets[data-buckets="3"]');
    expect(await page.locator('#buckets').getAttribute('aria-label')).toMatch(/2022-07 9/);
  });

  it('applies a filter given in the URL, shows it in the form, and keeps it across a reload', async () => {
    const search = `?actors=${ids.erdogan}&kinds=MEETING&from=2022&to=2022`;
    const expected = await timelineTitles({
      filter: {
        actors: { allOf: [ids.erdogan] },
        kinds: ['MEETING'],
        dateRange: {
          from: { value: '2022', precision: 'YEAR', timeZone: 'UTC' },
          to: { value: '2022', precision: 'YEAR', timeZone: 'UTC' },
        },
      },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(total);
    for (const reload of [false, true]) {
      if (reload) {
        await page.reload();
        await page.waitForSelector('body[data-loaded]');
      } else {
        await open(search);
      }
      expect((await drawnTitles()).sort()).toEqual(expected);
      expect(new URL(page.url()).search).toBe(search.replace(/,/g, '%2C'));
      expect(await page.locator('input[name=kinds][value=MEETING]').isChecked()).toBe(true);
      expect(await page.locator('input[name=from]').inputValue()).toBe('2022');
      await page.waitForSelector(`#chosen-actors li[data-actor-id="${ids.erdogan}"]:has-text("Erdo")`);
    }
  });

  it('finds an actor by name as the reader types, and puts the choice in the URL', async () => {
    await open();
    await page.fill('input[name=actorSearch]', 'Erdo');
    const option = page.locator('#actor-options option').first();
    await option.waitFor({ state: 'attached' });
    const name = (await option.getAttribute('value'))!;
    await page.fill('input[name=actorSearch]', name);
    await page.waitForSelector(`#chosen-actors li[data-actor-id="${ids.erdogan}"]`);
    await page.click('button[type=submit]');
    await page.waitForFunction(`location.search.includes(${JSON.stringify(ids.erdogan)})`);
    await page.waitForSelector(`body[data-loaded*="${ids.erdogan}"]`);
    const expected = await timelineTitles({ filter: { actors: { allOf: [ids.erdogan] } } });
    expect((await drawnTitles()).sort()).toEqual(expected);
  });

  it('draws a month-precise event across its month, not on its first day', async () => {
    await open('?from=2022-03&to=2022-03');
    const month = page.locator(`.vis-item:has([data-event-id="${monthEvent}"])`);
    const day = page.locator(`.vis-item:has([data-event-id="${dayEvent}"])`);
    expect(await month.getAttribute('class')).toMatch(
      /\bvis-range\b.*\bprecision-month\b|\bprecision-month\b.*\bvis-range\b/,
    );
    const monthBox = (await month.boundingBox())!;
    const dayBox = (await day.boundingBox())!;
    // March has 31 days: the month is drawn about 31 times as wide as a day of it.
    expect(monthBox.width / dayBox.width).toBeGreaterThan(27);
    expect(monthBox.width / dayBox.width).toBeLessThan(35);
    // And the day (the 15th) lies inside the month, in its middle.
    const middle = (dayBox.x - monthBox.x) / monthBox.width;
    expect(middle).toBeGreaterThan(0.4);
    expect(middle).toBeLessThan(0.5);
  });

  it('opens an event with its participants, sources and the history of its corrections', async () => {
    // One day in view: the day's events are drawn wide enough to click.
    await open('?from=2022-07-19&to=2022-07-19');
    await page.click(`#timeline [data-event-id="${ids.visit}"]`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
    expect(new URL(page.url()).searchParams.get('event')).toBe(ids.visit);
    const detail = (await page.locator('#detail').textContent())!;
    expect(detail).toContain('Putin visits Tehran');
    expect(detail).toMatch(/Vladimir Putin.*guest/);
    expect(detail).toContain('Reuters');
    expect(detail).toContain('this trip went to Iran only');
    const diff = page.locator('#detail .history li[data-type="EventRevised"] table.diff');
    expect(await diff.locator('del').first().textContent()).toContain('Saudi Arabia');
    expect(await diff.locator('ins').first().textContent()).not.toContain('Saudi Arabia');

    await open(`?event=${monthEvent}`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${monthEvent}"]`);
    const link = page.locator('#detail .sources a');
    expect(await link.getAttribute('href')).toBe('https://news.example.org/energy-talks');
    expect(await link.getAttribute('rel')).toContain('noopener');
  });

  it('shows a title that holds HTML as text, and runs none of it', async () => {
    await open(`?event=${xssEvent}`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${xssEvent}"]`);
    expect(await page.locator(`#timeline [data-event-id="${xssEvent}"]`).textContent()).toBe(XSS_TITLE);
    expect(await page.locator('#detail h2').textContent()).toBe(XSS_TITLE);
    const detail = await page.locator('#detail').textContent();
    expect(detail).toContain('<iframe src="/graphql"></iframe>');
    expect(detail).toContain('<script>alert(2)</script>');
    expect(await page.locator('#detail .sources').textContent()).toContain(XSS_PUBLISHER);
    expect(
      await page.locator('#timeline img, #timeline b, #detail img, #detail b, #detail iframe, #detail script').count(),
    ).toBe(0);
    // No alert opened (afterEach checks every test; this one asserts it where it matters).
    expect(watch.dialogs).toEqual([]);
    // Had the tag been parsed, the browser would have fetched /x (img-src allows this origin).
    expect(watch.requests).not.toContain(`${service.url}/x`);
  });

  it('shows the timeline as known before the corrections: the original slip', async () => {
    await open(`?asOf=${encodeURIComponent(beforeCorrections)}&event=${ids.visit}`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
    expect(await page.locator('#status').textContent()).toContain(`as known on ${beforeCorrections}`);
    expect(await page.locator('#detail .summary').textContent()).toContain('Iran and Saudi Arabia');
    // Events recorded after that moment are not on it.
    expect(await drawnTitles()).not.toContain('Russian and Iranian energy officials meet (March 2022)');
    const shown = await page.locator('input[name=asOf]').inputValue();
    expect(new Date(`${shown}Z`).toISOString()).toBe(beforeCorrections);

    await open(`?event=${ids.visit}`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
    expect(await page.locator('#detail .summary').textContent()).not.toContain('Saudi Arabia');
  });

  it('compares two record times: the correction with its diff, and the events added since', async () => {
    await open();
    // Set through the form: as known before the corrections, compared with now (left empty).
    await page.fill('input[name=asOf]', beforeCorrections.slice(0, 23));
    await page.check('input[name=compareOn]');
    await page.click('button[type=submit]');
    await page.waitForSelector('#changes[data-ready="true"]');
    const url = new URL(page.url());
    expect(url.searchParams.get('asOf')).toBe(beforeCorrections);
    expect(url.searchParams.get('compare')).toBe('now');

    const visit = page.locator(`#changes li[data-event-id="${ids.visit}"]`);
    expect(await visit.getAttribute('data-kind')).toBe('REVISED');
    expect(await visit.locator('.change-kind').textContent()).toBe('Revised');
    const summary = visit.locator('table.diff tr:has(th:text-is("summary"))');
    expect(await summary.locator('del').textContent()).toContain('Saudi Arabia');
    expect(await summary.locator('ins').textContent()).not.toContain('Saudi Arabia');
    for (const added of [monthEvent, dayEvent, xssEvent])
      expect(await page.locator(`#changes li[data-event-id="${added}"]`).getAttribute('data-kind')).toBe('ADDED');
    // A title with HTML in it is text here too.
    expect(await page.locator(`#changes li[data-event-id="${xssEvent}"] button`).textContent()).toBe(XSS_TITLE);
    expect(await page.locator('#changes img, #changes b').count()).toBe(0);

    // The URL holds both moments: a reload (or a shared link) opens the same comparison.
    await page.reload();
    await page.waitForSelector('#changes[data-ready="true"]');
    expect(await page.locator('input[name=compareOn]').isChecked()).toBe(true);
    expect(await page.locator(`#changes li[data-event-id="${ids.visit}"]`).getAttribute('data-kind')).toBe('REVISED');

    // Compared with the moment before the corrections itself: nothing changed.
    await open(`?asOf=${encodeURIComponent(beforeCorrections)}&compare=${encodeURIComponent(beforeCorrections)}`);
    await page.waitForSelector('#changes [role=alert]');
    expect(await page.locator('#changes').textContent()).toContain('same moment');

    // A change opens its event; at 390 pixels wide the list fits without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 800 });
    await open(`?asOf=${encodeURIComponent(beforeCorrections)}&compare=now`);
    await page.waitForSelector('#changes[data-ready="true"]');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.click(`#changes li[data-event-id="${ids.visit}"] button.open-event`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
  });

  it('puts a moment typed in "as known on" in the URL in full, though the control trims it', async () => {
    await open();
    // The control reads a whole minute as "2022-07-20T00:00"; the URL still names it one way.
    await page.fill('input[name=asOf]', '2022-07-20T00:00:00.000');
    await page.click('button[type=submit]');
    await page.waitForSelector(`body[data-loaded*="${encodeURIComponent('2022-07-20T00:00:00.000Z')}"]`);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2022-07-20T00:00:00.000Z');
  });

  it('adds an event recorded elsewhere without a reload (timelineUpdated)', async () => {
    const hub = service.app.get(TimelineUpdatesHub);
    // Earlier tests' pages are closed: once their sockets are gone, the next subscriber is this page.
    await eventually('earlier pages to unsubscribe', () => hub.subscriberCount === 0);
    await open();
    await eventually('the page to subscribe', () => hub.subscriberCount === 1);
    const title = 'Raisi and Putin speak by phone (live)';
    const eventId = await record({
      kind: 'MEETING',
      title,
      start: { value: '2022-08-05', precision: 'DAY', timeZone: 'UTC' },
      participants: [
        { actorId: ids.raisi, role: 'PARTICIPANT' },
        { actorId: ids.putin, role: 'PARTICIPANT' },
      ],
      meeting: { format: 'PHONE', type: 'BILATERAL' },
    });
    await page.waitForSelector(`#timeline [data-event-id="${eventId}"]`);
    expect(await page.locator(`#timeline [data-event-id="${eventId}"]`).textContent()).toBe(title);
  });

  it('has no serious or critical accessibility violations (axe-core): timeline, detail, comparison', async () => {
    await open(`?event=${ids.visit}`);
    await page.waitForSelector(`#detail[data-ready="true"][data-event-id="${ids.visit}"]`);
    expect(await axeViolations(page)).toEqual([]);
    await open(`?asOf=${encodeURIComponent(beforeCorrections)}&compare=now`);
    await page.waitForSelector('#changes[data-ready="true"]');
    expect(await axeViolations(page)).toEqual([]);
    // And on a phone, 390 pixels wide.
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await axeViolations(page)).toEqual([]);
    // The check can fail: a field without a label is a critical violation.
    await page.evaluate(`document.getElementById('filters').append(document.createElement('input'))`);
    expect((await axeViolations(page)).map((violation) => violation.id)).toContain('label');
  });
});
