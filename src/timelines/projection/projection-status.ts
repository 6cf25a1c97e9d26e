import type { Pool } from 'pg';
import type { ReadReplica, ReadRouter, ReplicaStatus } from '../../database/read-replicas/read-router';
import { outsideReadShare } from '../../database/request-read-share';
import type { LogCheckpoint } from '../../event-store/types';
import { covers } from './log-order';
import type { ProjectionRunner } from './projection-runner';
import { ReadModelStateRepository } from './read-model-state.repository';

export interface ProjectionStatusSnapshot {
  activeSchema: string;
  /** The active generation's checkpoint. */
  checkpoint: LogCheckpoint;
  headPosition: bigint;
  /** Log events after the checkpoint, counted up to 1,000,000. */
  lagEvents: number;
  /** Now minus recorded_at of the oldest event not projected yet; 0 when caught up. */
  lagSeconds: number;
  /** This instance holds the projector lock. */
  runningHere: boolean;
  /** When the active generation's checkpoint last moved (on whichever instance projects); null before the first batch. */
  lastBatchAt: Date | null;
  /** DATABASE_READ_URL's replicas as the read router last probed them; empty without replicas. */
  replicas: ReplicaStatus[];
}

/** A minPosition answered by a replica waits this long for it, then the primary answers. */
export const REPLICA_WAIT_MS = 2_000;

/** What a wait for a record-time horizon came to. */
export type AsOfWait =
  | { outcome: 'final'; horizon: Date }
  /** The horizon did not pass asOf in time. */
  | { outcome: 'timeout'; horizon: Date | null }
  /** asOf is further ahead of the database's clock than the wait may last. */
  | { outcome: 'future'; horizon: Date | null; now: Date };

const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA = '3F000';

/** How far the read model is behind the log, for health, metrics, GraphQL and "wait until visible". */
export class ProjectionStatus {
  private readonly state: ReadModelStateRepository;
  private readonly waitState: ReadModelStateRepository;
  /** The latest record-time horizon this instance has found: one found stays true for good. */
  private knownHorizon: Date | null = null;
  private horizonRead: Promise<{ horizon: Date | null; now: Date }> | undefined;

  /** Where readPosition reads: the request's database when replicas serve reads. */
  private readonly routedState: ReadModelStateRepository;

  /**
   * pool answers status() (health's, so that busy readers cannot fail it); waitPool, when given,
   * answers the waits of requests (the readers' pool, so that they cannot starve health). With a
   * read router (DATABASE_READ_URL), a request's wait decides which database answers it.
   */
  constructor(
    pool: Pool,
    private readonly runner?: ProjectionRunner,
    private readonly pollMs = 50,
    waitPool?: Pool,
    private readonly router: ReadRouter | null = null,
  ) {
    this.state = new ReadModelStateRepository(pool);
    this.waitState = waitPool ? new ReadModelStateRepository(waitPool) : this.state;
    this.routedState = router ? new ReadModelStateRepository(router.routed) : this.waitState;
  }

  /** For health and metrics. */
  status(): Promise<ProjectionStatusSnapshot> {
    return this.snapshot(this.state);
  }

  /** For a client's request (the projectionStatus query): on the readers' pool, not health's. */
  statusForRequest(): Promise<ProjectionStatusSnapshot> {
    return this.snapshot(this.waitState);
  }

  /**
   * Where the read model that answers requests stands: its generation and checkpoint, as one
   * string that changes whenever the read model's content can (a batch, a rebuild's swap). Read
   * on the readers' pool; part of the HTTP answers' ETags. With replicas, read on the database the
   * request reads from (the router keeps it for the request): a replica's position, never the
   * primary's, tags a replica's answer, so a tag never claims newer data than it was given with.
   */
  async readPosition(): Promise<string> {
    const { schema, checkpoint } = await this.activeCheckpoint(this.routedState);
    return `${schema}:${checkpoint.transactionId}:${checkpoint.position}`;
  }

  private async snapshot(state: ReadModelStateRepository): Promise<ProjectionStatusSnapshot> {
    const { schema, checkpoint, updatedAt } = await this.activeCheckpoint(state);
    const lag = await state.lag(checkpoint);
    return {
      activeSchema: schema,
      checkpoint,
      headPosition: lag.headPosition,
      lagEvents: lag.lagEvents,
      lagSeconds: lag.lagSeconds,
      runningHere: this.runner?.runningHere ?? false,
      // The checkpoint row is written when the generation is created, before any batch.
      lastBatchAt: checkpoint.position === 0n ? null : updatedAt,
      replicas: this.router?.status() ?? [],
    };
  }

  /**
   * Resolves true once the active read model includes the log event at this global position,
   * false if it does not within timeoutMs (or there is no such event). For mutations that answer
   * only when their change is visible.
   */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (await this.waitOnReplica(position, Math.min(REPLICA_WAIT_MS, timeoutMs))) return true;
    let place: LogCheckpoint | undefined;
    for (;;) {
      place ??= await this.waitState.placeOf(position);
      if (place && covers((await this.activeCheckpoint(this.waitState)).checkpoint, place)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextBatchOrPoll(Math.min(left, this.pollMs));
    }
  }

  /**
   * The record-time horizon: every version whose (effective) record time is before it is in the
   * read model, and none can be added later, so an answer `asOf` a moment before it is final.
   *
   * Why: the read model holds exactly the log's events up to its checkpoint K in the gap-safe order
   * (readAll hands the projector every event of a transaction below the read bound, and none
   * above), and a version's record time is the running maximum of insert times along that order
   * (effectiveRecordTime). Every version added later comes after K, so its record time is at least
   * (a) the one at K (the checkpoint's record_time), and at least (b) its own insert time, which is
   * at least the floor event_log_record_time_floor(K) reads: the oldest insert time of the
   * committed events after K, the start of every transaction appending now (an append held open,
   * or one whose transaction began long before its append: its insert time is read inside it), and
   * the clock for every append that has not taken its locks yet. The horizon is the later of (a)
   * and (b), truncated to the read model's milliseconds. K is read first, the floor after it (the
   * events after K then include any the projector applied in between); a later query of the read
   * model sees K or more, and what lies beyond K has record times at or after the horizon.
   *
   * Kept per instance, never lowered: a floor read later can be lower (a transaction that started
   * before the last reading took its append lock since), and the earlier horizon stays true.
   * Concurrent callers share one reading (two statements on the readers' pool).
   */
  recordTimeHorizon(): Promise<{ horizon: Date | null; now: Date }> {
    // Shared by every request waiting: read outside the share of the one that started it.
    this.horizonRead ??= outsideReadShare(() => this.readHorizon()).finally(() => (this.horizonRead = undefined));
    return this.horizonRead;
  }

  /** Whether an answer asOf this moment is final, by the latest horizon this instance has found (no query). */
  isFinalAsOf(asOf: Date): boolean {
    return this.knownHorizon !== null && asOf.getTime() < this.knownHorizon.getTime();
  }

  /**
   * Waits until an answer asOf this moment is final (the horizon passes it), at most timeoutMs;
   * answers at once when asOf is further ahead of the database's clock than that.
   */
  async waitForAsOf(asOf: Date, timeoutMs: number): Promise<AsOfWait> {
    await this.routeAsOf(asOf);
    if (this.isFinalAsOf(asOf)) return { outcome: 'final', horizon: this.knownHorizon! };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { horizon, now } = await this.recordTimeHorizon();
      if (horizon && asOf.getTime() < horizon.getTime()) return { outcome: 'final', horizon };
      const left = deadline - Date.now();
      if (asOf.getTime() - now.getTime() >= left) return { outcome: 'future', horizon, now };
      if (left <= 0) return { outcome: 'timeout', horizon };
      await this.nextBatchOrPoll(Math.min(left, this.pollMs));
    }
  }

  private async readHorizon(): Promise<{ horizon: Date | null; now: Date }> {
    const { checkpoint, recordTime } = await this.activeCheckpoint(this.waitState);
    const { floor, now } = await this.waitState.recordTimeFloor(checkpoint);
    for (const found of [recordTime, floor]) {
      // Milliseconds, as the read model keeps record times: truncated, so still a floor.
      const at = found === null ? null : Math.floor(found.getTime());
      if (at !== null && (this.knownHorizon === null || at > this.knownHorizon.getTime()))
        this.knownHorizon = new Date(at);
    }
    return { horizon: this.knownHorizon, now };
  }

  /**
   * With replicas: whether the replica this request reads from includes the event at this
   * position within timeoutMs (the request then stays on it); otherwise the request moves to the
   * primary, whose wait follows. Without replicas, or on the primary already: false at once.
   */
  private async waitOnReplica(position: bigint, timeoutMs: number): Promise<boolean> {
    if (!this.router) return false;
    const replica = this.router.replicaOfRequest();
    // No replica serves now: the request stays on the primary, where it waits (one back meanwhile may lack the position).
    if (!replica) {
      this.router.pin(this.router.primary);
      return false;
    }
    const deadline = Date.now() + timeoutMs;
    try {
      // Where the event is in the log: on the primary, where it is written first.
      const place = await this.waitState.placeOf(position);
      const state = new ReadModelStateRepository(replica.pool);
      while (place) {
        if (covers((await this.activeCheckpoint(state)).checkpoint, place)) {
          this.router.pin(replica.pool);
          return true;
        }
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, this.pollMs)));
      }
    } catch {
      // The replica failed the check (down, a conflict): the primary answers.
    }
    this.router.pin(this.router.primary);
    return false;
  }

  /**
   * With replicas: an answer asOf a moment comes from the request's replica only when final
   * there, i.e. before the record time at the replica's own checkpoint (part (a) of the horizon:
   * the part a replica can know; the floor of appends in flight only the primary sees). Otherwise
   * the request moves to the primary, whose horizon the wait follows.
   */
  private async routeAsOf(asOf: Date): Promise<void> {
    if (!this.router) return;
    const replica: ReadReplica | undefined = this.router.replicaOfRequest();
    if (!replica) {
      this.router.pin(this.router.primary);
      return;
    }
    try {
      const { recordTime } = await this.activeCheckpoint(new ReadModelStateRepository(replica.pool));
      if (recordTime !== null && asOf.getTime() < recordTime.getTime()) {
        this.router.pin(replica.pool);
        return;
      }
    } catch {
      // The replica failed the check: the primary answers.
    }
    this.router.pin(this.router.primary);
  }

  /**
   * The replica that may re-read a change at this position for subscribers (one usable replica
   * whose read model includes it, checked once, no wait); undefined: the primary re-reads it.
   */
  async replicaCovering(position: bigint): Promise<Pool | undefined> {
    const replica = this.router?.replicaOfRequest();
    if (!replica) return undefined;
    try {
      const state = new ReadModelStateRepository(replica.pool);
      const place = await state.placeOf(position);
      return place && covers((await this.activeCheckpoint(state)).checkpoint, place) ? replica.pool : undefined;
    } catch {
      return undefined;
    }
  }

  /** The checkpoint of the generation active now (retried once when a swap drops it in between). */
  private async activeCheckpoint(
    state: ReadModelStateRepository,
  ): Promise<{ schema: string; checkpoint: LogCheckpoint; updatedAt: Date; recordTime: Date | null }> {
    for (let attempt = 1; ; attempt += 1) {
      const schema = await state.activeSchema();
      try {
        return { schema, ...(await state.checkpointOf(schema)) };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 3 || (code !== UNDEFINED_TABLE && code !== INVALID_SCHEMA)) throw error;
      }
    }
  }

  /** A batch committed here wakes the waiter at once; otherwise (projected elsewhere) it polls. */
  private nextBatchOrPoll(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe?.();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.runner?.onBatch(done);
    });
  }
}
