import { describe, expect, it } from '@jest/globals';
import { budgetProblem, connectionsPerWorker, instanceShare } from './connection-budget';
import { ConfigError, parseEnv } from './env';

/** PostgreSQL's defaults: max_connections 100, 3 slots kept for superusers. */
const DEFAULT_SERVER = { maxConnections: 100, superuserReserved: 3 };

describe('the connection budget', () => {
  it('fits three instances of one process on a default server, as before', () => {
    const config = parseEnv({});
    expect(connectionsPerWorker(config)).toBe(25);
    expect(instanceShare(config, DEFAULT_SERVER)).toBe(32);
    expect(budgetProblem(config, 1, 32)).toBeUndefined();
  });

  it('shrinks unset pool sizes with the workers, so that two workers x three instances fit too', () => {
    const config = parseEnv({ WEB_CONCURRENCY: '2' });
    expect([config.databasePoolSize, config.databaseWritePoolSize, config.databaseHealthPoolSize]).toEqual([5, 2, 1]);
    expect(2 * connectionsPerWorker(config)).toBe(32);
    expect(budgetProblem(config, 2, instanceShare(config, DEFAULT_SERVER))).toBeUndefined();
  });

  it('keeps pool sizes that are set, and names what to change when they do not fit', () => {
    const config = parseEnv({ WEB_CONCURRENCY: '2', DATABASE_POOL_SIZE: '10' });
    expect(config.databasePoolSize).toBe(10);
    const problem = budgetProblem(config, 2, instanceShare(config, DEFAULT_SERVER));
    expect(problem).toContain('2 worker(s) x 21 connections');
    expect(problem).toContain("this instance's share is 32");
    expect(problem).toContain('Lower WEB_CONCURRENCY');
  });

  it('divides DATABASE_MAX_CONNECTIONS, when given, by INSTANCES instead of the server setting', () => {
    const config = parseEnv({ DATABASE_MAX_CONNECTIONS: '400', INSTANCES: '2' });
    expect(instanceShare(config, DEFAULT_SERVER)).toBe(200);
  });

  it('refuses a WEB_CONCURRENCY that is not a count of workers', () => {
    expect(() => parseEnv({ WEB_CONCURRENCY: '0' })).toThrow(ConfigError);
    expect(() => parseEnv({ WEB_CONCURRENCY: 'many' })).toThrow('WEB_CONCURRENCY must be an integer from 1 to 64');
    expect(parseEnv({}).webConcurrency).toBeUndefined();
  });
});
