import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ConflictError, eventStreamId, ValidationError } from '../../src/diplomacy';
import { commandServices } from '../../src/editorial/command-services';
import { EventMergeService } from '../../src/editorial/event-merge.service';
import { foldEvent } from '../../src/editorial/stream-facts.service';
import { ConcurrencyError } from '../../src/event-store/errors';
import type { PostgresEventStore } from '../../src/event-store/event-store';
import type { StreamAppend } from '../../src/event-store/types';
import { IdempotencyService } from '../../src/idempotency/idempotency.service';
import { actors, currenciesStatement, visitWithSlip } from '../support/story';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Merges and splits of diplomatic events against PostgreSQL: every stream in one transaction at
 * the version it was decided on, so that of two merges decided at once one is stored and the
 * other is a conflict, and nothing is appended when a merge is refused.
 */
let db: TestDatabase;
let services: ReturnType<typeof commandServices>;
const context = { principal: { id: 'apikey:merge', name: 'merge', role: 'editor' as const } };

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
  services = commandServices(db.pool);
  for (const actor of actors) await services.actors.register(actor as never, context);
});
afterAll(() => db.drop());

const recordMeeting = async (title: string, sources: { publisher: string }[] = []) =>
  (await services.events.record({ ...visitWithSlip, title, sources, eventId: randomUUID() } as never, context)).eventId;
const streamTypes = async (eventId: string) =>
  (await services.store.readStream(eventStreamId(eventId))).map((event) => event.type);
const logSize = async () => Number((await db.pool.query('SELECT count(*) FROM events')).rows[0].count);

/** Lets `parties` appendBatch calls through only once all of them are waiting: every merge has read by then. */
function storeWithBarrier(store: PostgresEventStore, parties: number): PostgresEventStore {
  let waiting = 0;
  let release!: () => void;
  const allThere = new Promise<void>((resolve) => (release = resolve));
  const barred = Object.create(store) as PostgresEventStore;
  barred.appendBatch = async (batch: StreamAppend[]) => {
    waiting += 1;
    if (waiting === parties) release();
    await allThere;
    return store.appendBatch(batch);
  };
  return barred;
}

describe('mergeEvents', () => {
  it('appends to every stream in one transaction, and a second merge of them is answered as the first', async () => {
    const survivorId = await recordMeeting('Putin visits Tehran', [{ publisher: 'Reuters' }]);
    const duplicateId = await recordMeeting('Russia visits Iran', [{ publisher: 'AP' }]);
    const input = { survivorId, duplicateIds: [duplicateId], reason: 'one visit, two reports' };
    const first = await services.merges.merge(input, context);
    expect(first.survivor.state.sources.map((s) => [s.publisher, (s as { mergedFrom?: string }).mergedFrom])).toEqual([
      ['Reuters', undefined],
      ['AP', duplicateId],
    ]);
    expect(first.duplicates[0]!.state.mergedInto).toBe(survivorId);
    const { rows } = await db.pool.query<{ ids: string[] }>(
      `SELECT array_agg(DISTINCT transaction_id::text) AS ids FROM events WHERE type IN ('EventMerged', 'EventAbsorbed')
          AND stream_id = ANY($1)`,
      [[eventStreamId(survivorId), eventStreamId(duplicateId)]],
    );
    expect(rows[0]!.ids).toHaveLength(1);

    const before = await logSize();
    const again = await services.merges.merge(input, context);
    expect(await logSize()).toBe(before);
    expect(again).toEqual(first);
  });

  it('merges into the survivor when asked to merge into one of its duplicates', async () => {
    const survivorId = await recordMeeting('Putin visits Tehran');
    const duplicateId = await recordMeeting('Putin arrives in Tehran');
    const lateId = await recordMeeting('PUTIN IN IRAN');
    await services.merges.merge({ survivorId, duplicateIds: [duplicateId], reason: 'same visit' }, context);
    const result = await services.merges.merge(
      { survivorId: duplicateId, duplicateIds: [lateId], reason: 'same' },
      context,
    );
    expect(result.survivor.eventId).toBe(survivorId);
    expect(result.survivor.state.absorbed?.map((a) => a.eventId)).toEqual([duplicateId, lateId]);
    expect(await streamTypes(lateId)).toEqual(['EventRecorded', 'EventMerged']);
  });

  it('of the same events, decided at once: one is stored, the other is a conflict', async () => {
    const survivorId = await recordMeeting('Putin visits Tehran');
    const duplicateId = await recordMeeting('Russia visits Iran');
    const barred = new EventMergeService(storeWithBarrier(services.store, 2), new IdempotencyService(db.pool));
    const input = { survivorId, duplicateIds: [duplicateId], reason: 'same visit' };
    const outcomes = await Promise.allSettled([barred.merge(input, context), barred.merge(input, context)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(refused.reason).toBeInstanceOf(ConcurrencyError);
    expect(await streamTypes(duplicateId)).toEqual(['EventRecorded', 'EventMerged']);
    expect(await streamTypes(survivorId)).toEqual(['EventRecorded', 'EventAbsorbed']);
  });

  it('of one duplicate into two survivors at once: one is stored, the other is a conflict', async () => {
    const [first, second, duplicateId] = [
      await recordMeeting('Visit'),
      await recordMeeting('Talks'),
      await recordMeeting('Report'),
    ];
    const barred = new EventMergeService(storeWithBarrier(services.store, 2), new IdempotencyService(db.pool));
    const outcomes = await Promise.allSettled([
      barred.merge({ survivorId: first, duplicateIds: [duplicateId], reason: 'a' }, context),
      barred.merge({ survivorId: second, duplicateIds: [duplicateId], reason: 'b' }, context),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await streamTypes(duplicateId)).toEqual(['EventRecorded', 'EventMerged']);
    const absorbed = [...(await streamTypes(first)), ...(await streamTypes(second))].filter(
      (t) => t === 'EventAbsorbed',
    );
    expect(absorbed).toHaveLength(1);
  });

  it('appends nothing when it is refused', async () => {
    const survivorId = await recordMeeting('Putin visits Tehran');
    const statementId = (
      await services.events.record({ ...currenciesStatement, eventId: randomUUID() } as never, context)
    ).eventId;
    const before = await logSize();
    await expect(
      services.merges.merge({ survivorId, duplicateIds: [statementId], reason: 'x' }, context),
    ).rejects.toThrow(/kinds differ/);
    await expect(
      services.merges.merge({ survivorId, duplicateIds: ['not-an-id'], reason: 'x' }, context),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(services.merges.split({ eventId: survivorId, reason: 'x' }, context)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await logSize()).toBe(before);
  });
});

describe('splitEvent', () => {
  it('records the split on both streams and leaves both events as before the merge', async () => {
    const survivorId = await recordMeeting('Putin visits Tehran', [{ publisher: 'Reuters' }]);
    const duplicateId = await recordMeeting('Russia visits Iran', [{ publisher: 'AP' }]);
    const [survivorBefore, duplicateBefore] = await Promise.all(
      [survivorId, duplicateId].map((id) => services.store.readStream(eventStreamId(id))),
    );
    await services.merges.merge({ survivorId, duplicateIds: [duplicateId], reason: 'same' }, context);
    const split = await services.merges.split({ eventId: duplicateId, reason: 'not the same' }, context);
    expect(split.event.state.mergedInto).toBeUndefined();
    expect(split.survivor.state.sources.map((s) => s.publisher)).toEqual(['Reuters']);
    expect(await streamTypes(duplicateId)).toEqual(['EventRecorded', 'EventMerged', 'EventSplit']);
    expect(await streamTypes(survivorId)).toEqual(['EventRecorded', 'EventAbsorbed', 'EventReleased']);
    expect(split.event.state).toEqual(foldEvent(duplicateBefore!));
    expect(split.survivor.state).toEqual(foldEvent(survivorBefore!));
  });
});
