import type { Pool } from 'pg';
import type { AppConfig } from '../../config/env';
import { createPool, poolSettings } from '../pools';
import { shareReadsPerRequest } from '../request-read-share';
import { ReadRouter } from './read-router';
import { replicaName } from './replica-choice';

/** A probe gives up after this: a replica that does not answer in time is not read from. */
const PROBE_TIMEOUT_MS = 1_000;

/**
 * The router over DATABASE_READ_URL's replicas, or null without any. Each replica gets a read pool
 * sized and limited like the primary's (connecting gives up sooner: the primary is there), and
 * one connection for its probe.
 */
export function readRouter(
  config: AppConfig,
  primaryReads: Pool,
  primaryProbe: Pool,
  log: (message: string) => void,
): ReadRouter | null {
  if (config.databaseReadUrls.length === 0) return null;
  const read = poolSettings(config).read;
  const replicas = config.databaseReadUrls.map((url) => {
    const name = replicaName(url);
    const onError = (error: Error) => log(`An idle connection to read replica ${name} failed: ${error.message}`);
    return {
      name,
      pool: shareReadsPerRequest(
        createPool(
          url,
          'read',
          { ...read, connectTimeoutMs: Math.min(read.connectTimeoutMs, PROBE_TIMEOUT_MS) },
          onError,
        ),
      ),
      probePool: createPool(
        url,
        'health',
        {
          max: 1,
          connectTimeoutMs: PROBE_TIMEOUT_MS,
          statementTimeoutMs: PROBE_TIMEOUT_MS,
          lockTimeoutMs: PROBE_TIMEOUT_MS,
          idleInTransactionTimeoutMs: read.idleInTransactionTimeoutMs,
          queryTimeoutMs: PROBE_TIMEOUT_MS,
        },
        onError,
      ),
      probe: { checkedAtMs: 0, down: true, lagMs: null },
    };
  });
  return new ReadRouter(primaryReads, primaryProbe, replicas, { maxLagMs: config.databaseReadMaxLagMs, log });
}
