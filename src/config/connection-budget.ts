import { parseEnv, type AppConfig } from './env';

/**
 * Connections one worker process may open besides its pools: the projector's pool (2) and its
 * lock session (1), TypeORM's pool (2), the LISTEN sessions (3). See src/database/pools.ts.
 */
export const FIXED_CONNECTIONS_PER_WORKER = 8;

/** The most connections one worker (or the single process) opens with this configuration. */
export function connectionsPerWorker(config: AppConfig): number {
  return (
    config.databasePoolSize +
    config.databaseWritePoolSize +
    config.databaseHealthPoolSize +
    FIXED_CONNECTIONS_PER_WORKER
  );
}

/** What the PostgreSQL server allows: its max_connections less the slots it keeps for superusers. */
export interface ServerConnections {
  maxConnections: number;
  superuserReserved: number;
}

/**
 * This instance's share: DATABASE_MAX_CONNECTIONS (or the server's usable connections) divided by
 * INSTANCES, the number of instances expected to share the server.
 */
export function instanceShare(config: AppConfig, server: ServerConnections): number {
  const total = config.databaseMaxConnections ?? server.maxConnections - server.superuserReserved;
  return Math.floor(total / config.instances);
}

/** Why this configuration does not fit its share, or undefined when it fits. */
export function budgetProblem(config: AppConfig, workers: number, share: number): string | undefined {
  const perWorker = connectionsPerWorker(config);
  const needed = workers * perWorker;
  if (needed <= share) return undefined;
  return (
    `The connection budget is exceeded: ${workers} worker(s) x ${perWorker} connections ` +
    `(DATABASE_POOL_SIZE ${config.databasePoolSize} + DATABASE_WRITE_POOL_SIZE ${config.databaseWritePoolSize} + ` +
    `DATABASE_HEALTH_POOL_SIZE ${config.databaseHealthPoolSize} + ${FIXED_CONNECTIONS_PER_WORKER} for the projector, ` +
    `TypeORM and LISTEN) = ${needed}, but this instance's share is ${share} ` +
    `(${config.databaseMaxConnections === undefined ? "the server's max_connections less its superuser slots" : 'DATABASE_MAX_CONNECTIONS'} ` +
    `/ INSTANCES ${config.instances}). Lower WEB_CONCURRENCY or the pool sizes, or raise max_connections.`
  );
}

/** A configuration whose workers cannot fit this instance's share of the connections. */
export class ConnectionBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionBudgetError';
  }
}

/**
 * How many worker processes the service runs: WEB_CONCURRENCY when set (refused when it does not
 * fit the share); else the most, up to the number of cores, that fit (unset pool sizes shrink with
 * the workers, see parseEnv), at least 1. Throws a ConnectionBudgetError when even that does not fit.
 * The cluster primary decides so, and bench:timeline runs the service and its bare server with as
 * many processes as the service would run by default.
 */
export function chooseWorkers(
  options: { env: Record<string, string | undefined>; config: AppConfig; cores: number },
  share: number,
): number {
  const { env, config } = options;
  if (config.webConcurrency !== undefined) {
    const problem = budgetProblem(config, config.webConcurrency, share);
    if (problem) throw new ConnectionBudgetError(problem);
    return config.webConcurrency;
  }
  for (let workers = Math.min(options.cores, 64); workers > 1; workers -= 1) {
    // Unset pool sizes shrink with the number of workers: parse them as a worker would.
    if (!budgetProblem(parseEnv({ ...env, WEB_CONCURRENCY: String(workers) }), workers, share)) return workers;
  }
  const problem = budgetProblem(parseEnv({ ...env, WEB_CONCURRENCY: '1' }), 1, share);
  if (problem) throw new ConnectionBudgetError(problem);
  return 1;
}
