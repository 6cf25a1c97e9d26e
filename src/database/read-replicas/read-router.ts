import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, QueryConfig } from 'pg';
import {
  keepSamples,
  replicaFailure,
  replicaLagMs,
  replicaUsable,
  type ReplicaProbe,
  type WalSample,
} from './replica-choice';
import { NotAStandbyError, primaryWalPosition, replayedWalPosition } from './replication-queries';

/** A streaming standby that serves reads: its pool for queries, and one connection for the probe. */
export interface ReadReplica {
  /** host:port/database, no credentials. */
  readonly name: string;
  readonly pool: Pool;
  readonly probePool: Pool;
  probe: ReplicaProbe;
}

/** A replica as /health, /metrics and projectionStatus show it. */
export interface ReplicaStatus {
  name: string;
  /** serving: reads go to it; lagging: further behind than the allowed lag; down: unreachable. */
  state: 'serving' | 'lagging' | 'down';
  /** How far its data is behind the primary's (to within a probe interval); null when down or not probed yet. */
  lagSeconds: number | null;
  checkedAt: Date | null;
}

export interface ReadRouterOptions {
  /** A replica further behind than this is not read from (DATABASE_READ_MAX_LAG_MS). */
  maxLagMs: number;
  /** How often each replica (and the primary's WAL position) is probed. */
  probeMs?: number;
  /** A replica whose last answered probe is older than this is not read from (a hung server). */
  staleMs?: number;
  /** Told when a replica starts or stops serving reads. */
  log?: (message: string) => void;
}

/** pg's Pool.query, as the read side calls it. */
export type ReadQuery = Pick<Pool, 'query'>;

/** One request's choice: the pool it started reading on, kept for the rest of it. */
interface RequestReads {
  pool?: Pool;
}

const DEFAULT_PROBE_MS = 500;

/**
 * Hands out, per query, the database a read runs on: a replica that is up and within the allowed
 * lag (in turn, when there are several), else the primary. Within one request (runScoped) every
 * read goes to the database its first read went to, so that one answer (and its ETag's position)
 * comes from one database; a request only ever moves from a replica to the primary, which is never
 * behind it. A read a replica fails (unreachable, or cancelled by a recovery conflict) is asked
 * once of the primary, and the request stays there. Writes, keys, idempotency and the projector
 * never come here: they use the primary's pools.
 *
 * AsyncLocalStorage carries the request's choice to the queries, which are shared, not per request.
 */
export class ReadRouter {
  private readonly requests = new AsyncLocalStorage<RequestReads>();
  private samples: WalSample[] = [];
  private turn = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private readonly probeMs: number;
  private readonly staleMs: number;
  /** Reads routed here: pass it where a pool's query would go. */
  readonly routed: ReadQuery;

  constructor(
    readonly primary: Pool,
    /** Where the primary's WAL position is read for the lag (a pool health's work uses). */
    private readonly primaryProbe: Pool,
    readonly replicas: readonly ReadReplica[],
    private readonly options: ReadRouterOptions,
  ) {
    this.probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
    this.staleMs = options.staleMs ?? 3 * this.probeMs;
    const query = (config: string | QueryConfig, values?: unknown[]) =>
      this.read((pool) => pool.query(config as QueryConfig, values));
    // pg's overloads (callbacks, submittables) are not used by the read side: its calls are these two shapes.
    this.routed = { query: query as unknown as Pool['query'] };
  }

  /** Runs work (a request) with its own choice of database, made at its first read. */
  runScoped<T>(work: () => T): T {
    return this.requests.run({}, work);
  }

  /** Runs work (a request) on this pool for all its reads. */
  runOn<T>(pool: Pool, work: () => T): T {
    return this.requests.run({ pool }, work);
  }

  /** The pool this request reads from: the one it chose, or the best now (kept when in a request). */
  pool(): Pool {
    const request = this.requests.getStore();
    if (request?.pool) return request.pool;
    const chosen = this.usableReplica()?.pool ?? this.primary;
    if (request) request.pool = chosen;
    return chosen;
  }

  /** The replica this request reads from, or would read from now; undefined when it reads the primary. */
  replicaOfRequest(): ReadReplica | undefined {
    const pinned = this.requests.getStore()?.pool;
    if (pinned) return this.replicas.find((replica) => replica.pool === pinned);
    return this.usableReplica();
  }

  /** Makes this request read from this pool from now on (outside a request: no effect). */
  pin(pool: Pool): void {
    const request = this.requests.getStore();
    if (request) request.pool = pool;
  }

  /** Runs a read on the request's database; a replica's failure is answered by the primary. */
  async read<T>(run: (pool: Pool) => Promise<T>): Promise<T> {
    const pool = this.pool();
    if (pool === this.primary) return run(pool);
    try {
      return await run(pool);
    } catch (error) {
      const failure = replicaFailure(error);
      if (!failure) throw error;
      const replica = this.replicas.find((candidate) => candidate.pool === pool);
      if (failure === 'down' && replica) this.markDown(replica, error);
      this.pin(this.primary);
      return run(this.primary);
    }
  }

  /** Whether this replica may serve reads now. */
  usable(replica: ReadReplica): boolean {
    return replicaUsable(replica.probe, Date.now(), { maxLagMs: this.options.maxLagMs, staleMs: this.staleMs });
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => ({
      name: replica.name,
      state: this.usable(replica) ? 'serving' : replica.probe.down || replica.probe.lagMs === null ? 'down' : 'lagging',
      lagSeconds: replica.probe.lagMs === null ? null : replica.probe.lagMs / 1000,
      checkedAt: replica.probe.checkedAtMs === 0 ? null : new Date(replica.probe.checkedAtMs),
    }));
  }

  /** Probes at once (replicas are not read from before their first probe), then every probeMs. */
  async start(): Promise<void> {
    await this.probeNow();
    const tick = () => {
      this.timer = setTimeout(() => void this.probeNow().finally(() => this.timer && tick()), this.probeMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.probing;
    await Promise.all(
      this.replicas
        .flatMap((replica) => [replica.pool, replica.probePool])
        .map((pool) => pool.end().catch(() => undefined)),
    );
  }

  /** One probe of the primary's WAL position and of every replica's replay (concurrent callers share it). */
  probeNow(): Promise<void> {
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probe(): Promise<void> {
    // The primary first: a replica that has replayed what the primary had a moment ago is caught up.
    const sampledAt = Date.now();
    try {
      const lsn = await primaryWalPosition(this.primaryProbe);
      this.samples = keepSamples(this.samples, { atMs: sampledAt, lsn }, Math.max(2 * this.options.maxLagMs, 10_000));
    } catch {
      // The primary unreachable: replicas are measured against the positions already sampled.
    }
    await Promise.all(
      this.replicas.map(async (replica) => {
        const wasUsable = this.usable(replica);
        const firstProbe = replica.probe.checkedAtMs === 0;
        try {
          const replayed = await replayedWalPosition(replica.probePool);
          const now = Date.now();
          replica.probe = {
            checkedAtMs: now,
            down: false,
            lagMs: replicaLagMs(this.samples, replayed, now, this.staleMs),
          };
        } catch (error) {
          replica.probe = { checkedAtMs: Date.now(), down: true, lagMs: null };
          // Said when it stops serving, and at the first probe (a replica misconfigured from the start).
          if (wasUsable || firstProbe)
            this.report(
              replica,
              error instanceof NotAStandbyError
                ? `is not read from: ${error.message}; reads go to the primary`
                : `is unreachable (${messageOf(error)}): reads go to the primary`,
            );
          return;
        }
        const usable = this.usable(replica);
        if (usable && !wasUsable) this.report(replica, 'serves reads');
        if (!usable && wasUsable) this.report(replica, `lags ${replica.probe.lagMs} ms: reads go to the primary`);
      }),
    );
  }

  private markDown(replica: ReadReplica, error: unknown): void {
    if (!replica.probe.down) this.report(replica, `failed a read (${messageOf(error)}): reads go to the primary`);
    replica.probe = { checkedAtMs: Date.now(), down: true, lagMs: null };
  }

  private usableReplica(): ReadReplica | undefined {
    const count = this.replicas.length;
    for (let i = 0; i < count; i += 1) {
      const replica = this.replicas[(this.turn + i) % count]!;
      if (this.usable(replica)) {
        this.turn = (this.turn + i + 1) % count;
        return replica;
      }
    }
    return undefined;
  }

  private report(replica: ReadReplica, what: string): void {
    this.options.log?.(`Read replica ${replica.name} ${what}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
