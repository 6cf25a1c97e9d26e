import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LOG_START, type LogCheckpoint } from '../../src/event-store/types';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The gap problem: a global position is taken when a row is inserted, not when its transaction
 * commits. A reader that tails `global_position > last` can pass a position whose transaction is
 * still open and never see it. Here 8 writers append 2,000 events in random sizes (some of them
 * holding their transaction open a little before committing, as a busy server does), while a
 * gap-safe reader and a naive reader tail the log at the same time.
 */
let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 24 });
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const WRITERS = 8;
const EVENTS_PER_ROUND = 2_000;
const STREAMS_PER_ROUND = 40;
const ROUNDS = 3;

interface Seen {
  eventId: string;
  streamId: string;
  streamVersion: number;
}

async function writeRound(streams: string[]): Promise<void> {
  let remaining = EVENTS_PER_ROUND;
  const take = () => {
    const size = Math.min(remaining, 1 + Math.floor(Math.random() * 10));
    remaining -= size;
    return size;
  };
  const writer = async () => {
    for (let size = take(); size > 0; size = take()) {
      const streamId = streams[Math.floor(Math.random() * streams.length)]!;
      const events = Array.from({ length: size }, (_, i) => ({ type: 'Tick', data: { i } }));
      if (Math.random() < 0.15) {
        // A slow commit: the positions are taken now, the commit comes later.
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT * FROM append_events($1::jsonb)', [
            JSON.stringify([
              {
                stream_id: streamId,
                stream_type: 'gap',
                expected: 'any',
                events: events.map((e) => ({ id: randomUUID(), ...e })),
              },
            ]),
          ]);
          // Not synchronisation: holding each transaction open a random while makes writers commit
          // out of position order, which is the gap the reader must not skip.
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 25));
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      } else {
        await store.append(streamId, events);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
}

async function tail(
  read: (after: LogCheckpoint) => Promise<{ events: Seen[]; checkpoint: LogCheckpoint; caughtUp: boolean }>,
  from: LogCheckpoint,
  streams: Set<string>,
  writersDone: () => boolean,
): Promise<Seen[]> {
  const seen: Seen[] = [];
  let checkpoint = from;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const done = writersDone(); // read before the page: a page read after the writers ended is final
    const page = await read(checkpoint);
    seen.push(...page.events.filter((e) => streams.has(e.streamId)));
    checkpoint = page.checkpoint;
    if (done && page.caughtUp) return seen;
    if (Date.now() > deadline) throw new Error('reader did not catch up within 30 s');
    // Paces the reader's polling while it is caught up (bounded by the deadline above).
    if (page.caughtUp) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const gapSafeReader = (after: LogCheckpoint) => store.readAll({ after, limit: 100 });

const naiveReader = async (after: LogCheckpoint) => {
  const { rows } = await db.pool.query<{
    global_position: string;
    event_id: string;
    stream_id: string;
    stream_version: number;
  }>(
    `SELECT global_position, event_id, stream_id, stream_version FROM events
      WHERE global_position > $1 ORDER BY global_position LIMIT 100`,
    [after.position.toString()],
  );
  const events = rows.map((r) => ({ eventId: r.event_id, streamId: r.stream_id, streamVersion: r.stream_version }));
  const last = rows.at(-1);
  return {
    events,
    checkpoint: last ? { transactionId: 0n, position: BigInt(last.global_position) } : after,
    caughtUp: rows.length < 100,
  };
};

describe('readAll under concurrent appends (the gap test)', () => {
  it(`delivers every event exactly once, in each stream's order, over ${ROUNDS} rounds; a naive reader does not`, async () => {
    let naiveMissed = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const streams = Array.from({ length: STREAMS_PER_ROUND }, () => `gap-${randomUUID()}`);
      const streamSet = new Set(streams);
      const start = (await store.readAll({ after: LOG_START, limit: 10_000 })).checkpoint;
      let finished = false;
      const writing = writeRound(streams).finally(() => {
        finished = true;
      });
      const [safe, naive] = await Promise.all([
        tail(gapSafeReader, start, streamSet, () => finished),
        tail(naiveReader, { transactionId: 0n, position: start.position }, streamSet, () => finished),
        writing,
      ]);

      const { rows: stored } = await db.pool.query<{ event_id: string }>(
        'SELECT event_id FROM events WHERE stream_id = ANY($1)',
        [streams],
      );
      expect(stored).toHaveLength(EVENTS_PER_ROUND);
      const safeIds = safe.map((e) => e.eventId);
      expect(new Set(safeIds).size).toBe(safeIds.length); // exactly once
      expect(new Set(safeIds)).toEqual(new Set(stored.map((r) => r.event_id))); // nothing missing

      const nextVersion = new Map<string, number>();
      for (const event of safe) {
        const expected = (nextVersion.get(event.streamId) ?? 0) + 1;
        expect(`${event.streamId}@${event.streamVersion}`).toBe(`${event.streamId}@${expected}`);
        nextVersion.set(event.streamId, expected);
      }
      naiveMissed += EVENTS_PER_ROUND - new Set(naive.map((e) => e.eventId)).size;
    }
    // The workload really produces gaps: the naive cursor loses events that the safe one delivers.
    expect(naiveMissed).toBeGreaterThan(0);
  });
});
