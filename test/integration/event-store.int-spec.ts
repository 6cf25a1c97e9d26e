import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventIdConflictError, InvalidAppendError } from '../../src/event-store/errors';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LOG_START } from '../../src/event-store/types';
import { UpcasterRegistry } from '../../src/event-store/upcasters';
import { clockPast } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 25 });
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const stream = () => `test-${randomUUID()}`;
const event = (n: number, type = 'Noted') => ({ type, data: { n } });

describe('append and readStream', () => {
  it('numbers a stream 1, 2, 3 and hands back global positions in order', async () => {
    const id = stream();
    const first = await store.append(id, [event(1), event(2)], { expectedVersion: 'no_stream' });
    const second = await store.append(id, [event(3)], { expectedVersion: 2 });
    expect(first.nextVersion).toBe(2);
    expect(second.nextVersion).toBe(3);
    expect(first.positions).toHaveLength(2);
    expect(first.positions[0]! < first.positions[1]!).toBe(true);
    expect(first.positions[1]! < second.positions[0]!).toBe(true);

    const events = await store.readStream(id);
    expect(events.map((e) => [e.streamVersion, e.data.n, e.type])).toEqual([
      [1, 1, 'Noted'],
      [2, 2, 'Noted'],
      [3, 3, 'Noted'],
    ]);
    expect(events[0]!.recordedAt).toBeInstanceOf(Date);
    expect(await store.streamVersion(id)).toBe(3);
    const { rows } = await db.pool.query('SELECT stream_type, version FROM streams WHERE stream_id = $1', [id]);
    expect(rows).toEqual([{ stream_type: 'test', version: 3 }]);
  });

  it('stores metadata beside the data', async () => {
    const id = stream();
    const metadata = { principal: 'key:alice', correlationId: 'req-1', causationId: 'cmd-1', reason: 'typo' };
    await store.append(id, [{ ...event(1), metadata }]);
    const [stored] = await store.readStream(id);
    expect(stored!.metadata).toEqual(metadata);
    expect(stored!.data).toEqual({ n: 1 });
  });

  it('checks each kind of expected version', async () => {
    const id = stream();
    await expect(store.append(id, [event(1)], { expectedVersion: 'stream_exists' })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      expected: 'stream_exists',
      actual: 0,
    });
    await expect(store.append(id, [event(1)], { expectedVersion: 3 })).rejects.toMatchObject({
      expected: 3,
      actual: 0,
    });
    await store.append(id, [event(1)], { expectedVersion: 0 });
    await expect(store.append(id, [event(2)], { expectedVersion: 'no_stream' })).rejects.toMatchObject({
      expected: 'no_stream',
      actual: 1,
    });
    await expect(store.append(id, [event(2)], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append(id, [event(2)], { expectedVersion: 'stream_exists' });
    await store.append(id, [event(3)], { expectedVersion: 'any' });
    await expect(store.append(id, [event(4)], { expectedVersion: 2 })).rejects.toMatchObject({
      expected: 2,
      actual: 3,
    });
    expect((await store.readStream(id)).map((e) => e.data.n)).toEqual([1, 2, 3]);
  });

  it('reads a window of a stream and the stream as it was known at a moment', async () => {
    const id = stream();
    await store.append(id, [event(1), event(2)]);
    await clockPast((await store.readStream(id)).at(-1)!.recordedAt);
    const between = new Date();
    await clockPast(between);
    await store.append(id, [event(3), event(4)]);
    expect((await store.readStream(id, { fromVersion: 2, toVersion: 3 })).map((e) => e.streamVersion)).toEqual([2, 3]);
    expect((await store.readStream(id, { recordedBefore: between })).map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await store.readStream(stream())).toEqual([]);
  });

  it('refuses malformed appends before touching the database', async () => {
    await expect(store.append('', [event(1)])).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append(stream(), [])).rejects.toThrow(/nothing to append/);
    await expect(store.append(stream(), [{ type: '', data: {} }])).rejects.toThrow(/event type/);
    await expect(
      store.append(stream(), [{ type: 'X', data: [] as unknown as Record<string, unknown> }]),
    ).rejects.toThrow(/JSON object/);
    await expect(store.append(stream(), [{ ...event(1), eventId: 'not-a-uuid' }])).rejects.toThrow(/not a UUID/);
    await expect(store.append(stream(), [event(1)], { expectedVersion: -1 })).rejects.toThrow(/expected version/);
  });
});

describe('concurrency', () => {
  it('lets exactly one of 20 concurrent appends at the same expected version through', async () => {
    const id = stream();
    await store.append(id, [event(0)], { expectedVersion: 'no_stream' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append(id, [event(i + 1), event(i + 100)], { expectedVersion: 1 })),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(ConcurrencyError);
      expect(loser.reason).toMatchObject({ streamId: id, expected: 1, actual: 3 });
    }
    const versions = (await store.readStream(id)).map((e) => e.streamVersion);
    expect(versions).toEqual([1, 2, 3]);
  });

  it('lets exactly one of 20 concurrent creations of a new stream through', async () => {
    const id = stream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append(id, [event(i)], { expectedVersion: 'no_stream' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1]);
  });

  it("keeps every stream's versions gapless under concurrent 'any' appends", async () => {
    const id = stream();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.append(id, [event(i), event(i)], { expectedVersion: 'any' })),
    );
    const versions = (await store.readStream(id)).map((e) => e.streamVersion);
    expect(versions).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});

describe('idempotency by event id', () => {
  it('writes nothing for a retried append and answers with the first result', async () => {
    const id = stream();
    const events = [
      { ...event(1), eventId: randomUUID() },
      { ...event(2), eventId: randomUUID() },
    ];
    const first = await store.append(id, events, { expectedVersion: 'no_stream' });
    await store.append(id, [event(3)]);
    // The retry still says no_stream: it is recognised before the version check.
    const retry = await store.append(id, events, { expectedVersion: 'no_stream' });
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(first.duplicate).toBe(false);
    expect((await store.readStream(id)).map((e) => e.data.n)).toEqual([1, 2, 3]);
  });

  it('treats the same content with other metadata as the same event', async () => {
    const id = stream();
    const eventId = randomUUID();
    await store.append(id, [{ ...event(1), eventId, metadata: { correlationId: 'a' } }]);
    const retry = await store.append(id, [{ ...event(1), eventId, metadata: { correlationId: 'b' } }]);
    expect(retry.duplicate).toBe(true);
  });

  it('answers the retried streams of a batch with their first results and appends the new ones', async () => {
    const old = stream();
    const fresh = stream();
    const oldEvents = [{ ...event(1), eventId: randomUUID() }];
    const first = await store.append(old, oldEvents, { expectedVersion: 'no_stream' });
    const results = await store.appendBatch([
      { streamId: old, events: oldEvents, expectedVersion: 'no_stream' },
      { streamId: fresh, events: [{ ...event(2), eventId: randomUUID() }], expectedVersion: 'no_stream' },
    ]);
    expect(results[0]).toEqual({ ...first, duplicate: true });
    expect(results[1]).toMatchObject({ streamId: fresh, nextVersion: 1, duplicate: false });
    expect(await store.readStream(old)).toHaveLength(1);
    expect(await store.readStream(fresh)).toHaveLength(1);
  });

  it('recognises a retry whose data has its keys in another order', async () => {
    const id = stream();
    const eventId = randomUUID();
    await store.append(id, [{ type: 'Keyed', data: { a: 1, b: { c: [1, 2], d: null } }, eventId }]);
    const retry = await store.append(id, [{ type: 'Keyed', data: { b: { d: null, c: [1, 2] }, a: 1 }, eventId }]);
    expect(retry.duplicate).toBe(true);
  });

  it('refuses a stored event id with other content, in another stream, or twice in one request', async () => {
    const id = stream();
    const eventId = randomUUID();
    await store.append(id, [{ ...event(1), eventId }]);
    await expect(store.append(id, [{ ...event(2), eventId }])).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(store.append(stream(), [{ ...event(1), eventId }])).rejects.toBeInstanceOf(EventIdConflictError);
    const partial = [
      { ...event(1), eventId },
      { ...event(9), eventId: randomUUID() },
    ];
    await expect(store.append(id, partial)).rejects.toMatchObject({
      name: 'EventIdConflictError',
      eventIds: [eventId],
    });
    const twice = randomUUID();
    await expect(
      store.append(stream(), [
        { ...event(1), eventId: twice },
        { ...event(2), eventId: twice },
      ]),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    expect((await store.readStream(id)).map((e) => e.data.n)).toEqual([1]);
  });
});

describe('batches', () => {
  it('writes all streams of a batch or none', async () => {
    const a = stream();
    const b = stream();
    await store.append(b, [event(1)]);
    await expect(
      store.appendBatch([
        { streamId: a, events: [event(1)], expectedVersion: 'no_stream' },
        { streamId: b, events: [event(2)], expectedVersion: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: b, actual: 1 });
    expect(await store.readStream(a)).toEqual([]);
    const results = await store.appendBatch([
      { streamId: a, events: [event(1)], expectedVersion: 'no_stream' },
      { streamId: b, events: [event(2)], expectedVersion: 1 },
    ]);
    expect(results.map((r) => [r.streamId, r.nextVersion])).toEqual([
      [a, 1],
      [b, 2],
    ]);
    // One transaction: the batch's events share one transaction id.
    const { rows } = await db.pool.query(
      'SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE stream_id = ANY($1) AND global_position = ANY($2)',
      [[a, b], results.flatMap((r) => r.positions.map(String))],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('the log cannot be rewritten', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of events by plain SQL', async () => {
    const id = stream();
    await store.append(id, [event(1)]);
    await expect(db.pool.query(`UPDATE events SET data = '{"n": 2}' WHERE stream_id = $1`, [id])).rejects.toThrow(
      /append-only: UPDATE on table events is refused/,
    );
    await expect(db.pool.query('DELETE FROM events WHERE stream_id = $1', [id])).rejects.toThrow(
      /append-only: DELETE on table events is refused/,
    );
    await expect(db.pool.query('TRUNCATE events')).rejects.toThrow(/append-only: TRUNCATE on table events is refused/);
    await expect(db.pool.query('DELETE FROM streams WHERE stream_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE streams CASCADE')).rejects.toThrow(/append-only/);
    const [stored] = await store.readStream(id);
    expect(stored!.data).toEqual({ n: 1 });
  });

  it('refuses writes that bypass append_events', async () => {
    await expect(
      db.pool.query(
        `INSERT INTO events (stream_id, stream_version, event_id, type, data) VALUES ('forged-1', 1, $1, 'Forged', '{}')`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/INSERT on table events directly is refused/);
    await expect(
      db.pool.query(`INSERT INTO streams (stream_id, stream_type, version) VALUES ('forged-1', 'forged', 1)`),
    ).rejects.toThrow(/directly is refused/);
    const id = stream();
    await store.append(id, [event(1)]);
    await expect(db.pool.query('UPDATE streams SET version = 7 WHERE stream_id = $1', [id])).rejects.toThrow(
      /directly is refused/,
    );
    expect(await store.streamVersion(id)).toBe(1);
  });

  it('refuses an append after other writes in the same transaction', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TEMP TABLE scratch (x int)`);
      await client.query('INSERT INTO scratch VALUES (1)');
      await expect(
        client.query(`SELECT * FROM append_events($1::jsonb)`, [
          JSON.stringify([
            {
              stream_id: stream(),
              stream_type: 'test',
              expected: 'any',
              events: [{ id: randomUUID(), type: 'X', data: {} }],
            },
          ]),
        ]),
      ).rejects.toThrow(/must be the first write of its transaction/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('schema versions and upcasting', () => {
  it('stores v1, reads v2 once a v1 → v2 upcaster is registered', async () => {
    const id = stream();
    await store.append(id, [{ type: 'PlaceNamed', data: { place: 'Tehran' } }]);
    const { rows } = await db.pool.query('SELECT schema_version, data FROM events WHERE stream_id = $1', [id]);
    expect(rows).toEqual([{ schema_version: 1, data: { place: 'Tehran' } }]);

    const upcasters = new UpcasterRegistry().register({
      type: 'PlaceNamed',
      fromVersion: 1,
      upcast: (data) => ({ location: { name: data.place, country: null } }),
    });
    const upcasting = new PostgresEventStore(db.pool, upcasters);
    const [read] = await upcasting.readStream(id);
    expect(read).toMatchObject({ schemaVersion: 2, data: { location: { name: 'Tehran', country: null } } });
    const fromLog = (await upcasting.readAll({ after: LOG_START, limit: 10_000 })).events.find(
      (e) => e.streamId === id,
    );
    expect(fromLog).toMatchObject({ schemaVersion: 2 });

    // New events of the type are written at the newest version and left alone on read.
    await upcasting.append(id, [{ type: 'PlaceNamed', data: { location: { name: 'Ankara', country: 'TUR' } } }]);
    const { rows: after } = await db.pool.query(
      'SELECT schema_version FROM events WHERE stream_id = $1 ORDER BY stream_version',
      [id],
    );
    expect(after.map((r) => r.schema_version)).toEqual([1, 2]);
    expect((await upcasting.readStream(id))[1]!.data).toEqual({ location: { name: 'Ankara', country: 'TUR' } });
  });

  it('chains upcasters and refuses to register one twice', () => {
    const registry = new UpcasterRegistry()
      .register({ type: 'T', fromVersion: 1, upcast: (d) => ({ ...d, b: 1 }) })
      .register({ type: 'T', fromVersion: 2, upcast: (d) => ({ ...d, c: 2 }) });
    expect(registry.currentVersion('T')).toBe(3);
    expect(registry.upcast('T', 1, { a: 0 })).toEqual({ schemaVersion: 3, data: { a: 0, b: 1, c: 2 } });
    expect(registry.upcast('T', 3, { z: 1 })).toEqual({ schemaVersion: 3, data: { z: 1 } });
    expect(() => registry.register({ type: 'T', fromVersion: 1, upcast: (d) => d })).toThrow(/registered already/);
  });
});

describe('readAll', () => {
  it('pages through the log with checkpoints and reports when it has caught up', async () => {
    const ids = [stream(), stream(), stream()];
    for (const id of ids) await store.append(id, [event(1), event(2), event(3)]);
    const seen: string[] = [];
    let checkpoint = LOG_START;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, limit: 4 });
      seen.push(...page.events.filter((e) => ids.includes(e.streamId)).map((e) => `${e.streamId}:${e.streamVersion}`));
      checkpoint = page.checkpoint;
      if (page.caughtUp) break;
    }
    expect(seen).toEqual(ids.flatMap((id) => [1, 2, 3].map((v) => `${id}:${v}`)));
    const again = await store.readAll({ after: checkpoint });
    expect(again).toEqual({ events: [], checkpoint, caughtUp: true });
    await expect(store.readAll({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it('reads the bound once while pages come back full, and again before saying it has caught up', async () => {
    const reader = new PostgresEventStore(db.pool);
    const head = (await reader.readAll({ limit: 10_000 })).checkpoint;
    const ids = [stream(), stream(), stream(), stream()];
    for (const id of ids) await store.append(id, [event(1), event(2)]);
    const bounds: unknown[] = [];
    const query = db.pool.query.bind(db.pool) as (...args: unknown[]) => Promise<unknown>;
    (db.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      if ((args[0] as { name?: string }).name === 'event_store_read_bound') bounds.push(args[0]);
      return query(...args);
    };
    const seen: string[] = [];
    try {
      let checkpoint = head;
      for (
        let page = await reader.readAll({ after: checkpoint, limit: 2 });
        ;
        page = await reader.readAll({ after: checkpoint, limit: 2 })
      ) {
        seen.push(...page.events.map((e) => `${e.streamId}:${e.streamVersion}`));
        checkpoint = page.checkpoint;
        if (page.caughtUp) break;
        // Appended while the reader is behind: beyond the bound it remembers, found once it reaches that.
        if (seen.length === 2) await store.append(ids[0]!, [event(3)]);
      }
    } finally {
      (db.pool as unknown as { query: unknown }).query = query;
    }
    expect(seen).toEqual([...ids.flatMap((id) => [`${id}:1`, `${id}:2`]), `${ids[0]}:3`]);
    // 5 pages; a fresh bound only where the remembered one gave a short page: the first (the
    // events were appended after it was read) and the last.
    expect(bounds).toHaveLength(2);
  });

  it('is not held back by long transactions that do not append', async () => {
    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('CREATE TEMP TABLE busy (x int)');
      await other.query('INSERT INTO busy VALUES (1)'); // has a transaction id, stays open
      const head = (await store.readAll({ limit: 10_000 })).checkpoint;
      const id = stream();
      await store.append(id, [event(1)]);
      expect((await store.readAll({ after: head })).events.map((e) => e.streamId)).toEqual([id]);
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
  });

  it('does not return events of a transaction that has not committed', async () => {
    const head = (await store.readAll({ limit: 10_000 })).checkpoint;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT * FROM append_events($1::jsonb)`, [
        JSON.stringify([
          {
            stream_id: stream(),
            stream_type: 'test',
            expected: 'any',
            events: [{ id: randomUUID(), type: 'Open', data: {} }],
          },
        ]),
      ]);
      const committedLater = stream();
      await store.append(committedLater, [event(1)]);
      // The later append committed, but an older transaction is still open: neither is readable yet.
      expect((await store.readAll({ after: head })).events).toEqual([]);
      await client.query('COMMIT');
      const page = await store.readAll({ after: head });
      expect(page.events.map((e) => e.type)).toEqual(['Open', 'Noted']);
    } finally {
      client.release();
    }
  });
});
