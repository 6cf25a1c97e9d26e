import { Pool } from 'pg';
import type { AppConfig } from '../config/env';

export type PoolRole = 'read' | 'write' | 'health' | 'projector';

export interface SessionLimits {
  /** 0: none. */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export interface PoolSettings extends SessionLimits {
  max: number;
  /** How long a caller waits for a free connection before pg-pool gives up (see unavailable.ts). */
  connectTimeoutMs: number;
  /** Client-side: a query with no answer after this fails even when the server is unreachable (a replica's probe). */
  queryTimeoutMs?: number;
}

/**
 * The settings of each pool. Reads are short and many, so they give up early; writes may take
 * stream locks and run a 1,000-event import batch, so they get longer; health must answer even when
 * everything else is stuck, so it has connections of its own and the shortest limits. The projector
 * reads the log through its own pool: slow readers or writers never hold projection back.
 * With the defaults an instance opens at most 25 connections (read 10, write 5, health 2,
 * projector 2 + its lock session, TypeORM's 2, 3 LISTEN sessions): three instances, a rebuild and
 * a command-line tool stay under PostgreSQL's default max_connections of 100. With several workers
 * (WEB_CONCURRENCY) each opens as many: unset sizes shrink with them (config/env.ts) and the
 * primary checks workers x this against the instance's share (config/connection-budget.ts).
 */
export function poolSettings(config: AppConfig): Record<PoolRole, PoolSettings> {
  const common = {
    idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
  };
  return {
    read: {
      ...common,
      max: config.databasePoolSize,
      statementTimeoutMs: config.databaseReadTimeoutMs,
      lockTimeoutMs: config.databaseLockTimeoutMs,
    },
    write: {
      ...common,
      max: config.databaseWritePoolSize,
      statementTimeoutMs: config.databaseWriteTimeoutMs,
      lockTimeoutMs: config.databaseLockTimeoutMs,
    },
    // The lag count reads up to 1,000,000 log rows while a large log is being caught up with.
    health: { ...common, max: config.databaseHealthPoolSize, statementTimeoutMs: 5_000, lockTimeoutMs: 1_000 },
    // Log pages are read in batches of 1,000; a generous limit only stops a statement that is stuck.
    projector: { ...common, max: 2, statementTimeoutMs: 60_000, lockTimeoutMs: 0, connectTimeoutMs: 10_000 },
  };
}

/** `-c` options for the startup packet: applied by the server to every session, before any query, with no extra round trip. */
export function sessionOptions(limits: Partial<SessionLimits> & { idleSessionTimeoutMs?: number }): string {
  const settings: [string, number | undefined][] = [
    ['statement_timeout', limits.statementTimeoutMs],
    ['lock_timeout', limits.lockTimeoutMs],
    ['idle_in_transaction_session_timeout', limits.idleInTransactionTimeoutMs],
    ['idle_session_timeout', limits.idleSessionTimeoutMs],
  ];
  return settings
    .filter((setting): setting is [string, number] => setting[1] !== undefined)
    .map(([name, value]) => `-c ${name}=${Math.max(0, Math.round(value))}`)
    .join(' ');
}

export function createPool(url: string, role: PoolRole, settings: PoolSettings, onError: (error: Error) => void): Pool {
  const pool = new Pool({
    connectionString: url,
    max: settings.max,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // Connecting costs a fork and a SCRAM exchange: keep idle connections a while.
    idleTimeoutMillis: 30_000,
    // Named statements are prepared per connection and named after a read-model generation:
    // retiring connections now and then frees the ones of generations a rebuild has dropped.
    maxLifetimeSeconds: 3_600,
    keepAlive: true,
    application_name: `diplomatic-timeline-${role}`,
    options: sessionOptions(settings),
    ...(settings.queryTimeoutMs === undefined ? {} : { query_timeout: settings.queryTimeoutMs }),
  });
  // An idle connection the server ended (restart, network) must not crash the process.
  pool.on('error', onError);
  return pool;
}
