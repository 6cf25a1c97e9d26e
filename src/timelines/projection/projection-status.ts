import type { Pool } from 'pg';
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
}

const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA = '3F000';

/** How far the read model is behind the log, for health, metrics, GraphQL and "wait until visible". */
export class ProjectionStatus {
  private readonly state: ReadModelStateRepository;
  private readonly waitState: ReadModelStateRepository;

  /**
   * pool answers status() (health's, so that busy readers cannot fail it); waitPool, when given,
   * answers the waits of requests (the readers' pool, so that they cannot starve health).
   */
  constructor(
    pool: Pool,
    private readonly runner?: ProjectionRunner,
    private readonly pollMs = 50,
    waitPool?: Pool,
  ) {
    this.state = new ReadModelStateRepository(pool);
    this.waitState = waitPool ? new ReadModelStateRepository(waitPool) : this.state;
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
   * on the readers' pool; part of the HTTP answers' ETags.
   */
  async readPosition(): Promise<string> {
    const { schema, checkpoint } = await this.activeCheckpoint(this.waitState);
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
    };
  }

  /**
   * Resolves true once the active read model includes the log event at this global position,
   * false if it does not within timeoutMs (or there is no such event). For mutations that answer
   * only when their change is visible.
   */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let place: LogCheckpoint | undefined;
    for (;;) {
      place ??= await this.waitState.placeOf(position);
      if (place && covers((await this.activeCheckpoint(this.waitState)).checkpoint, place)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.nextBatchOrPoll(Math.min(left, this.pollMs));
    }
  }

  /** The checkpoint of the generation active now (retried once when a swap drops it in between). */
  private async activeCheckpoint(
    state: ReadModelStateRepository,
  ): Promise<{ schema: string; checkpoint: LogCheckpoint; updatedAt: Date }> {
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
