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

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const url = new URL(databaseUrl);
      ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push(
        'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database ' +
          '(leave it unset to use the embedded PostgreSQL)',
      );
    }
  }

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const config: AppConfig = {
    nodeEnv,
    host: read('HOST') ?? '0.0.0.0',
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    databasePoolSize: integer('DATABASE_POOL_SIZE', 10, 1, 1000),
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
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
