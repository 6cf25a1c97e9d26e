import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { PostgresEventStore } from '../src/event-store/event-store';
import { LOG_START } from '../src/event-store/types';
import { benchDatabase } from './bench-database';

/**
 * npm run bench:store: our event store against plain `pg` doing the same work on a bare table of
 * the same shape (no triggers, no version checks, no idempotency): the limit. Same server, same
 * run, same pool size. Prints each pair with its ratio.
 */
const SINGLE_APPENDS_1 = Number(process.env.BENCH_SINGLE ?? 3_000);
const SINGLE_APPENDS_8 = Number(process.env.BENCH_SINGLE8 ?? 12_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 400);
const READ_EVENTS = Number(process.env.BENCH_READ ?? 200_000);
const STREAMS = 1_000;

const PLAIN_TABLE = `
  CREATE TABLE plain_events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text NOT NULL,
    stream_version  integer NOT NULL,
    event_id        uuid NOT NULL,
    type            text NOT NULL,
    schema_version  integer NOT NULL DEFAULT 1,
    data            jsonb NOT NULL,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_id, stream_version),
    UNIQUE (event_id)
  )`;

/** About 600 bytes of JSON, shaped like a recorded diplomatic event. */
function payload(i: number): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    kind: 'MEETING',
    title: `Talks between delegations on regional security, round ${i}`,
    summary:
      'The foreign ministers met for three hours and discussed energy supplies, trade in national currencies and the situation in northern Syria.',
    start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
    location: { placeName: 'Tehran', country: 'IRN' },
    participants: [
      { actorId: 'b1b5c1f0-5d1e-4d6b-9a55-0c5b7b8f0a11', role: 'HOST' },
      { actorId: 'a2c6d2e1-6e2f-4e7c-8b66-1d6c8c9f1b22', role: 'GUEST' },
    ],
    topics: ['syria', 'energy', 'national-currencies'],
    cameoCode: '040',
  };
}

const META = { principal: 'bench', correlationId: 'bench-run' };

interface Pair {
  name: string;
  ours: number;
  plain: number;
  unit: string;
  target: number;
}

async function timed(work: () => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  const count = await work();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function parallel(workers: number, total: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < total; i = next++) await task(i);
    }),
  );
  return total;
}

async function main(): Promise<void> {
  const db = await benchDatabase('dtl_bench_store');
  const pool = new Pool({ connectionString: db.url, max: 8 });
  const store = new PostgresEventStore(pool);
  await pool.query(PLAIN_TABLE);
  const plainVersions = new Map<string, number>();
  const streamOf = (i: number) => `bench-${i % STREAMS}`;
  const plainVersion = (stream: string, count = 1) => {
    const version = (plainVersions.get(stream) ?? 0) + count;
    plainVersions.set(stream, version);
    return version - count + 1;
  };

  const ourSingle = (offset: number) => async (i: number) => {
    await store.append(streamOf(i + offset), [{ type: 'MeetingRecorded', data: payload(i), metadata: META }], {
      expectedVersion: 'any',
    });
  };
  const plainSingle = (offset: number) => async (i: number) => {
    const stream = streamOf(i + offset);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'INSERT INTO plain_events (stream_id, stream_version, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)',
        [stream, plainVersion(stream), randomUUID(), 'MeetingRecorded', payload(i), META],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  // Warm-up: connections, plans, caches.
  await parallel(8, 400, ourSingle(7));
  await parallel(8, 400, plainSingle(7));

  // Each pair is measured in turns (ours, plain, plain, ours; half the work each time), so that
  // neither side always runs first: the server's state drifts within a run (autovacuum, WAL
  // checkpoints, caches), and measured alone in a fresh database both sides of the batch pair ran
  // about twice as fast as right after the single-append phases.
  const inTurns = async (
    total: number,
    ours: (round: number, count: number) => Promise<void>,
    plain: (round: number, count: number) => Promise<void>,
  ) => {
    const seconds = { ours: 0, plain: 0 };
    const half = Math.ceil(total / 2);
    for (const [round, which] of (['ours', 'plain', 'plain', 'ours'] as const).entries()) {
      const started = process.hrtime.bigint();
      await (which === 'ours' ? ours : plain)(round, half);
      seconds[which] += Number(process.hrtime.bigint() - started) / 1e9;
    }
    return { ours: (2 * half) / seconds.ours, plain: (2 * half) / seconds.plain };
  };

  const pairs: Pair[] = [];
  const singles = async (writers: number, total: number) =>
    inTurns(
      total,
      (round, count) => parallel(writers, count, ourSingle(writers * 10 + round)).then(() => undefined),
      (round, count) => parallel(writers, count, plainSingle(writers * 10 + round)).then(() => undefined),
    );
  pairs.push({
    name: 'single-event appends, 1 writer',
    ...(await singles(1, SINGLE_APPENDS_1)),
    unit: 'appends/s',
    target: 0,
  });
  pairs.push({
    name: 'single-event appends, 8 writers',
    ...(await singles(8, SINGLE_APPENDS_8)),
    unit: 'appends/s',
    target: 0.6,
  });

  const batchOf = (i: number) => Array.from({ length: 100 }, (_, j) => payload(i * 100 + j));
  const batches = await inTurns(
    BATCHES,
    async (round, count) => {
      for (let i = 0; i < count; i += 1) {
        await store.append(
          `batch-${round}-${i}`,
          batchOf(i).map((data) => ({ type: 'MeetingRecorded', data, metadata: META })),
          { expectedVersion: 'no_stream' },
        );
      }
    },
    async (round, count) => {
      for (let i = 0; i < count; i += 1) {
        const values: unknown[] = [];
        const tuples = batchOf(i).map((data, j) => {
          values.push(`plain-batch-${round}-${i}`, j + 1, randomUUID(), 'MeetingRecorded', data, META);
          const k = j * 6;
          return `($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6})`;
        });
        await pool.query(
          `INSERT INTO plain_events (stream_id, stream_version, event_id, type, data, metadata) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
    },
  );
  pairs.push({
    name: '100-event batches, 1 writer',
    ours: batches.ours * 100,
    plain: batches.plain * 100,
    unit: 'events/s',
    target: 0.7,
  });

  // Fill both logs to READ_EVENTS events, then read them end to end in pages of 1,000.
  const have = async (table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  for (let i = 0, n = await have('events'); n < READ_EVENTS; i += 1, n += 1_000) {
    await store.appendBatch(
      Array.from({ length: 10 }, (_, s) => ({
        streamId: `fill-${i}-${s}`,
        events: Array.from({ length: 100 }, (_, j) => ({ type: 'MeetingRecorded', data: payload(j), metadata: META })),
      })),
    );
  }
  for (let i = 0, n = await have('plain_events'); n < READ_EVENTS; i += 1, n += 1_000) {
    await pool.query(
      `INSERT INTO plain_events (stream_id, stream_version, event_id, type, data, metadata)
       SELECT 'plain-fill-' || $1 || '-' || (g / 100), g % 100 + 1, gen_random_uuid(), 'MeetingRecorded', $2::jsonb, $3::jsonb
         FROM generate_series(0, 999) g`,
      [i, payload(i), META],
    );
  }
  await pool.query('VACUUM ANALYZE events');
  await pool.query('VACUUM ANALYZE plain_events');
  const readOurs = async () => {
    let checkpoint = LOG_START;
    let count = 0;
    for (;;) {
      const page = await store.readAll({ after: checkpoint, limit: 1_000 });
      count += page.events.length;
      checkpoint = page.checkpoint;
      if (page.caughtUp) return count;
    }
  };
  const readPlain = async () => {
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await pool.query<{ global_position: string }>({
        name: 'plain_keyset',
        text: `SELECT global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at
                 FROM plain_events WHERE global_position > $1 ORDER BY global_position LIMIT 1000`,
        values: [after],
      });
      count += rows.length;
      if (rows.length < 1_000) return count;
      after = rows.at(-1)!.global_position;
    }
  };
  // Each read is timed right after an untimed read of the same table (at 200k events both tables,
  // about 170 MB each, outgrow a default shared_buffers of 128 MB), and the two take turns going
  // first (ours, plain, plain, ours), so that neither always follows the other's table.
  const readRates = { ours: [] as number[], plain: [] as number[] };
  const readWarm = async (which: 'ours' | 'plain') => {
    const read = which === 'ours' ? readOurs : readPlain;
    await read();
    readRates[which].push(await timed(read));
  };
  for (let round = 0; round < 4; round += 1) {
    const order = round % 2 === 0 ? (['ours', 'plain'] as const) : (['plain', 'ours'] as const);
    for (const which of order) await readWarm(which);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    return sorted.length % 2 === 0 ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
  };
  pairs.push({
    name: `readAll of ${(await have('events')).toLocaleString('en-US')} events (~600 B), pages of 1,000`,
    ours: median(readRates.ours),
    plain: median(readRates.plain),
    unit: 'events/s',
    target: 0.8,
  });

  await pool.end();
  await db.close();

  const format = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\nbench:store on ${db.server}, Node ${process.version}, ${cpus().length} CPUs\n`);
  console.log('| measurement | ours | plain pg (limit) | ratio | target |');
  console.log('|---|---:|---:|---:|---:|');
  for (const pair of pairs) {
    const ratio = pair.ours / pair.plain;
    const verdict = pair.target === 0 ? '-' : `>= ${pair.target}x ${ratio >= pair.target ? 'met' : 'MISSED'}`;
    console.log(
      `| ${pair.name} | ${format(pair.ours)} ${pair.unit} | ${format(pair.plain)} ${pair.unit} | ${ratio.toFixed(2)}x | ${verdict} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
