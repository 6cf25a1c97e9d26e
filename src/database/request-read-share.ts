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
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  acquire(): Promise<void> | undefined {
    if (this.active < this.limit) {
      this.active += 1;
      return undefined;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The slot goes to the next query waiting, or back to the share. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

const shares = new AsyncLocalStorage<ReadShare>();

/** Runs work (one GraphQL request or WebSocket operation) with its own share of the read pools. */
export function withReadShare<T>(limit: number, work: () => T): T {
  return shares.run(new ReadShare(limit), work);
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
