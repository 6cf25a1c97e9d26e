import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, Page, Request } from 'playwright-core';
import { demoIds as ids } from '../../src/admin/seed/tehran-2022.story';
import type { RunningService } from '../../src/service';
import { eventually } from '../support/eventually';
import {
  axeViolations,
  chromiumOrSkip,
  expectCleanPage,
  launchChromium,
  watchPage,
  type PageWatch,
} from '../support/browser';
import { apiKeyHeader, graphql, mutation, seedStory, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The editor console (/admin) in headless Chromium, on the demo story: sign in with a key kept
 * for the tab only, record an event through the form, see a bad one's problems at their fields,
 * record once on a double submit, revise through a CONFLICT, retract and restore. Every test
 * checks that the page asked no other host for anything, threw nothing, broke no rule of its
 * Content-Security-Policy, and that the key was in no URL and no console line.
 */
const chromiumPath = chromiumOrSkip();
const describeInBrowser = chromiumPath ? describe : describe.skip;

let db: TestDatabase;
let service: RunningService;
let browser: Browser;
let admin: Record<string, string>;
let adminKey: string;
let readerKey: string;

const keyOf = (header: Record<string, string>) => header.authorization!.replace(/^Bearer /, '');

async function logEntries(type: string, title?: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE type = $1 AND ($2::text IS NULL OR data->>'title' = $2)`,
    [type, title ?? null],
  );
  return rows[0]!.n;
}

/** The log's last position: a read passed it as minPosition sees everything written so far. */
async function logHead(): Promise<string> {
  const { rows } = await db.pool.query<{ head: string }>(`SELECT max(global_position)::text AS head FROM events`);
  return rows[0]!.head;
}

/** The event as the read model knows it once it has caught up with everything the log holds now. */
async function eventNow(eventId: string) {
  const response = await graphql(
    service,
    `
      query ($id: ID!, $minPosition: String) {
        event(id: $id, includeRetracted: true, minPosition: $minPosition) {
          version
          title
          summary
          status
          topics
          mergedIntoId
          start {
            value
            precision
            timeZone
          }
          participants {
            actorId
            role
          }
          sources {
            publisher
            url
          }
          statement {
            speakerId
            text
            mode
          }
          meeting {
            format
            type
          }
        }
      }
    `,
    { id: eventId, minPosition: await logHead() },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.event;
}

describeInBrowser('the editor console in a browser', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startTestApp(db);
    admin = await apiKeyHeader(service, 'admin', 'console-admin');
    adminKey = keyOf(admin);
    readerKey = keyOf(await apiKeyHeader(service, 'reader', 'console-reader'));
    await seedStory(service);
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.shutdown();
    await db?.drop();
  });

  let page: Page;
  let watch: PageWatch;
  let consoleLines: string[];
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch = await watchPage(page);
    consoleLines = [];
    page.on('console', (message) => consoleLines.push(message.text()));
  });
  afterEach(async () => {
    await expectCleanPage(watch, service.url);
    for (const key of [adminKey, readerKey]) {
      expect(watch.requests.filter((url) => url.includes(key))).toEqual([]);
      expect(page.url()).not.toContain(key);
      expect(consoleLines.filter((line) => line.includes(key))).toEqual([]);
    }
    await page.close();
  });

  async function signIn(key: string): Promise<void> {
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    await page.fill('input[name=apiKey]', key);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('body[data-ready="signed-in"]');
  }

  /** Picks an actor through the search box, as an editor does: type, then choose the suggestion. */
  async function pickActor(search: string, actorId: string): Promise<void> {
    await page.fill('#record input[name=actorSearch]', search);
    const option = page.locator(`#actor-options option[data-actor-id="${actorId}"]`);
    await option.waitFor({ state: 'attached' });
    await page.fill('#record input[name=actorSearch]', (await option.getAttribute('value'))!);
    await page.waitForSelector(`#participants li[data-actor-id="${actorId}"]`);
  }

  async function fillMeeting(title: string): Promise<void> {
    await page.selectOption('#record select[name=kind]', 'MEETING');
    await page.fill('#record input[name=title]', title);
    await page.fill('#record input[name="start.value"]', '2022-08-05');
    await page.selectOption('#record select[name="start.precision"]', 'DAY');
    await page.fill('#record input[name="start.timeZone"]', 'Asia/Tehran');
    await pickActor('Raisi', ids.raisi);
    await pickActor('Putin', ids.putin);
    await page.selectOption('#record select[name="meeting.format"]', 'PHONE');
    await page.selectOption('#record select[name="meeting.type"]', 'BILATERAL');
  }

  it('signs in with a key kept for the tab only, says who it is, and signs out', async () => {
    await signIn(adminKey);
    expect(await page.locator('#status').textContent()).toBe('Signed in as console-admin (admin).');
    expect(await page.locator('input[name=apiKey]').inputValue()).toBe('');
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([adminKey]);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.locator('body').textContent()).not.toContain(adminKey);
    // A reload keeps the tab signed in.
    await page.reload();
    await page.waitForSelector('body[data-ready="signed-in"]');
    await page.click('#sign-out');
    await page.waitForSelector('body[data-ready="signed-out"]');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.locator('#record').isHidden()).toBe(true);
  });

  it('fits a 390-pixel-wide screen without sideways scrolling, every section open', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(adminKey);
    await pickActor('Putin', ids.putin);
    await page.click('#new-actor summary');
    for (const kind of ['MEETING', 'STATEMENT', 'AGREEMENT']) {
      await page.selectOption('#record select[name=kind]', kind);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    }
    await page.fill('#load-event input[name=eventId]', ids.visit);
    await page.click('#load-event button[type=submit]');
    await page.waitForSelector(`#correct[data-event-id="${ids.visit}"]`);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it("defaults a date's zone to the place's, and keeps a zone chosen by hand", async () => {
    await signIn(adminKey);
    const zone = (name: string) => page.locator(`#record input[name="${name}"]`);
    expect(await zone('start.timeZone').inputValue()).toBe('UTC');
    // A country with one zone: that zone, for the start and the end.
    await page.fill('#record input[name="location.country"]', 'IRN');
    await page.waitForSelector('#zone-default:has-text("Asia/Tehran")');
    expect(await zone('start.timeZone').inputValue()).toBe('Asia/Tehran');
    expect(await zone('end.timeZone').inputValue()).toBe('Asia/Tehran');
    // A country with several: its capital's; a place the zone library knows: its own.
    await page.fill('#record input[name="location.country"]', 'RUS');
    await page.waitForSelector('#zone-default:has-text("Europe/Moscow")');
    expect(await zone('start.timeZone').inputValue()).toBe('Europe/Moscow');
    await page.fill('#record input[name="location.placeName"]', 'Vladivostok');
    await page.waitForSelector('#zone-default:has-text("Asia/Vladivostok")');
    expect(await zone('start.timeZone').inputValue()).toBe('Asia/Vladivostok');
    // A zone typed by hand stays when the place changes; the hint says what the default would be.
    await zone('start.timeZone').fill('Asia/Tokyo');
    await page.fill('#record input[name="location.placeName"]', '');
    await page.fill('#record input[name="location.country"]', 'USA');
    await page.waitForSelector('#zone-default:has-text("America/New_York")');
    expect(await zone('start.timeZone').inputValue()).toBe('Asia/Tokyo');
    expect(await zone('end.timeZone').inputValue()).toBe('America/New_York');
    expect(await page.locator('#zone-default').textContent()).toBe(
      'The place’s zone: America/New_York (its country’s capital’s zone). Your choice (Asia/Tokyo) is kept.',
    );
    // The event is recorded with the zones as the form shows them.
    await page.fill('#record input[name=title]', 'Raisi and Putin meet in the United States (zones)');
    await page.fill('#record input[name="start.value"]', '2022-08-05');
    await pickActor('Raisi', ids.raisi);
    await pickActor('Putin', ids.putin);
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record[data-recorded]');
    const event = await eventNow((await page.locator('#record').getAttribute('data-recorded'))!);
    expect(event.start).toEqual({ value: '2022-08-05', precision: 'DAY', timeZone: 'Asia/Tokyo' });
  });

  it('offers a reader key nothing to write, and refuses an unknown key', async () => {
    await signIn(readerKey);
    expect(await page.locator('#status').textContent()).toBe('Signed in as console-reader (reader).');
    expect(await page.locator('#read-only').isVisible()).toBe(true);
    expect(await page.locator('#record').isHidden()).toBe(true);
    expect(await page.locator('#correct').isHidden()).toBe(true);
    await page.click('#sign-out');
    await page.waitForSelector('body[data-ready="signed-out"]');
    await page.fill('input[name=apiKey]', 'dtl_unknownunknownunknownunknownunknownunknow');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#status:has-text("refused")');
    expect(await page.locator('#sign-in .form-errors').textContent()).toContain('unknown or revoked');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('records a statement through the form: speaker, text, mode, a source, topics, an actor registered inline', async () => {
    await signIn(adminKey);
    const title = 'Raisi calls for trade in national currencies (console)';
    await page.selectOption('#record select[name=kind]', 'STATEMENT');
    expect(await page.locator('#record fieldset[data-kind="MEETING"]').isHidden()).toBe(true);
    await page.fill('#record input[name=title]', title);
    await page.fill('#record input[name="start.value"]', '2022-07');
    await page.selectOption('#record select[name="start.precision"]', 'MONTH');
    await page.fill('#record input[name="start.timeZone"]', 'Asia/Tehran');
    await page.fill('#record input[name=topics]', 'National currencies, trade');
    await pickActor('Raisi', ids.raisi);
    await page.click('#new-actor summary');
    await page.fill('#record input[name="newActor.name"]', 'Central Bank of Iran');
    await page.selectOption('#record select[name="newActor.kind"]', 'ORGANIZATION');
    await page.fill('#record input[name="newActor.country"]', 'IRN');
    await page.click('#register-actor');
    await page.waitForSelector('#participants li:has-text("Central Bank of Iran")');
    await page.selectOption('#participants li:has-text("Central Bank of Iran") select', 'ADDRESSEE');
    await page.selectOption('#participants li:has-text("Raisi") select', 'SPEAKER');
    await page.selectOption('#record select[name="statement.speakerId"]', ids.raisi);
    await page.selectOption('#record select[name="statement.mode"]', 'PARAPHRASE');
    await page.fill('#record textarea[name="statement.text"]', 'Trade should be settled in national currencies.');
    await page.fill('#record input[name="sources.0.publisher"]', 'IRNA');
    await page.fill('#record input[name="sources.0.url"]', 'https://en.irna.ir/news/1');
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record[data-recorded]');
    const eventId = (await page.locator('#record').getAttribute('data-recorded'))!;
    // The new event is loaded for correction at once.
    await page.waitForSelector(`#correct[data-event-id="${eventId}"][data-version="1"]`);

    const event = await eventNow(eventId);
    expect(event.title).toBe(title);
    expect(event.start).toEqual({ value: '2022-07', precision: 'MONTH', timeZone: 'Asia/Tehran' });
    expect(event.topics).toEqual(['national-currencies', 'trade']);
    expect(event.statement).toMatchObject({ speakerId: ids.raisi, mode: 'PARAPHRASE' });
    expect(event.participants).toContainEqual({ actorId: ids.raisi, role: 'SPEAKER' });
    expect(event.participants).toHaveLength(2);
    expect(event.sources).toEqual([{ publisher: 'IRNA', url: 'https://en.irna.ir/news/1' }]);
  });

  it('shows every problem of a bad event next to its field, all at once, and records nothing', async () => {
    await signIn(adminKey);
    const recorded = await logEntries('EventRecorded');
    await page.selectOption('#record select[name=kind]', 'MEETING');
    await page.fill('#record input[name=title]', '   ');
    await page.fill('#record input[name="start.value"]', '2022-13-45');
    await page.fill('#record input[name="start.timeZone"]', 'Tehran');
    await pickActor('Putin', ids.putin);
    await page.fill('#record input[name="sources.0.url"]', 'javascript:alert(1)');
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record .field-error');
    const problemAt = (field: string) => page.locator(`#record .field-error[data-error-for="${field}"]`).textContent();
    expect(await problemAt('title')).toContain('title must not be empty');
    expect(await problemAt('start.value')).toContain('month 13 does not exist');
    expect(await problemAt('start.timeZone')).toContain('unknown time zone "Tehran"');
    expect(await problemAt('sources.0.url')).toMatch(/url/);
    expect(await page.locator('#record input[name=title]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#record #recorded').textContent()).toBe('Not recorded.');
    expect(await logEntries('EventRecorded')).toBe(recorded);
  });

  it('records once when the form is sent twice at once (one idempotency key per submission)', async () => {
    await signIn(adminKey);
    const title = 'Raisi and Putin speak by phone (double submit)';
    await fillMeeting(title);
    const sends: string[] = [];
    let answered = 0;
    const isRecord = (request: Request) =>
      request.url().endsWith('/graphql') && Boolean(request.postData()?.includes('RecordEvent'));
    page.on('request', (request) => {
      if (isRecord(request)) sends.push(JSON.parse(request.postData()!).variables.input.idempotencyKey);
    });
    page.on('requestfinished', (request) => {
      if (isRecord(request)) answered += 1;
    });
    // Two submits in one task (requestSubmit passes by the disabled button, as a double click on
    // a slow page can): two requests in flight at once, with one key.
    await page.evaluate(`{
      const form = document.getElementById('record');
      form.requestSubmit();
      form.requestSubmit();
    }`);
    await eventually('both submissions to be answered', () => answered === 2);
    await page.waitForSelector('#record[data-recorded]');
    expect(sends).toHaveLength(2);
    expect(sends[0]).toBe(sends[1]);
    expect(await logEntries('EventRecorded', title)).toBe(1);
    // The same form sent again later is still the same submission; a changed one is a new one.
    await page.click('#record button[type=submit]');
    await eventually('the third submission to be answered', () => answered === 3);
    expect(sends[2]).toBe(sends[0]);
    expect(await logEntries('EventRecorded', title)).toBe(1);
    await page.fill('#record input[name=title]', `${title}, again`);
    await page.click('#record button[type=submit]');
    await page.waitForSelector(`#recorded:has-text("again")`);
    expect(await logEntries('EventRecorded', `${title}, again`)).toBe(1);
  });

  it('revises with a reason; a CONFLICT shows what changed meanwhile and the change is redone on the new version', async () => {
    await signIn(adminKey);
    const title = 'Raisi and Putin speak by phone (conflict)';
    await fillMeeting(title);
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record[data-recorded]');
    const eventId = (await page.locator('#record').getAttribute('data-recorded'))!;
    await page.waitForSelector(`#correct[data-event-id="${eventId}"][data-version="1"]`);

    // A reason is required: the service's problem shows at the reason field.
    await page.fill('#revise input[name=title]', `${title}, corrected`);
    await page.waitForSelector('#revise-changes li[data-field="title"]');
    expect(await page.locator('#revise-changes').textContent()).toContain(`${title}, corrected`);
    await page.click('#revise button[type=submit]');
    await page.waitForSelector('#revise .field-error[data-error-for="reason"]');

    // Someone else corrects the summary meanwhile: version 2.
    await mutation(
      service,
      admin,
      'reviseEvent',
      { eventId, expectedVersion: 1, summary: 'The call lasted an hour.', reason: 'wire report' },
      'version',
    );
    await page.fill('#revise textarea[name=reason]', 'the call was about gas');
    await page.click('#revise button[type=submit]');
    await page.waitForSelector('#conflict:not([hidden])');
    const since = page.locator('#conflict .since li[data-version="2"]');
    expect(await since.textContent()).toContain('wire report');
    expect(await since.textContent()).toContain('The call lasted an hour.');
    expect(await since.textContent()).toContain('console-admin');

    await page.click('#redo');
    await page.waitForSelector(`#correct[data-version="2"]`);
    expect(await page.locator('#revise textarea[name=summary]').inputValue()).toBe('The call lasted an hour.');
    expect(await page.locator('#revise input[name=title]').inputValue()).toBe(`${title}, corrected`);
    expect(await page.locator('#revise-changes li').count()).toBe(1);
    await page.click('#revise button[type=submit]');
    await page.waitForSelector(`#correct[data-version="3"]`);

    const event = await eventNow(eventId);
    expect(event).toMatchObject({ version: 3, title: `${title}, corrected`, summary: 'The call lasted an hour.' });
    const history = await graphql(
      service,
      `
        query ($id: ID!) {
          eventHistory(id: $id) {
            version
            reason
          }
        }
      `,
      {
        id: eventId,
      },
    );
    expect(history.data!.eventHistory.at(-1)).toEqual({ version: 3, reason: 'the call was about gas' });
  });

  it('records an agreement with its parties, and moves its status only along the allowed transitions', async () => {
    await signIn(adminKey);
    const title = 'Russia and Iran sign a gas swap memorandum (console)';
    await page.selectOption('#record select[name=kind]', 'AGREEMENT');
    await page.fill('#record input[name=title]', title);
    await page.fill('#record input[name="start.value"]', '2022-07-19');
    await page.fill('#record input[name="start.timeZone"]', 'Asia/Tehran');
    await pickActor('Russia', ids.russia);
    await pickActor('Iran', ids.iran);
    await page.selectOption('#participants li:has-text("Russia") select', 'SIGNATORY');
    await page.selectOption('#participants li:has-text("Iran") select', 'SIGNATORY');
    await page.check(`#parties input[value="${ids.russia}"]`);
    await page.check(`#parties input[value="${ids.iran}"]`);
    await page.selectOption('#record select[name="agreement.status"]', 'PROPOSED');
    await page.fill('#record textarea[name="agreement.terms"]', 'Gas swaps through Iran.');
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record[data-recorded]');
    const eventId = (await page.locator('#record').getAttribute('data-recorded'))!;
    await page.waitForSelector(`#correct[data-event-id="${eventId}"] #agreement-status[data-current="PROPOSED"]`);

    const offered = () =>
      page
        .locator('#agreement-status select[name=status] option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
    expect(await offered()).toEqual(['SIGNED', 'ABANDONED']);
    await page.selectOption('#agreement-status select[name=status]', 'SIGNED');
    await page.fill('#agreement-status input[name="effectiveDate.value"]', '2022-07-20');
    await page.fill('#agreement-status input[name=reason]', 'signed in Tehran');
    await page.click('#agreement-status button[type=submit]');
    await page.waitForSelector('#agreement-status[data-current="SIGNED"]');
    expect(await offered()).toEqual(['RATIFIED', 'IN_FORCE', 'ABANDONED']);
    await page.selectOption('#agreement-status select[name=status]', 'ABANDONED');
    await page.click('#agreement-status button[type=submit]');
    await page.waitForSelector('#agreement-status[data-current="ABANDONED"]');
    expect(await offered()).toEqual([]);
    expect(await page.locator('#agreement-status button[type=submit]').isDisabled()).toBe(true);
    expect(await page.locator('#agreement-current').textContent()).toContain('final');

    const history = await graphql(
      service,
      `
        query ($id: ID!, $minPosition: String) {
          event(id: $id, minPosition: $minPosition) {
            agreement {
              partyIds
              status
            }
            agreementStatusHistory {
              from
              to
            }
          }
        }
      `,
      { id: eventId, minPosition: await logHead() },
    );
    expect(history.errors).toBeUndefined();
    expect(history.data!.event.agreement).toEqual({ partyIds: [ids.russia, ids.iran], status: 'ABANDONED' });
    expect(history.data!.event.agreementStatusHistory).toEqual([
      { from: 'PROPOSED', to: 'SIGNED' },
      { from: 'SIGNED', to: 'ABANDONED' },
    ]);
  });

  it('merges a likely duplicate into an event, and splits it out again', async () => {
    const { eventId: duplicate } = await mutation(
      service,
      admin,
      'recordEvent',
      {
        kind: 'MEETING',
        title: 'Putin visits Tehran (second report)',
        start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
        participants: [
          { actorId: ids.putin, role: 'GUEST' },
          { actorId: ids.iran, role: 'HOST' },
        ],
        meeting: { format: 'IN_PERSON', type: 'VISIT' },
        sources: [{ publisher: 'TASS', title: 'Putin arrives in Tehran' }],
      },
      'eventId',
    );
    expect((await eventNow(duplicate)).title).toBe('Putin visits Tehran (second report)'); // projected
    await signIn(adminKey);
    await page.fill('#load-event input[name=eventId]', ids.visit);
    await page.click('#load-event button[type=submit]');
    await page.waitForSelector(`#correct[data-event-id="${ids.visit}"]`);
    await page.click('#find-duplicates');
    const candidate = page.locator(`#candidates li[data-event-id="${duplicate}"]`);
    await candidate.waitFor();
    expect(await page.locator('#candidates li').first().getAttribute('data-event-id')).toBe(duplicate);
    expect(await candidate.textContent()).toMatch(/Putin visits Tehran \(second report\) \(2022-07-19\), \d+%: /);
    await candidate.locator('input[type=checkbox]').check();
    await page.fill('#duplicates input[name=reason]', 'the same visit, reported by TASS');
    await page.click('#merge');
    await page.waitForSelector(`#absorbed li[data-event-id="${duplicate}"]`);
    expect((await eventNow(duplicate)).mergedIntoId).toBe(ids.visit);

    await page.fill('#load-event input[name=eventId]', duplicate);
    await page.click('#load-event button[type=submit]');
    await page.waitForSelector(`#correct[data-event-id="${duplicate}"] #split:not([hidden])`);
    expect(await page.locator('#merged-into').textContent()).toContain(ids.visit);
    await page.click('#split');
    await page.waitForSelector('#duplicates .field-error[data-error-for="reason"]');
    await page.fill('#duplicates input[name=reason]', 'a different visit after all');
    await page.click('#split');
    await page.waitForSelector(`#correct[data-event-id="${duplicate}"] #split[hidden]`, { state: 'attached' });
    expect((await eventNow(duplicate)).mergedIntoId).toBeNull();
  });

  it('retracts and restores with a reason', async () => {
    await signIn(adminKey);
    await page.fill('#load-event input[name=eventId]', ids.putinErdogan);
    await page.click('#load-event button[type=submit]');
    await page.waitForSelector(`#correct[data-event-id="${ids.putinErdogan}"][data-status="RECORDED"]`);
    await page.click('#retract');
    await page.waitForSelector('#lifecycle .field-error[data-error-for="reason"]');
    expect((await eventNow(ids.putinErdogan)).status).toBe('RECORDED');
    await page.fill('#lifecycle input[name=reason]', 'reported twice');
    await page.click('#retract');
    await page.waitForSelector('#correct[data-status="RETRACTED"]');
    expect((await eventNow(ids.putinErdogan)).status).toBe('RETRACTED');
    expect(await page.locator('#revise-version').textContent()).toContain('reported twice');
    await page.fill('#lifecycle input[name=reason]', 'it was not a duplicate');
    await page.click('#restore');
    await page.waitForSelector('#correct[data-status="RECORDED"]');
    expect((await eventNow(ids.putinErdogan)).status).toBe('RECORDED');
  });

  it('has no serious or critical accessibility violations (axe-core): signed out, recording, correcting', async () => {
    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    expect(await axeViolations(page)).toEqual([]);
    await signIn(adminKey);
    await pickActor('Putin', ids.putin);
    await page.click('#new-actor summary');
    // A bad event: its problems shown at the fields are checked too.
    await page.fill('#record input[name="start.value"]', '2022-13-45');
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record .field-error');
    expect(await axeViolations(page)).toEqual([]);
    for (const kind of ['STATEMENT', 'AGREEMENT']) {
      await page.selectOption('#record select[name=kind]', kind);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.fill('#load-event input[name=eventId]', ids.visit);
    await page.click('#load-event button[type=submit]');
    await page.waitForSelector(`#correct[data-event-id="${ids.visit}"]`);
    await page.click('#find-duplicates');
    await page.waitForSelector('#candidates li');
    expect(await axeViolations(page)).toEqual([]);
    // And on a phone, 390 pixels wide.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a title, summary and publisher that hold HTML as text, and runs none of it', async () => {
    const title = '<img src=x onerror=alert(1)>';
    const summary = '<script>alert(2)</script>';
    const publisher = '<b onmouseover=alert(3)>Wire</b>';
    // One recorded elsewhere, so the console lists it among the duplicates of the other.
    const { eventId: elsewhere } = await mutation(
      service,
      admin,
      'recordEvent',
      {
        kind: 'MEETING',
        title,
        summary,
        start: { value: '2022-08-05', precision: 'DAY', timeZone: 'Asia/Tehran' },
        participants: [
          { actorId: ids.raisi, role: 'PARTICIPANT' },
          { actorId: ids.putin, role: 'PARTICIPANT' },
        ],
        meeting: { format: 'PHONE', type: 'BILATERAL' },
        sources: [{ publisher, title: summary }],
      },
      'eventId',
    );
    expect((await eventNow(elsewhere)).title).toBe(title); // projected
    await signIn(adminKey);
    await fillMeeting(title);
    await page.fill('#record textarea[name=summary]', summary);
    await page.fill('#record input[name="sources.0.publisher"]', publisher);
    await page.click('#record button[type=submit]');
    await page.waitForSelector('#record[data-recorded]');
    const eventId = (await page.locator('#record').getAttribute('data-recorded'))!;
    expect(await page.locator('#recorded').textContent()).toContain(`“${title}”`);
    await page.waitForSelector(`#correct[data-event-id="${eventId}"]`);
    expect(await page.locator('#revise input[name=title]').inputValue()).toBe(title);
    expect(await page.locator('#revise textarea[name=summary]').inputValue()).toBe(summary);
    // A change lists the old and the new value as text.
    await page.fill('#revise input[name=title]', `${title}!`);
    await page.waitForSelector('#revise-changes li[data-field="title"]');
    expect(await page.locator('#revise-changes').textContent()).toContain(`${title}!`);
    await page.click('#find-duplicates');
    const candidate = page.locator(`#candidates li[data-event-id="${elsewhere}"]`);
    await candidate.waitFor();
    expect(await candidate.textContent()).toContain(title);

    expect(await page.locator('body img, body script, body b, body iframe').count()).toBe(0);
    expect(watch.dialogs).toEqual([]);
    // Had the tag been parsed, the browser would have fetched /x (img-src allows this origin).
    expect(watch.requests.filter((url) => new URL(url).pathname.endsWith('/x'))).toEqual([]);
    expect((await eventNow(eventId)).sources).toEqual([{ publisher, url: null }]);
  });

  it('records an event with the keyboard only: Tab, typing and Enter, no click', async () => {
    const title = 'Raisi and Putin speak by phone (keyboard)';
    /** Presses Tab until the element the selector names has the focus (at most 200 times). */
    async function tabTo(selector: string): Promise<void> {
      for (let presses = 0; presses < 200; presses += 1) {
        if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    }
    /** Types an actor's name; the last letter once the search has offered the actor. */
    async function typeActor(name: string, actorId: string): Promise<void> {
      await tabTo('#record input[name=actorSearch]');
      await page.keyboard.type(name.slice(0, -1));
      await page.locator(`#actor-options option[data-actor-id="${actorId}"]`).waitFor({ state: 'attached' });
      await page.keyboard.type(name.slice(-1));
      await page.waitForSelector(`#participants li[data-actor-id="${actorId}"]`);
    }

    await page.goto(`${service.url}/admin`);
    await page.waitForSelector('body[data-ready="signed-out"]');
    await tabTo('input[name=apiKey]');
    await page.keyboard.type(adminKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-ready="signed-in"]');

    // Tab selects a field's text on arrival, so typing replaces a default such as UTC.
    await tabTo('#record input[name=title]');
    await page.keyboard.type(title);
    await tabTo('#record input[name="start.value"]');
    await page.keyboard.type('2022-08-05');
    await tabTo('#record input[name="start.timeZone"]');
    await page.keyboard.type('Asia/Tehran');
    await typeActor('Ebrahim Raisi', ids.raisi);
    await typeActor('Vladimir Putin', ids.putin);
    // A closed select takes typed letters: "p" chooses "phone".
    await tabTo('#record select[name="meeting.format"]');
    await page.keyboard.type('p');
    await tabTo('#record button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#record[data-recorded]');

    const event = await eventNow((await page.locator('#record').getAttribute('data-recorded'))!);
    expect(event).toMatchObject({
      title,
      start: { value: '2022-08-05', precision: 'DAY', timeZone: 'Asia/Tehran' },
      meeting: { format: 'PHONE', type: 'BILATERAL' },
    });
    expect(event.participants).toEqual([
      { actorId: ids.raisi, role: 'PARTICIPANT' },
      { actorId: ids.putin, role: 'PARTICIPANT' },
    ]);
    expect(await logEntries('EventRecorded', title)).toBe(1);
  });
});
