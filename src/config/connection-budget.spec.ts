import { describe, expect, it } from '@jest/globals';
import {
  budgetProblem,
  chooseWorkers,
  ConnectionBudgetError,
  connectionsPerWorker,
  instanceShare,
} from './connection-budget';
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

  it('runs as many workers as there are cores by default, as far as the share allows', () => {
    const choose = (env: Record<string, string>, cores: number) => {
      const config = parseEnv(env);
      return chooseWorkers({ env, config, cores }, instanceShare(config, DEFAULT_SERVER));
    };
    expect(choose({}, 1)).toBe(1);
    expect(choose({}, 2)).toBe(2);
    // 3 workers would need 3 x 13 connections of a share of 32.
    expect(choose({}, 8)).toBe(2);
    expect(choose({ INSTANCES: '1' }, 8)).toBe(8); // 8 x 12 of 97
    expect(choose({ WEB_CONCURRENCY: '3', INSTANCES: '1' }, 2)).toBe(3);
    expect(() => choose({ WEB_CONCURRENCY: '3' }, 2)).toThrow(ConnectionBudgetError);
    expect(() => choose({ DATABASE_POOL_SIZE: '40' }, 2)).toThrow('1 worker(s) x 55 connections');
  });

  it('refuses a WEB_CONCURRENCY that is not a count of workers', () => {
    expect(() => parseEnv({ WEB_CONCURRENCY: '0' })).toThrow(ConfigError);
    expect(() => parseEnv({ WEB_CONCURRENCY: 'many' })).toThrow('WEB_CONCURRENCY must be an integer from 1 to 64');
    expect(parseEnv({}).webConcurrency).toBeUndefined();
  });
});
