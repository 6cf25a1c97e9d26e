import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decideEvent, evolveEvent, initialEventState } from '../../src/diplomacy/events/event-decider';
import type { DiplomaticEventEvent } from '../../src/diplomacy/events/event-types';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import type { ReadAllOptions, ReadAllResult } from '../../src/event-store/types';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { CHANGE_OF_EVENT_TYPE } from '../../src/timelines/projection/timeline-change';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * whenCaughtUp answers for what was committed before it was asked, even when the runner's read in
 * flight started before that commit and comes back empty (CI once saw a rebuild test read the read
 * model one version short because of that).
 */
class HeldReadStore extends PostgresEventStore {
  private held: { hasRead: () => void; released: Promise<void> } | undefined;

  /** The next readAll reads the log, then waits for `release` before answering. */
  holdNextRead(): { hasRead: Promise<void>; release: () => void } {
    let release!: () => void;
    let hasRead!: () => void;
    const read = new Promise<void>((resolve) => (hasRead = resolve));
    this.held = { hasRead, released: new Promise<void>((resolve) => (release = resolve)) };
    return { hasRead: read, release };
  }

  override async readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    const page = await super.readAll(options);
    const held = this.held;
    if (held) {
      this.held = undefined;
      held.hasRead();
      await held.released;
    }
    return page;
  }
}

let db: TestDatabase;
let store: HeldReadStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new HeldReadStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, pollIntervalMs: 50 });
  await tehranLog().appendTo(store);
  runner.start();
  await runner.whenCaughtUp(10_000);
});

afterAll(async () => {
  await runner?.stop();
  await notifications?.stop();
  await db.drop();
});

const versionsOfVisit = async () =>
  (
    await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_1.event_versions WHERE event_id = $1', [
      ids.visit,
    ])
  ).rows[0]!.n;

describe('waiting until the read model has caught up', () => {
  it('is not answered by a read that started before the change was committed', async () => {
    const before = await versionsOfVisit();
    const held = store.holdNextRead();
    await held.hasRead; // the runner's next poll has read the log, found nothing new, and waits

    const stored = await store.readStream(`event-${ids.visit}`);
    const state = stored
      .filter((event) => CHANGE_OF_EVENT_TYPE[event.type])
      .reduce((folded, event) => evolveEvent(folded, event as unknown as DiplomaticEventEvent), initialEventState());
    const facts = tehranLog();
    const revision = decideEvent(
      {
        type: 'ReviseEvent',
        data: { eventId: ids.visit, reason: 'date in the title', title: 'Putin visits Tehran (19 July)' },
        context: { actors: facts.actorFacts, events: facts.eventFacts },
      },
      state,
    );
    await store.append(`event-${ids.visit}`, revision, { expectedVersion: stored.length });

    const caughtUp = runner.whenCaughtUp(10_000);
    held.release(); // the empty page arrives after the question
    await caughtUp;
    expect(await versionsOfVisit()).toBe(before + 1);
  });
});
