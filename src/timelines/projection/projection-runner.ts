import { Client } from 'pg';
import { sessionOptions } from '../../database/pools';
import type { PostgresEventStore } from '../../event-store/event-store';
import type { LogNotifications } from '../../event-store/log-notifications';
import { LOG_START, checkpointToString, type LogCheckpoint, type StoredEvent } from '../../event-store/types';
import { compareLogPlaces } from './log-order';
import { projectEvents, recordedDataAsStored } from './projection-batch';
import { ProjectionCache } from './projection-cache';
import { GENERATION_LOCK_KEY, PROJECTOR_LOCK_KEY } from './projection-keys';
import { silentLogger, type ProjectionLogger } from './projection-logger';
import { ReadModelRepository } from './read-model.repository';
import { ReadModelStateRepository } from './read-model-state.repository';
import { SerialQueries } from './serial-queries';

export interface ProjectionRunnerOptions {
  /** The runner holds a connection of its own (not from the pool): the lock lives and dies with it. */
  connectionString: string;
  store: PostgresEventStore;
  /** Wake-ups after appends; without them the runner only polls. */
  notifications?: LogNotifications;
  batchSize?: number;
  /** Polling when caught up, for events that become readable without a notification. */
  pollIntervalMs?: number;
  /** How often a standby tries to take the projector lock, and the pause after a failure. */
  lockRetryMs?: number;
  logger?: ProjectionLogger;
  applicationName?: string;
  /**
   * The server ends the runner's session after this long without a statement, idle or inside a
   * batch: a leader that stops responding (SIGSTOP, a frozen VM) loses the lock by then, and a
   * standby takes over. The runner sends a heartbeat well inside it while it waits.
   */
  sessionTimeoutMs?: number;
}

export interface BatchCommitted {
  schema: string;
  checkpoint: LogCheckpoint;
  events: number;
  applied: number;
  committedAt: Date;
}

interface Place {
  schema: string;
  checkpoint: LogCheckpoint;
}

/**
 * Projects the log into the active read-model generation, one instance at a time: the runner that
 * holds the projector lock (a session advisory lock on its own connection) catches up, then
 * follows the log, woken by commit notifications and polling. Each batch is one transaction on
 * that same connection that writes the rows and the checkpoint together, so a crash loses nothing
 * and applies nothing twice, and a lost connection both aborts the batch and frees the lock for a
 * standby. Other instances are standbys that try the lock every lockRetryMs.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockRetryMs: number;
  private readonly logger: ProjectionLogger;
  private client: Client | undefined;
  private connectionError: Error | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private holdsLock = false;
  private committedSinceRead = false;
  private wakeWaiter: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly batchListeners = new Set<(batch: BatchCommitted) => void>();
  /** Each waiter with the number of log reads started before it asked (see whenCaughtUp). */
  private caughtUpWaiters: Array<{ readsBefore: number; done: () => void }> = [];
  private readsStarted = 0;
  private place: Place | undefined;
  private cache = new ProjectionCache();
  private lastBatch: Date | undefined;
  private readonly sessionTimeoutMs: number;
  private readonly heartbeatMs: number;
  private lastStatementAt = 0;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 20_000;
    // Four heartbeats per timeout: a late timer or a slow round trip still leaves room.
    this.heartbeatMs = Math.max(100, Math.floor(this.sessionTimeoutMs / 4));
    this.pollIntervalMs = Math.min(options.pollIntervalMs ?? 1000, this.heartbeatMs);
    this.lockRetryMs = Math.min(options.lockRetryMs ?? 1000, this.heartbeatMs);
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts the loop in the background: standby until it holds the lock, then projecting. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.unsubscribe = this.options.notifications?.onCommit(() => this.wake(true));
    this.loop = this.run();
  }

  /** Finishes the batch in progress, releases the lock and closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake(false);
    await this.loop;
    this.loop = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** This instance holds the projector lock. */
  get runningHere(): boolean {
    return this.holdsLock;
  }

  /** The backend pid of the runner's connection (for operators and tests). */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  get lastBatchAt(): Date | undefined {
    return this.lastBatch;
  }

  onBatch(listener: (batch: BatchCommitted) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /**
   * Resolves the next time this runner, holding the lock, finds nothing more to read in a read of
   * the log that started after this call: so whatever was committed before the call is projected.
   * (A read already in flight may have started before that commit and come back empty.)
   */
  whenCaughtUp(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = {
        readsBefore: this.readsStarted,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.caughtUpWaiters = this.caughtUpWaiters.filter((other) => other !== waiter);
        reject(new Error(`the projection did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      this.caughtUpWaiters.push(waiter);
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const client = await this.connect();
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
          PROJECTOR_LOCK_KEY,
        ]);
        if (!rows[0]?.locked) {
          await this.pause(this.lockRetryMs);
          continue;
        }
        this.holdsLock = true;
        this.logger.log('Holding the projector lock: projecting the log into the read model');
        await this.follow(client);
      } catch (error) {
        if (this.holdsLock)
          this.logger.warn(`Projection stopped: ${describe(error)}; retrying in ${this.lockRetryMs} ms`);
        else if (!this.stopping) this.logger.warn(`Projector standby: ${describe(error)}`);
        await this.disconnect();
        await this.pause(this.lockRetryMs);
      }
    }
    await this.disconnect();
  }

  private async follow(connection: Client): Promise<void> {
    const client = new SerialQueries(connection);
    const state = new ReadModelStateRepository(client);
    const schema = await state.activeSchema();
    this.place = { schema, checkpoint: (await state.checkpointOf(schema)).checkpoint };
    // Only this runner writes the active generation while it holds the lock; after a failure
    // (which ends this call) the next holder starts with an empty cache.
    this.cache = new ProjectionCache();
    this.logger.log(`Projecting into ${schema} from ${checkpointToString(this.place.checkpoint)}`);
    while (!this.stopping) {
      this.committedSinceRead = false;
      if (this.connectionError) throw this.connectionError;
      const read = ++this.readsStarted;
      const page = await this.options.store.readAll({ after: this.place.checkpoint, limit: this.batchSize });
      if (page.events.length > 0 && !(await this.applyPage(client, page.events))) continue;
      if (page.caughtUp) {
        const answered = this.caughtUpWaiters.filter((waiter) => waiter.readsBefore < read);
        this.caughtUpWaiters = this.caughtUpWaiters.filter((waiter) => waiter.readsBefore >= read);
        for (const waiter of answered) waiter.done();
        if (this.caughtUpWaiters.length > 0) continue; // they asked during this read: read once more
        await this.heartbeat(client);
        await this.pause(this.pollIntervalMs, true);
      }
    }
  }

  /** Log reads go through a pool: the lock's session would otherwise sit idle while caught up, and be ended by the server. */
  private async heartbeat(client: SerialQueries): Promise<void> {
    if (Date.now() - this.lastStatementAt < this.heartbeatMs) return;
    await client.query('SELECT 1');
    this.lastStatementAt = Date.now();
  }

  /**
   * One batch transaction; false when the generation or its checkpoint changed and the page must be
   * read again. The checkpoint is locked and compared with the one this runner last read or wrote:
   * a leader that was stopped, lost its session to a standby and resumed finds the checkpoint moved
   * on and writes nothing (and its old session is gone, so it no longer holds the lock either).
   */
  private async applyPage(client: SerialQueries, events: StoredEvent[]): Promise<boolean> {
    const place = this.place!;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock_shared($1)', [GENERATION_LOCK_KEY]);
      const schema = await new ReadModelStateRepository(client).activeSchema();
      const repository = new ReadModelRepository(client, schema);
      const stored = await repository.lockCheckpoint();
      if (schema !== place.schema || compareLogPlaces(stored, place.checkpoint) !== 0) {
        await client.query('ROLLBACK');
        if (schema !== place.schema)
          this.logger.log(
            `The active read model is now ${schema}: projecting into it from ${checkpointToString(stored)}`,
          );
        this.place = { schema, checkpoint: stored };
        this.cache = new ProjectionCache();
        return false;
      }
      const last = events.at(-1)!;
      const checkpoint = { transactionId: last.transactionId, position: last.globalPosition };
      const batch = await projectEvents(
        repository,
        events,
        checkpoint,
        {
          announceAfter: LOG_START,
          recordedDataAsStored: recordedDataAsStored(this.options.store.upcasters),
          onUnprojectable: (event, error) =>
            this.logger.error(
              `Skipped ${event.type} at position ${event.globalPosition} (${event.streamId}): ${describe(error)}`,
            ),
        },
        this.cache,
      );
      await batch.written;
      await repository.announce(batch.changes);
      await client.query('COMMIT');
      this.lastStatementAt = Date.now();
      this.place = { schema, checkpoint };
      this.lastBatch = new Date();
      const committed = {
        schema,
        checkpoint,
        events: events.length,
        applied: batch.applied,
        committedAt: this.lastBatch,
      };
      for (const listener of this.batchListeners) listener(committed);
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async connect(): Promise<Client> {
    if (this.client && !this.connectionError) return this.client;
    await this.disconnect();
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName ?? 'timeline-projector',
      connectionTimeoutMillis: 10_000,
      // The kernel answers keepalives even for a stopped process: these catch a lost network,
      // the idle timeouts below a stopped or hung leader.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      options: sessionOptions({
        idleSessionTimeoutMs: this.sessionTimeoutMs,
        idleInTransactionTimeoutMs: this.sessionTimeoutMs,
      }),
    });
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.connectionError = error;
      this.wake(false);
    });
    this.client = client;
    await client.connect();
    this.lastStatementAt = Date.now();
    return client;
  }

  /** Closing the session releases the lock too. */
  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connectionError = undefined;
    if (this.holdsLock) this.logger.log('Released the projector lock');
    this.holdsLock = false;
    this.place = undefined;
    if (!client) return;
    await client.end().catch(() => undefined);
  }

  /** Sleeps; stop() and connection errors cut it short, and so do commits when wakeOnCommit. */
  private pause(ms: number, wakeOnCommit = false): Promise<void> {
    if (this.stopping || this.connectionError || (wakeOnCommit && this.committedSinceRead)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeWaiter = wakeOnCommit ? done : () => (this.stopping || this.connectionError ? done() : undefined);
    });
  }

  private wake(commit: boolean): void {
    if (commit) this.committedSinceRead = true;
    this.wakeWaiter?.();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
