import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      embeddedPgDir: './data/postgres',
      embeddedPgPort: 0,
      nodeEnv: 'development',
      graphqlPlayground: true,
      logLevel: 'info',
    });
  });

  it('reads DATABASE_READ_URL as a list of replicas, and refuses what is not one', () => {
    expect(parseEnv({}).databaseReadUrls).toEqual([]);
    expect(parseEnv({}).databaseReadMaxLagMs).toBe(5_000);
    const config = parseEnv({
      DATABASE_URL: 'postgres://db/app',
      DATABASE_READ_URL: 'postgres://r1/app, postgres://r2:6432/app',
      DATABASE_READ_MAX_LAG_MS: '2000',
    });
    expect(config.databaseReadUrls).toEqual(['postgres://r1/app', 'postgres://r2:6432/app']);
    expect(config.databaseReadMaxLagMs).toBe(2_000);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://db/app', DATABASE_READ_URL: 'mysql://r1/app' })).toThrow(
      /DATABASE_READ_URL must be/,
    );
    expect(() => parseEnv({ DATABASE_READ_URL: 'postgres://r1/app' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
  });

  it('accepts a PostgreSQL URL and a port', () => {
    const config = parseEnv({ PORT: '8080', DATABASE_URL: 'postgresql://u:p@db:5432/app' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/app');
  });

  it('names every bad variable and what it should be', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://localhost/x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toContain('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(problems).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(problems.some((p) => p.startsWith('DATABASE_URL must be a PostgreSQL URL'))).toBe(true);
  });

  it('refuses a port out of range and a non-boolean switch', () => {
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT must be an integer from 0 to 65535/);
    expect(() => parseEnv({ GRAPHQL_PLAYGROUND: 'maybe' })).toThrow(/GRAPHQL_PLAYGROUND must be true or false/);
  });

  it('turns the playground off in production unless asked for', () => {
    expect(parseEnv({ NODE_ENV: 'production' }).graphqlPlayground).toBe(false);
    expect(parseEnv({ NODE_ENV: 'production', GRAPHQL_PLAYGROUND: 'true' }).graphqlPlayground).toBe(true);
  });

  it('turns introspection off in production unless asked for, and bounds each request at 15 s', () => {
    expect(parseEnv({}).graphqlIntrospection).toBe(true);
    expect(parseEnv({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
    expect(parseEnv({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
    expect(parseEnv({}).requestTimeoutMs).toBe(15_000);
    expect(parseEnv({ REQUEST_TIMEOUT_MS: '2500' }).requestTimeoutMs).toBe(2_500);
    expect(() => parseEnv({ REQUEST_TIMEOUT_MS: '0' })).toThrow(
      /REQUEST_TIMEOUT_MS must be an integer from 1 to 600000/,
    );
  });

  it('reads the WebSocket limits, with a 1 MiB message cap by default', () => {
    expect(parseEnv({}).ws).toEqual({
      maxPayloadBytes: 1_048_576,
      maxOperationsPerSocket: 20,
      maxSockets: 1_000,
      maxSocketsPerAddress: 50,
      connectionInitTimeoutMs: 3_000,
      maxQueuedUpdates: 100,
      keyRecheckMs: 5_000,
    });
    expect(parseEnv({ WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '5' }).ws.maxOperationsPerSocket).toBe(5);
    expect(() => parseEnv({ WS_MAX_PAYLOAD_BYTES: '10' })).toThrow(/WS_MAX_PAYLOAD_BYTES must be an integer from 1024/);
  });

  it('leaves /metrics open on the main port unless METRICS_TOKEN or METRICS_PORT says otherwise', () => {
    expect(parseEnv({})).toMatchObject({ metricsToken: undefined, metricsPort: undefined, metricsHost: '127.0.0.1' });
    expect(parseEnv({ METRICS_TOKEN: ' s3cret ', METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' })).toMatchObject({
      metricsToken: 's3cret',
      metricsPort: 9464,
      metricsHost: '10.0.0.5',
    });
    expect(() => parseEnv({ METRICS_PORT: '0' })).toThrow(/METRICS_PORT must be an integer from 1 to 65535, got "0"/);
    expect(() => parseEnv({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(
      /METRICS_PORT must differ from PORT \(9464\)/,
    );
  });
});
