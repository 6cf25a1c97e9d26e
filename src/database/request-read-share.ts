import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';

/**
 * One request's share of the read pools: at most `limit` of its queries run at once, the rest
 * wait their turn. Without it one request could hold every connection of a read pool: a query
 * of fifteen aliased `totalCount`s over the 1M-event bench read model ran fifteen one-second
 * counts at once and every other client's read got SERVICE_UNAVAILABLE (pool_exhausted) meanwhile.
 * The cost budget bounds what a request may ask for; this bounds how much of the database it
 * holds at a time. A request from an address also takes a slot of that address's share
 * (AddressShares): 32 requests in flight from one address (HTTP_MAX_CONCURRENT_PER_ADDRESS) at two
 * reads each would otherwise hold every connection. Hand-written: counters and queues, carried by
 * AsyncLocalStorage as the read router carries a request's database.
 */
class ReadShare {
  private readonly own: Gate;
  private closed = false;

  constructor(
    limit: number,
    private readonly address?: AddressGate,
  ) {
    this.own = new Gate(limit);
  }

  /** Undefined when both slots were free (no promise on the common path); else when they are taken. */
  acquire(): Promise<void> | undefined {
    if (this.closed) return Promise.reject(new ReadShareClosedError());
    const own = this.own.enter(this);
    if (own) return own.then(() => this.enterAddress());
    return this.enterAddress();
  }

  private enterAddress(): Promise<void> | undefined {
    if (this.closed) {
      // Its turn came as the request closed: the slot it was handed goes on.
      this.own.leave();
      return Promise.reject(new ReadShareClosedError());
    }
    const waited = this.address?.gate.enter(this);
    if (!waited) return undefined;
    return waited.catch((error: unknown) => {
      this.own.leave();
      throw error;
    });
  }

  /**
   * The request is over (answered, timed out, or its client gone): its queries still waiting are
   * not run, nor any it would start. Without this, a request cut off by its time budget kept its
   * queue running, two at a time, long after its answer.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.own.refuse(this);
    if (this.address) {
      this.address.gate.refuse(this);
      this.address.detach();
    }
  }

  /** The slots go to the next queries waiting, or back to the shares. */
  release(): void {
    this.address?.gate.leave();
    this.own.leave();
  }
}

/** A counter and a queue: at most `limit` inside, the others wait in order. */
class Gate {
  active = 0;
  private waiting: { owner: ReadShare; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly limit: number,
    /** Called when a slot is freed and nobody waits. */
    private readonly onIdle?: () => void,
  ) {}

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  enter(owner: ReadShare): Promise<void> | undefined {
    if (this.active < this.limit) {
      this.active += 1;
      return undefined;
    }
    return new Promise((resolve, reject) => this.waiting.push({ owner, resolve, reject }));
  }

  /** The slot passes to the first waiting, or is free again. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.active -= 1;
    if (this.idle) this.onIdle?.();
  }

  /** The owner's waiting queries are refused (its request is over); the others keep their places. */
  refuse(owner: ReadShare): void {
    const refused = this.waiting.filter((waiter) => waiter.owner === owner);
    if (refused.length === 0) return;
    this.waiting = this.waiting.filter((waiter) => waiter.owner !== owner);
    for (const waiter of refused) waiter.reject(new ReadShareClosedError());
  }
}

/** One address's gate, kept while a request from it is open or a read of one is running. */
interface AddressGate {
  gate: Gate;
  detach(): void;
}

/**
 * The reads of each client address, across its requests and WebSocket operations: at most
 * `limit` at once in this process. The map holds only addresses with a request open or a read
 * running. Behind a proxy every client shares the proxy's address: raise the limit there.
 */
export class AddressShares {
  private readonly gates = new Map<string, { gate: Gate; requests: number }>();

  constructor(readonly limit: number) {}

  /** How many addresses are held (for tests: none once every request is over). */
  get size(): number {
    return this.gates.size;
  }

  attach(address: string): AddressGate {
    let entry = this.gates.get(address);
    if (!entry) {
      const created = { gate: new Gate(this.limit, () => this.forget(address, created)), requests: 0 };
      this.gates.set(address, (entry = created));
    }
    entry.requests += 1;
    const held = entry;
    return {
      gate: held.gate,
      detach: () => {
        held.requests -= 1;
        this.forget(address, held);
      },
    };
  }

  /** A read still running after its request closed leaves later: the address is forgotten then. */
  private forget(address: string, entry: { gate: Gate; requests: number }): void {
    if (entry.requests === 0 && entry.gate.idle && this.gates.get(address) === entry) this.gates.delete(address);
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
export function withReadShare<T>(
  limit: number,
  work: () => T,
  onShare?: (close: () => void) => void,
  address?: { shares: AddressShares; address: string },
): T {
  // An address's entry lives until its requests end: a share that is never closed would keep it.
  if (address && !onShare) throw new Error('a read share counted against an address must be closed by its caller');
  const share = new ReadShare(limit, address?.shares.attach(address.address));
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
 * An address's share: DATABASE_READS_PER_ADDRESS, by default half the pool, and always one
 * connection left to other addresses.
 */
export function readsPerAddress(configured: number | undefined, poolSize: number): number {
  return Math.max(1, Math.min(configured ?? Math.floor(poolSize / 2), poolSize - 1));
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
