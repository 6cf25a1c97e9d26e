import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../src/event-store/command-handler';
import type { Decider } from '../../src/diplomacy/decider';
import { ConcurrencyError } from '../../src/event-store/errors';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A counter that refuses to go above a limit: enough rules to show decisions on fresh state. */
type CounterEvent = { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Increment'; data: { by: number; limit: number } };
type CounterState = { value: number };

const counter: Decider<CounterState, CounterCommand, CounterEvent> = {
  initialState: () => ({ value: 0 }),
  evolve: (state, event) => ({ value: state.value + event.data.by }),
  decide: (command, state) => {
    if (state.value + command.data.by > command.data.limit) throw new RangeError(`limit ${command.data.limit} reached`);
    return command.data.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.data.by } }];
  },
};

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const increment = (by: number, limit = 1_000) => ({ type: 'Increment' as const, data: { by, limit } });

describe('handleCommand', () => {
  it('loads, folds, decides and appends at the loaded version, returning the new state', async () => {
    const id = `counter-${randomUUID()}`;
    const first = await handleCommand(store, counter, id, increment(2), { metadata: { principal: 'test' } });
    expect(first).toMatchObject({ state: { value: 2 }, nextVersion: 1, retries: 0 });
    const second = await handleCommand(store, counter, id, increment(3));
    expect(second.state).toEqual({ value: 5 });
    expect(second.nextVersion).toBe(2);
    const [stored] = await store.readStream(id);
    expect(stored!.metadata).toEqual({ principal: 'test' });
  });

  it('appends nothing when the decider decides nothing', async () => {
    const id = `counter-${randomUUID()}`;
    const result = await handleCommand(store, counter, id, increment(0));
    expect(result).toMatchObject({ newEvents: [], nextVersion: 0, positions: [] });
    expect(await store.readStream(id)).toEqual([]);
  });

  it('retries on concurrent writers and decides again on the fresh state', async () => {
    const id = `counter-${randomUUID()}`;
    // 10 concurrent increments of 1 with a limit of 6: every decision must see the others' effects.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => handleCommand(store, counter, id, increment(1, 6), { maxRetries: 20 })),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(String(r.reason)).toMatch(/limit 6 reached/);
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ok.some((o) => (o as PromiseFulfilledResult<{ retries: number }>).value.retries > 0)).toBe(true);
  });

  it('surfaces the concurrency error when the retries run out', async () => {
    const id = `counter-${randomUUID()}`;
    await store.append(id, [{ type: 'Incremented', data: { by: 1 } }]);
    // A store whose reads lag one event behind: every append conflicts.
    const stale = Object.create(store) as PostgresEventStore;
    stale.readStream = async (streamId) => (await store.readStream(streamId)).slice(0, -1);
    await expect(handleCommand(stale, counter, id, increment(1), { maxRetries: 2 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('keeps event ids stable across retries when given, so a retried request is recognised', async () => {
    const id = `counter-${randomUUID()}`;
    const eventId = randomUUID();
    const first = await handleCommand(store, counter, id, increment(1), { eventIds: () => eventId });
    const [stored] = await store.readStream(id);
    expect(stored!.eventId).toBe(eventId);
    expect(first.positions).toEqual([stored!.globalPosition]);
  });
});
