import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { databaseUnavailable } from './unavailable';

const pgError = (code: string, message = 'pg says no') => Object.assign(new Error(message), { code });

describe('databaseUnavailable', () => {
  it('recognises a starved pool, statement and lock timeouts and lost connections', () => {
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))?.reason).toBe('pool_exhausted');
    expect(databaseUnavailable(pgError('57014', 'canceling statement due to statement timeout'))?.reason).toBe(
      'statement_timeout',
    );
    expect(databaseUnavailable(pgError('55P03', 'canceling statement due to lock timeout'))?.reason).toBe(
      'lock_timeout',
    );
    expect(databaseUnavailable(pgError('08006'))?.reason).toBe('connection');
    expect(databaseUnavailable(pgError('57P01'))?.reason).toBe('connection');
    expect(databaseUnavailable(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))?.reason).toBe(
      'connection',
    );
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))?.reason).toBe('connection');
    expect(databaseUnavailable(pgError('55P03'))?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("recognises an error made by another realm's Error (Node's own, seen from a vm context)", () => {
    const foreign = runInNewContext(
      "Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })",
    ) as unknown;
    expect(foreign instanceof Error).toBe(false);
    expect(databaseUnavailable(foreign)?.reason).toBe('connection');
  });

  it('leaves every other error alone', () => {
    expect(databaseUnavailable(pgError('42P01'))).toBeUndefined();
    expect(databaseUnavailable(pgError('23505'))).toBeUndefined();
    expect(databaseUnavailable(new Error('something else'))).toBeUndefined();
    expect(databaseUnavailable('timeout exceeded when trying to connect')).toBeUndefined();
    expect(databaseUnavailable(undefined)).toBeUndefined();
  });
});
