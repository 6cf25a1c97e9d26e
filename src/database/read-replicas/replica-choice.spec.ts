import { describe, expect, it } from '@jest/globals';
import {
  keepSamples,
  replicaFailure,
  replicaLagMs,
  replicaName,
  replicaUsable,
  type WalSample,
} from './replica-choice';

const samples: WalSample[] = [
  { atMs: 1_000, lsn: 100n },
  { atMs: 1_500, lsn: 200n },
  { atMs: 2_000, lsn: 200n },
  { atMs: 2_500, lsn: 300n },
];

/** How old the latest primary sample may be for a replica that reached it to count as current. */
const FRESH = 1_500;

describe('replicaLagMs', () => {
  it('is 0 for a replica that has replayed the latest sample, or beyond it', () => {
    expect(replicaLagMs(samples, 300n, 2_600, FRESH)).toBe(0);
    expect(replicaLagMs(samples, 350n, 2_600, FRESH)).toBe(0);
  });

  it('is unknown before the primary was sampled (nothing to measure against)', () => {
    expect(replicaLagMs([], 0n, 5_000, FRESH)).toBeNull();
  });

  it('is the latest sample’s age when the primary has not been sampled since (its probe failing)', () => {
    // Caught up with what the primary had at 2,500, and nothing known of the primary since.
    expect(replicaLagMs(samples, 300n, 2_500 + FRESH, FRESH)).toBe(0);
    expect(replicaLagMs(samples, 300n, 20_000, FRESH)).toBe(17_500);
  });

  it('is the time since the first sample the replica has not reached', () => {
    // Has 200 (the primary had it from 1,500 on), lacks 300 (the primary had it at 2,500).
    expect(replicaLagMs(samples, 200n, 3_000, FRESH)).toBe(500);
    expect(replicaLagMs(samples, 250n, 3_000, FRESH)).toBe(500);
    // Lacks 200 already: stale since at least 1,500.
    expect(replicaLagMs(samples, 150n, 3_000, FRESH)).toBe(1_500);
  });

  it('grows with the clock while the replica stands still', () => {
    expect(replicaLagMs(samples, 200n, 10_000, FRESH)).toBeGreaterThan(replicaLagMs(samples, 200n, 3_000, FRESH)!);
  });

  it('is at least the age of the oldest sample when the replica is behind all of them', () => {
    expect(replicaLagMs(samples, 50n, 3_000, FRESH)).toBe(2_000);
  });
});

describe('keepSamples', () => {
  it('keeps the samples within the window, the one before it, and the new one last', () => {
    const kept = keepSamples(samples, { atMs: 3_000, lsn: 400n }, 1_000);
    expect(kept).toEqual([
      { atMs: 1_500, lsn: 200n },
      { atMs: 2_000, lsn: 200n },
      { atMs: 2_500, lsn: 300n },
      { atMs: 3_000, lsn: 400n },
    ]);
  });

  it('starts a list', () => {
    expect(keepSamples([], { atMs: 1, lsn: 1n }, 1_000)).toEqual([{ atMs: 1, lsn: 1n }]);
  });
});

describe('replicaUsable', () => {
  const options = { maxLagMs: 5_000, staleMs: 1_500 };

  it('takes a replica that is up, probed lately and within the allowed lag', () => {
    expect(replicaUsable({ checkedAtMs: 10_000, down: false, lagMs: 5_000 }, 11_000, options)).toBe(true);
  });

  it('leaves one that lags too far, is down, was never probed, or has not answered a probe lately', () => {
    expect(replicaUsable({ checkedAtMs: 10_000, down: false, lagMs: 5_001 }, 10_000, options)).toBe(false);
    expect(replicaUsable({ checkedAtMs: 10_000, down: true, lagMs: null }, 10_000, options)).toBe(false);
    expect(replicaUsable({ checkedAtMs: 0, down: true, lagMs: null }, 10_000, options)).toBe(false);
    expect(replicaUsable({ checkedAtMs: 10_000, down: false, lagMs: 0 }, 11_501, options)).toBe(false);
  });
});

describe('replicaFailure', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('tells a recovery conflict from a serialization failure', () => {
    expect(replicaFailure(pgError('40001', 'canceling statement due to conflict with recovery'))).toBe('conflict');
    expect(replicaFailure(pgError('40P01', 'canceling statement due to conflict with recovery'))).toBe('conflict');
    expect(replicaFailure(pgError('40001', 'could not serialize access due to concurrent update'))).toBeUndefined();
  });

  it('takes a refused, ended or lost connection for a replica that is down', () => {
    expect(replicaFailure(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'))).toBe('down');
    expect(replicaFailure(pgError('57P01', 'terminating connection due to administrator command'))).toBe('down');
    expect(replicaFailure(pgError('57P03', 'the database system is starting up'))).toBe('down');
    expect(replicaFailure(new Error('Connection terminated unexpectedly'))).toBe('down');
  });

  it('takes a full pool for a busy replica, and a missing generation for one behind a swap', () => {
    expect(replicaFailure(new Error('timeout exceeded when trying to connect'))).toBe('busy');
    expect(replicaFailure(pgError('3F000', 'schema "rm_2" does not exist'))).toBe('behind');
    expect(replicaFailure(pgError('42P01', 'relation "rm_2.events" does not exist'))).toBe('behind');
  });

  it('leaves the query’s own errors (and a statement timeout: the primary would take as long) alone', () => {
    expect(replicaFailure(pgError('22P02', 'invalid input syntax for type uuid'))).toBeUndefined();
    expect(replicaFailure(pgError('57014', 'canceling statement due to statement timeout'))).toBeUndefined();
    expect(replicaFailure('not an error')).toBeUndefined();
  });
});

describe('replicaName', () => {
  it('names a replica by host, port and database, never by its credentials', () => {
    expect(replicaName('postgres://reader:secret@replica-1:6432/diplomacy')).toBe('replica-1:6432/diplomacy');
    expect(replicaName('postgresql://replica-2/diplomacy')).toBe('replica-2:5432/diplomacy');
  });
});
