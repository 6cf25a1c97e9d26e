import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';

/**
 * One request's share of the read pools: at most `limit` of its queries run at once, the rest
 * wait their turn. Without it one request could hold every connection of a read pool: a query
 * of fifteen aliased `totalCount`s over the 1M-event bench read model ran fifteen one-second
 * counts at once and every other client's read got SERVICE_UNAVAILABLE (pool_exhausted) meanwhile.
 * The cost budget bounds what a request may ask for; this bounds how much of the database it
 * holds at a time. Hand-written: a counter and a queue, carried by AsyncLocalStorage as the read
 * router carries a request's database.
 */
class ReadShare {
  private active = 0;
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly limit: number) {}

  acquire(): Promise<void> | undefined {
    if (this.closed) return Promise.reject(new ReadShareClosedError());
    if (this.active < this.limit) {
      this.active += 1;
      return undefined;
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * The request is over (answered, timed out, or its client gone): its queries still waiting are
   * not run, nor any it would start. Without this, a request cut off by its time budget kept its
   * queue running, two at a time, long after its answer.
   */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new ReadShareClosedError());
  }

  /** The slot goes to the next query waiting, or back to the share. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.active -= 1;
  }
}

/** A query of a request that is over: nobody waits for its answer any more. */
export class ReadShareClosedError extends Error {
  constructor() {
    super('the request this read belonged to is over');
    this.name = 'ReadShareClosedError';
  }
}

const shares = new AsyncLocalStorage<ReadShare>();

/**
 * Runs work (one GraphQL request or WebSocket operation) with its own share of the read pools;
 * `closed`, once called, ends the share (see ReadShare.close).
 */
export function withReadShare<T>(limit: number, work: () => T, onShare?: (close: () => void) => void): T {
  const share = new ReadShare(limit);
  onShare?.(() => share.close());
  return shares.run(share, work);
}

/**
 * Runs work outside any request's share: reads one request starts but every request shares (the
 * record-time horizon, the active generation) must not wait behind that request's own queries.
 */
export function outsideReadShare<T>(work: () => T): T {
  return shares.exit(work);
}

/** A request's share: at most this many of its reads at once, and always one connection left to others. */
export function readsPerRequest(configured: number, poolSize: number): number {
  return Math.max(1, Math.min(configured, poolSize - 1));
}

/**
 * Makes this pool's query wait, within a request (withReadShare), for a slot of the request's
 * share; outside one (the projector, subscriptions' fan-out, start-up) it runs as before.
 * Queries given a callback are pg's other form, which the service does not use: passed through.
 */
export function shareReadsPerRequest(pool: Pool): Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const shared = (...args: unknown[]): unknown => {
    const share = shares.getStore();
    if (!share || typeof args[args.length - 1] === 'function') return query(...args);
    const waited = share.acquire();
    const run = () => {
      let running: Promise<unknown>;
      try {
        running = query(...args);
      } catch (error) {
        share.release();
        throw error;
      }
      return running.finally(() => share.release());
    };
    return waited ? waited.then(run) : run();
  };
  pool.query = shared as Pool['query'];
  return pool;
}
