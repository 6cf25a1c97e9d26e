/**
 * Configuration comes only from environment variables. They are checked once, at start, so that a
 * typo stops the service with a message naming the variable instead of failing later at random.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Absent: the service starts an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL: streaming standbys that serve reads (see src/database/read-replicas); empty: all on DATABASE_URL. */
  databaseReadUrls: string[];
  /** A replica further behind its primary than this is not read from until it catches up. */
  databaseReadMaxLagMs: number;
  databasePoolSize: number;
  embeddedPgDir: string;
  /** 0: take a free port at start (a PostgreSQL server usually listens on 5432 already). */
  embeddedPgPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphqlPlayground: boolean;
  shutdownTimeoutMs: number;
  /** Queries need a reader key too (mutations always need an editor or admin key). */
  requireReaderKey: boolean;
  /** Take part in running the projector (one instance at a time runs it; the others stand by). */
  runProjector: boolean;
  /** How long idempotency records are kept (IDEMPOTENCY_RETENTION_HOURS); a key is free again after. */
  idempotencyRetentionMs: number;
  /** Age at which an unanswered claim on an idempotency key may be taken over (a crashed first request). */
  idempotencyClaimTimeoutMs: number;
  /** How long a retry waits for the first request with its key before it is told to retry later. */
  idempotencyWaitMs: number;
  /** Set: GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Set: /metrics is served only on this port (of metricsHost), not on the main port. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** Connection pools and their session limits (see src/database/pools.ts). databasePoolSize sizes the read pool. */
  databaseWritePoolSize: number;
  databaseHealthPoolSize: number;
  /** How many read queries of one request (or WebSocket operation) run at once (see request-read-share.ts). */
  databaseReadsPerRequest: number;
  /** Reads of one client address at once in a process; unset: half the read pool (see readsPerAddress). */
  databaseReadsPerAddress: number | undefined;
  databaseReadTimeoutMs: number;
  databaseWriteTimeoutMs: number;
  databaseLockTimeoutMs: number;
  databaseIdleInTransactionTimeoutMs: number;
  databaseConnectTimeoutMs: number;
  /** The projector's session ends after this long without a statement: a stopped leader loses the lock. */
  projectorSessionTimeoutMs: number;
  /** __schema and __type answer (off: refused with FORBIDDEN); on unless production. */
  graphqlIntrospection: boolean;
  /** Queries answered by walking their selection, graphql-js as the fallback (src/graphql/direct-execution); on by default. */
  graphqlDirectExecution: boolean;
  /** An HTTP request still running after this is answered SERVICE_UNAVAILABLE (503). */
  requestTimeoutMs: number;
  /** GraphQL requests over HTTP one address may have in flight; past it, 429. */
  httpMaxConcurrentPerAddress: number;
  /** graphql-ws limits: see src/subscriptions-server/ws-limits.ts. */
  ws: WsLimitsConfig;
  /**
   * Worker processes on the one port (node:cluster). Unset (undefined): as many as there are cores,
   * fewer when the connection budget allows fewer (decided by the primary, see cluster-primary.ts).
   * 1: one process, no cluster.
   */
  webConcurrency: number | undefined;
  /** Connections this service may use on its PostgreSQL server in all; unset: the server's max_connections. */
  databaseMaxConnections: number | undefined;
  /** How many instances share that server: each gets its share of the connections (the budget). */
  instances: number;
  /** Set by the primary in each worker it forks (its cluster id): the worker names itself with it. */
  workerId: number | undefined;
}

export interface WsLimitsConfig {
  /** Largest WebSocket message accepted; a larger one closes the socket with 1009. */
  maxPayloadBytes: number;
  /** Operations (subscriptions and queries in flight) open at once on one socket. */
  maxOperationsPerSocket: number;
  maxSockets: number;
  maxSocketsPerAddress: number;
  /** A socket that sends no connection_init within this time is closed (4408). */
  connectionInitTimeoutMs: number;
  /** Updates waiting for a subscriber that does not read; past this its socket is closed (4008). */
  maxQueuedUpdates: number;
  /** How often an open socket's API key is checked again (a revoked key closes it with 4403). */
  keyRecheckMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;
/** Each replica gets a read pool per worker: a bound on the connections and probes one instance opens. */
const MAX_READ_REPLICAS = 8;

export function parseEnv(env: Env): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  };

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false, got "${raw}"`);
    return fallback;
  };

  const isPostgresUrl = (value: string): boolean => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  };
  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    if (!isPostgresUrl(databaseUrl)) {
      problems.push(
        'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database ' +
          '(leave it unset to use the embedded PostgreSQL)',
      );
    }
  }

  const databaseReadUrls = (read('DATABASE_READ_URL') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (databaseReadUrls.length > MAX_READ_REPLICAS || databaseReadUrls.some((url) => !isPostgresUrl(url))) {
    problems.push(
      `DATABASE_READ_URL must be up to ${MAX_READ_REPLICAS} PostgreSQL URLs of streaming standbys, comma-separated`,
    );
  }
  if (databaseReadUrls.length > 0 && databaseUrl === undefined) {
    problems.push('DATABASE_READ_URL needs DATABASE_URL: the embedded PostgreSQL has no standbys');
  }

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const webConcurrency = read('WEB_CONCURRENCY') === undefined ? undefined : integer('WEB_CONCURRENCY', 1, 1, 64);
  // Several workers share one instance's share of the connections: unset pool sizes shrink with them.
  const workers = webConcurrency ?? 1;
  const config: AppConfig = {
    nodeEnv,
    host: read('HOST') ?? '0.0.0.0',
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    databaseReadUrls,
    databaseReadMaxLagMs: integer('DATABASE_READ_MAX_LAG_MS', 5_000, 100, 3_600_000),
    databasePoolSize: integer('DATABASE_POOL_SIZE', Math.max(2, Math.floor(10 / workers)), 1, 1000),
    embeddedPgDir: read('EMBEDDED_PG_DIR') ?? './data/postgres',
    embeddedPgPort: integer('EMBEDDED_PG_PORT', 0, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    graphqlPlayground: boolean('GRAPHQL_PLAYGROUND', nodeEnv !== 'production'),
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    requireReaderKey: boolean('REQUIRE_READER_KEY', false),
    runProjector: boolean('PROJECTOR', true),
    idempotencyRetentionMs: integer('IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 365) * 3_600_000,
    idempotencyClaimTimeoutMs: integer('IDEMPOTENCY_CLAIM_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
    idempotencyWaitMs: integer('IDEMPOTENCY_WAIT_MS', 10_000, 0, 600_000),
    metricsToken: read('METRICS_TOKEN'),
    metricsPort: read('METRICS_PORT') === undefined ? undefined : integer('METRICS_PORT', 0, 1, 65535),
    metricsHost: read('METRICS_HOST') ?? '127.0.0.1',
    databaseWritePoolSize: integer('DATABASE_WRITE_POOL_SIZE', Math.max(1, Math.floor(5 / workers)), 1, 1000),
    databaseHealthPoolSize: integer('DATABASE_HEALTH_POOL_SIZE', workers > 1 ? 1 : 2, 1, 100),
    databaseReadsPerRequest: integer('DATABASE_READS_PER_REQUEST', 2, 1, 1000),
    databaseReadsPerAddress:
      read('DATABASE_READS_PER_ADDRESS') === undefined ? undefined : integer('DATABASE_READS_PER_ADDRESS', 1, 1, 1000),
    databaseReadTimeoutMs: integer('DATABASE_READ_TIMEOUT_MS', 5_000, 100, 3_600_000),
    databaseWriteTimeoutMs: integer('DATABASE_WRITE_TIMEOUT_MS', 15_000, 100, 3_600_000),
    databaseLockTimeoutMs: integer('DATABASE_LOCK_TIMEOUT_MS', 3_000, 100, 3_600_000),
    databaseIdleInTransactionTimeoutMs: integer('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 15_000, 1_000, 3_600_000),
    databaseConnectTimeoutMs: integer('DATABASE_CONNECT_TIMEOUT_MS', 2_000, 100, 600_000),
    projectorSessionTimeoutMs: integer('PROJECTOR_SESSION_TIMEOUT_MS', 20_000, 1_000, 3_600_000),
    graphqlIntrospection: boolean('GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    graphqlDirectExecution: boolean('GRAPHQL_DIRECT_EXECUTION', true),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 15_000, 1, 600_000),
    httpMaxConcurrentPerAddress: integer('HTTP_MAX_CONCURRENT_PER_ADDRESS', 32, 1, 100_000),
    ws: {
      maxPayloadBytes: integer('WS_MAX_PAYLOAD_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
      maxOperationsPerSocket: integer('WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 20, 1, 10_000),
      maxSockets: integer('WS_MAX_SOCKETS', 1_000, 1, 1_000_000),
      maxSocketsPerAddress: integer('WS_MAX_SOCKETS_PER_ADDRESS', 50, 1, 1_000_000),
      connectionInitTimeoutMs: integer('WS_CONNECTION_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
      maxQueuedUpdates: integer('WS_MAX_QUEUED_UPDATES', 100, 1, 100_000),
      keyRecheckMs: integer('WS_KEY_RECHECK_MS', 5_000, 100, 600_000),
    },
    webConcurrency,
    databaseMaxConnections:
      read('DATABASE_MAX_CONNECTIONS') === undefined ? undefined : integer('DATABASE_MAX_CONNECTIONS', 100, 1, 262_143),
    instances: integer('INSTANCES', 3, 1, 1000),
    workerId: read('CLUSTER_WORKER_ID') === undefined ? undefined : integer('CLUSTER_WORKER_ID', 1, 1, 1_000_000),
  };
  if (config.metricsPort !== undefined && config.metricsPort === config.port) {
    problems.push(`METRICS_PORT must differ from PORT (${config.port}): it keeps /metrics off the public port`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
