import { Client } from 'pg';
import type { PostgresEventStore } from '../../event-store/event-store';
import { LOG_START, type LogCheckpoint } from '../../event-store/types';
import { compareLogPlaces } from './log-order';
import { projectEvents, recordedDataAsStored, type ProjectBatchOptions } from './projection-batch';
import { ProjectionCache } from './projection-cache';
import { GENERATION_LOCK_KEY, REBUILD_LOCK_KEY } from './projection-keys';
import { silentLogger, type ProjectionLogger } from './projection-logger';
import { ReadModelRepository, type VersionToClose } from './read-model.repository';
import { ReadModelStateRepository } from './read-model-state.repository';
import { SerialQueries, type Queryable } from './serial-queries';

export interface RebuildOptions {
  connectionString: string;
  store: PostgresEventStore;
  batchSize?: number;
  /** After every batch. */
  onProgress?: (progress: RebuildProgress) => void;
  /** Drop the generation that was active before (default true); tests keep it to compare. */
  dropPrevious?: boolean;
  /**
   * How long each attempt to drop the old generation waits for queries still reading it; more than
   * deadlock_timeout (1 s), after which an autovacuum worker on the old tables gives way.
   */
  dropLockTimeoutMs?: number;
  dropAttempts?: number;
  logger?: ProjectionLogger;
  /**
   * The most changes the swap announces one by one (see ReadModelRepository.announceBetween);
   * beyond, listeners get one notice to catch up. Default SWAP_ANNOUNCE_LIMIT.
   */
  announceLimit?: number;
  /** Deferred closes kept in memory before they are staged in the database (default STAGED_CLOSES). */
  closesInMemory?: number;
}

/**
 * A live projector leaves the old generation a few batches behind at most; ten thousand changes
 * take the swap about 0.3 s to announce (30.7 s for a million, measured by bench:timeline).
 */
export const SWAP_ANNOUNCE_LIMIT = 10_000;

/** Deferred closes kept in memory before they are handed to the database (stageCloses). */
const STAGED_CLOSES = 50_000;

export interface RebuildProgress {
  schema: string;
  phase: 'projecting' | 'swapping';
  events: number;
  checkpoint: LogCheckpoint;
  elapsedSeconds: number;
}

export interface RebuildResult {
  schema: string;
  previousSchema: string;
  /** Log events projected (all of them, including the ones no read model uses). */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  checkpoint: LogCheckpoint;
  previousDropped: boolean;
  /** Where the time went (seconds, in this order; they add up to `seconds`), for benchmarks and the CLI. */
  phases: RebuildPhases;
}

export interface RebuildPhases {
  /** The bulk catch-up: reading, folding and writing every event (most of a rebuild). */
  projecting: number;
  /** ANALYZE of the big tables and closing the superseded versions at once. */
  closing: number;
  /** The indexes deferred until after the bulk phase. */
  indexes: number;
  /** VACUUM (ANALYZE) of the new generation. */
  vacuum: number;
  /** The last catch-up, then projecting the tail and the swap under the generation lock. */
  swap: number;
}

export class RebuildInProgressError extends Error {
  constructor() {
    super('another rebuild of the read models is running');
    this.name = 'RebuildInProgressError';
  }
}

/**
 * Blue/green rebuild: projects the whole log into a new generation (rm_<n+1>) beside the active
 * one, which the live runner keeps serving and writing meanwhile; vacuums and analyzes it, so that
 * it serves as fast as a settled one from the start (see vacuumGeneration); then, in one
 * transaction holding the generation lock exclusively (so no live batch is half done), projects
 * the last events, makes the new generation active and announces it (read_model_swapped); then
 * drops the old one once the queries still reading it are done.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildResult> {
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 1000;
  const connection = new Client({ connectionString: options.connectionString, application_name: 'timeline-rebuild' });
  await connection.connect();
  const client = new SerialQueries(connection);
  // Reads of the bulk phase, beside the queue of writes (see catchUp).
  const reader = new Client({
    connectionString: options.connectionString,
    application_name: 'timeline-rebuild-reader',
  });
  await reader.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      REBUILD_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) throw new RebuildInProgressError();
    // The new tables have no statistics until the end (and none at all where autovacuum is off):
    // cost guesses on them must not buy JIT compilation for every batch's statements.
    await client.query('SET jit = off');
    await preferLz4(client, logger);
    const state = new ReadModelStateRepository(client);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    if (await options.store.settleForFullRead())
      logger.log('Vacuumed the log first: much of it was new since its last vacuum');
    const { schema, deferredIndexes } = await createNextGeneration(
      state,
      client,
      logger,
      options.dropLockTimeoutMs ?? 3000,
    );
    logger.log(`Rebuilding the read model in ${schema}`);
    const repository = new ReadModelRepository(client, schema);
    // Safe to read beside the writes: a batch's states come from the cache unless they were
    // dropped from it, and the cache (at least 20,000 events, and four batches' worth) drops only
    // what no batch touched for far longer than the two batches whose writes may be in flight.
    const bulkRepository = new ReadModelRepository(client, schema, reader);
    const asStored = recordedDataAsStored(options.store.upcasters);
    let events = 0;
    let checkpoint: LogCheckpoint = LOG_START;
    const progress = (phase: RebuildProgress['phase']) =>
      options.onProgress?.({ schema, phase, events, checkpoint, elapsedSeconds: elapsed() });

    // The rebuild alone writes the new generation, so its cache is the truth about it. Events it
    // no longer holds are read back (beside the writes, see bulkRepository); a larger cache mostly
    // held events that were never touched again, and made every garbage collection slower.
    const cache = new ProjectionCache(Math.max(20_000, 4 * batchSize), 100_000);
    const quiet: ProjectBatchOptions = {
      announceAfter: null,
      recordedDataAsStored: asStored,
      onUnprojectable: unprojectable(logger),
    };
    // Closing each superseded version as its successor arrives updates rows batch after batch (a
    // large part of a rebuild's cost); they are collected and closed in one statement after the
    // bulk phase. Few: a version is superseded only by a revision, a retraction or a merge.
    const deferredCloses: VersionToClose[] = [];
    const bulk: ProjectBatchOptions = { ...quiet, deferredCloses };

    /**
     * Batches up to what is readable now, each one statement with its checkpoint. Pipelined: the
     * next page is read while this one is mapped, and mapped while this one is written (with
     * bulkRepository, whose reads do not queue behind the writes).
     */
    const catchUp = async (batchOptions: ProjectBatchOptions, target = repository) => {
      let writing: Promise<void> | undefined;
      let page = await options.store.readAll({ after: checkpoint, limit: batchSize });
      while (page.events.length > 0) {
        const next = page.caughtUp ? undefined : options.store.readAll({ after: page.checkpoint, limit: batchSize });
        next?.catch(() => undefined);
        const batch = await projectEvents(target, page.events, page.checkpoint, batchOptions, cache);
        await writing;
        writing = batch.written;
        if (deferredCloses.length >= (options.closesInMemory ?? STAGED_CLOSES)) {
          // Queued behind the batch's write on the same session, whose temporary table keeps them.
          writing = Promise.all([writing, repository.stageCloses(deferredCloses.splice(0))]).then(() => undefined);
          writing.catch(() => undefined); // awaited below; a failure meanwhile must not go unhandled
        }
        events += page.events.length;
        checkpoint = page.checkpoint;
        progress('projecting');
        if (!next) break;
        page = await next;
      }
      await writing;
    };

    const phases: RebuildPhases = { projecting: 0, closing: 0, indexes: 0, vacuum: 0, swap: 0 };
    let phaseStarted = 0;
    const phaseDone = (phase: keyof RebuildPhases) => {
      const now = elapsed();
      phases[phase] = now - phaseStarted;
      phaseStarted = now;
    };
    let previousSchema: string;
    try {
      // Nothing waits for these commits, and a crash loses the unfinished generation anyway.
      await client.query('SET synchronous_commit = off');
      await catchUp(bulk, bulkRepository);
      phaseDone('projecting');
      // Statistics for the statements below (autovacuum may be off, and is slow to come anyway).
      await client.query(`ANALYZE ${schema}.event_versions, ${schema}.event_participants`);
      await repository.stageCloses(deferredCloses.splice(0));
      await repository.closeStagedVersions();
      await client.query('RESET synchronous_commit');
      phaseDone('closing');
      logger.log(`Creating the remaining indexes of ${schema}`);
      await runOnConnections([client, reader], deferredIndexes);
      phaseDone('indexes');
      logger.log(`Vacuuming ${schema}`);
      await vacuumGeneration([client, reader], schema, logger);
      phaseDone('vacuum');
      await catchUp(quiet); // what was appended meanwhile, before taking the exclusive lock

      previousSchema = await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [GENERATION_LOCK_KEY]);
        const active = await state.activeSchema();
        // Listeners heard of what the old generation projected; the rest is announced here:
        // first what this rebuild projected beyond it before the lock, then the last batches.
        const announced = (await state.checkpointOf(active)).checkpoint;
        if (compareLogPlaces(announced, checkpoint) < 0) {
          const how = await repository.announceBetween(
            announced,
            checkpoint,
            options.announceLimit ?? SWAP_ANNOUNCE_LIMIT,
          );
          if (how === 'catch-up') logger.log('Announcing the swap as one catch-up notice: too many changes to list');
        }
        const announcing: ProjectBatchOptions = { ...quiet, announceAfter: announced };
        for (;;) {
          const last = await options.store.readAll({ after: checkpoint, limit: batchSize });
          if (last.events.length > 0) {
            const batch = await projectEvents(repository, last.events, last.checkpoint, announcing, cache);
            await batch.written;
            await repository.announce(batch.changes);
            events += last.events.length;
            checkpoint = last.checkpoint;
            progress('swapping');
          }
          if (last.caughtUp) break;
        }
        await state.activate(schema);
        return active;
      });
    } catch (error) {
      await state.dropGeneration(schema, 5000).catch(() => undefined);
      throw error;
    }
    phaseDone('swap');
    const seconds = elapsed();
    logger.log(`${schema} is active; ${events} events in ${seconds.toFixed(1)} s (${describePhases(phases)})`);

    const previousDropped =
      options.dropPrevious === false ? false : await dropWhenUnused(state, previousSchema, options, logger);
    return {
      schema,
      previousSchema,
      events,
      seconds,
      eventsPerSecond: events / Math.max(seconds, 1e-9),
      checkpoint,
      previousDropped,
      phases,
    };
  } finally {
    await connection.end().catch(() => undefined);
    await reader.end().catch(() => undefined);
  }
}

/**
 * Indexes the bulk projection does not use are built after it, in one pass each, which is several
 * times cheaper than keeping them up to date row by row (the GIN indexes above all, and the
 * participants' keys and actor index, whose random inserts outgrow the buffer cache). The bulk
 * phase keeps the event versions' primary key (it looks up the current versions), the actors'
 * (upserts) and the actor versions' (a new version closes the one before; actors are few); it
 * defers closing event versions and moving merged actors' rows until the indexes exist. The
 * statements are readModelDdl's own, so the generation ends up the same.
 */
const INDEXES_USED_WHILE_PROJECTING = new Set(['event_versions_pkey', 'actor_versions_pkey']);

/**
 * Most event_versions rows (a doc of 1-2 KiB beside the card and the search vector) are over
 * PostgreSQL's 2 KiB TOAST threshold, so every insert compresses the doc: with the default pglz
 * that was 14% of the server's CPU while projecting (perf, 100,000 events); inserting the same
 * 97,800 rows took 8.6 s with pglz, 5.8 s with lz4 and 5.3 s uncompressed, and lz4 decompresses
 * several times faster for the pages that read a doc. The values are the same either way (a
 * later write by the live projector may use the other method: both read back alike). A server
 * built without lz4 keeps pglz.
 */
async function preferLz4(client: Queryable, logger: ProjectionLogger): Promise<void> {
  try {
    await client.query(`SET default_toast_compression = 'lz4'`);
  } catch (error) {
    logger.warn(`lz4 unavailable, compressing with pglz: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** rm_<highest + 1>, after dropping generations that earlier rebuilds left behind (never the active one). */
async function createNextGeneration(
  state: ReadModelStateRepository,
  client: Queryable,
  logger: ProjectionLogger,
  lockTimeoutMs: number,
): Promise<{ schema: string; deferredIndexes: string[] }> {
  const active = await state.activeSchema();
  const generations = await state.generations();
  for (const leftover of generations.filter((schema) => schema !== active)) {
    try {
      await state.dropGeneration(leftover, lockTimeoutMs);
      logger.log(`Dropped ${leftover}, left behind by an earlier rebuild`);
    } catch (error) {
      logger.warn(`Could not drop ${leftover} yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const highest = Math.max(0, ...[...generations, active].map((schema) => Number(schema.slice(3))));
  const schema = `rm_${highest + 1}`;
  const deferredIndexes: string[] = [];
  await inTransaction(client, () =>
    state.createGeneration(schema, (statement) => {
      const index = /^(?:CREATE INDEX (\w+) ON|ALTER TABLE \S+ ADD CONSTRAINT (\w+) PRIMARY KEY)/
        .exec(statement)
        ?.slice(1)
        .find(Boolean);
      if (!index || INDEXES_USED_WHILE_PROJECTING.has(index)) return true;
      deferredIndexes.push(statement);
      return false;
    }),
  );
  return { schema, deferredIndexes };
}

/**
 * Maintenance statements (index builds, VACUUMs) on several connections: each takes the next
 * statement when it is done with its last. Each is one backend's work (sorting, filling a GIN
 * index, vacuuming a table); CREATE INDEX's SHARE lock lets several run on one table at once, and
 * VACUUM cannot run in a transaction, so each goes alone.
 */
async function runOnConnections(clients: Queryable[], statements: string[]): Promise<void> {
  const queue = [...statements];
  await Promise.all(
    clients.map(async (client) => {
      await client.query(`SET maintenance_work_mem = '256MB'`);
      try {
        for (let statement = queue.shift(); statement !== undefined; statement = queue.shift())
          await client.query(statement);
      } catch (error) {
        queue.length = 0; // the other connections stop after their current statement
        throw error;
      } finally {
        await client.query('RESET maintenance_work_mem');
      }
    }),
  );
}

/** The generation's tables, the biggest first (each is one connection's VACUUM). */
const GENERATION_TABLES = ['event_participants', 'event_versions', 'actor_versions', 'actors'];

/**
 * VACUUM (ANALYZE) of the new generation before it serves: statistics for the planner, and above
 * all the visibility map, which only VACUUM sets. Without it every index-only scan of a page (the
 * participants' actor index, the versions' timeline index) visits the heap for each entry, and a
 * page served right after a rebuild cost about 1.4x a settled one until autovacuum came by, late
 * on a generation written in one go, or never where it is off. The tables are vacuumed on both
 * connections at once (VACUUM is one backend's work, and cannot run in a transaction), then again
 * while one still has pages not all-visible, at most twice: VACUUM marks a page only when its
 * rows are older than every snapshot of the database, so a session that took one while the
 * generation was written (autovacuum's ANALYZE, a long report, a transaction left open) holds
 * back the pages written after it; before vacuuming again the rebuild waits for those sessions
 * (see waitForOlderSnapshots). FREEZE as well would spare a later anti-wraparound vacuum, but
 * took about ten times as long.
 */
async function vacuumGeneration(clients: Queryable[], schema: string, logger: ProjectionLogger): Promise<void> {
  const vacuum = (tables: string[], command: string) =>
    runOnConnections(
      clients,
      tables.map((table) => `${command} ${schema}.${table}`),
    );
  // Every row of the generation was written by a transaction below this one.
  const { rows: marks } = await clients[0]!.query<{ next: string }>(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next',
  );
  const written = marks[0]!.next;
  await vacuum(GENERATION_TABLES, 'VACUUM (ANALYZE)');
  for (let pass = 1; pass <= 2; pass += 1) {
    const { rows } = await clients[0]!.query<{ table: string; pages: number; visible: number }>(
      `SELECT c.relname AS table, c.relpages AS pages, c.relallvisible AS visible
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY ($2::text[]) AND c.relallvisible < c.relpages
        ORDER BY c.relpages DESC`,
      [schema, GENERATION_TABLES],
    );
    if (rows.length === 0) return;
    logger.log(
      `Vacuuming again (${rows.map((row) => `${row.table}: ${row.visible} of ${row.pages} pages all-visible`).join(', ')})`,
    );
    await waitForOlderSnapshots(clients[0]!, written, logger);
    await vacuum(
      rows.map((row) => row.table),
      'VACUUM',
    );
  }
}

/** How long a rebuild waits for older snapshots before vacuuming again: little beside its minutes. */
const SNAPSHOT_WAIT_MS = 10_000;

/**
 * Waits, at most SNAPSHOT_WAIT_MS, until no other session of this database holds a snapshot or a
 * transaction older than `written` (the first transaction id after the generation's last write),
 * and names the ones it waited for. Polling: PostgreSQL offers no way to wait for another
 * session's snapshot to end.
 */
async function waitForOlderSnapshots(client: Queryable, written: string, logger: ProjectionLogger): Promise<void> {
  const deadline = Date.now() + SNAPSHOT_WAIT_MS;
  for (let logged = false; ;) {
    // age() counts back from the next transaction id: a session is older than the mark when its
    // snapshot's (or its transaction's) age is larger than the mark's. xid8 to 32-bit xid: mod 2^32.
    const { rows } = await client.query<{ pid: number; who: string }>(
      `WITH mark AS (SELECT age((($1::bigint) % 4294967296)::text::xid) AS age)
       SELECT a.pid, concat_ws(' ', nullif(a.application_name, ''), a.backend_type, a.state) AS who
         FROM pg_stat_activity a, mark
        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
          AND (age(a.backend_xmin) > mark.age OR age(a.backend_xid) > mark.age)`,
      [written],
    );
    if (rows.length === 0) return;
    if (Date.now() >= deadline) {
      logger.warn(`Vacuuming anyway; still older: ${rows.map((row) => `${row.pid} (${row.who})`).join(', ')}`);
      return;
    }
    if (!logged) logger.log(`Waiting for older snapshots: ${rows.map((row) => `${row.pid} (${row.who})`).join(', ')}`);
    logged = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Queries that picked the old generation before the swap hold locks on it; the DROP waits for them a little at a time. */
async function dropWhenUnused(
  state: ReadModelStateRepository,
  schema: string,
  options: RebuildOptions,
  logger: ProjectionLogger,
): Promise<boolean> {
  const attempts = options.dropAttempts ?? 30;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await state.dropGeneration(schema, options.dropLockTimeoutMs ?? 3000);
      logger.log(`Dropped ${schema}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03' || attempt >= attempts) {
        logger.warn(
          `Could not drop ${schema} (the next rebuild will): ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** "projecting 60.1 s, closing 4.0 s, ...": the phases as the CLI and the benchmarks print them. */
export function describePhases(phases: RebuildPhases): string {
  return Object.entries(phases)
    .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)} s`)
    .join(', ');
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function unprojectable(logger: ProjectionLogger): ProjectBatchOptions['onUnprojectable'] {
  return (event, error) =>
    logger.error(
      `Skipped ${event.type} at position ${event.globalPosition} (${event.streamId}): ${error instanceof Error ? error.message : String(error)}`,
    );
}
