import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { badUserInput, conflict } from '../graphql/errors';
import { unstorableTextProblem } from '../input/storable-text';
import { DEFAULT_IDEMPOTENCY_OPTIONS, IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options';
import { IdempotencyPurge } from './idempotency-purge';

const FIRST_WAIT_STEP_MS = 20;
const MAX_WAIT_STEP_MS = 250;

/**
 * A mutation sent with an idempotency key runs once: a retry with the same key and the same input
 * gets the first answer and appends nothing; the same key with other input is a CONFLICT.
 *
 * The first request claims the key (a row without a result, with a claim token of its own) before
 * it runs and fills in the result after; a concurrent retry waits for that result, for a bounded
 * time, instead of running again. A request that fails gives its claim back so it can be retried.
 * A claim left by a crashed process can be taken over once it is older than the claim timeout; the
 * first owner then writes or gives back nothing (its token no longer matches). Should a process
 * die between the append and storing the answer, the retry runs again and the command services
 * recognise the keyed events in the log and answer as the first run did.
 *
 * Records are kept for the retention period, then purged (on a timer), and ignored from then on.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly options: IdempotencyOptions;
  private readonly purge: IdempotencyPurge;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options?: IdempotencyOptions,
  ) {
    this.options = options ?? DEFAULT_IDEMPOTENCY_OPTIONS;
    this.purge = new IdempotencyPurge(pool, this.options.retentionMs);
  }

  onApplicationBootstrap(): void {
    this.purge.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.purge.stop();
  }

  async run<T>(
    principal: string,
    key: string | null | undefined,
    operation: string,
    input: unknown,
    execute: (requestHash: string | undefined) => Promise<T>,
  ): Promise<T> {
    if (key === undefined || key === null) return execute(undefined);
    if (key.length < 1 || key.length > 200) {
      throw badUserInput('idempotencyKey must be 1 to 200 characters', 'idempotencyKey');
    }
    const unstorable = unstorableTextProblem(key);
    if (unstorable) throw badUserInput(`idempotencyKey ${unstorable}`, 'idempotencyKey');
    const requestHash = idempotencyRequestHash(operation, input);
    const { claimTimeoutMs, retentionMs, waitMs } = this.options;
    const deadline = Date.now() + waitMs;
    for (let step = FIRST_WAIT_STEP_MS; ; step = Math.min(step * 2, MAX_WAIT_STEP_MS)) {
      const token = randomUUID();
      // A free key, an abandoned claim or an expired record: this request owns the key now.
      const claimed = await this.pool.query(
        `INSERT INTO idempotency_keys (principal, key, operation, request_hash, claim_token) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (principal, key) DO UPDATE SET claimed_at = now(), request_hash = EXCLUDED.request_hash,
                                                    operation = EXCLUDED.operation, claim_token = EXCLUDED.claim_token,
                                                    result = NULL, completed_at = NULL
           WHERE (idempotency_keys.result IS NULL AND idempotency_keys.claimed_at < now() - $6 * interval '1 millisecond')
              OR coalesce(idempotency_keys.completed_at, idempotency_keys.claimed_at) < now() - $7 * interval '1 millisecond'
         RETURNING 1`,
        [principal, key, operation, requestHash, token, claimTimeoutMs, retentionMs],
      );
      if (claimed.rowCount === 1) return this.executeClaimed(principal, key, token, requestHash, execute);

      const { rows } = await this.pool.query<{ request_hash: string; operation: string; result: { value: T } | null }>(
        `SELECT request_hash, operation, result FROM idempotency_keys WHERE principal = $1 AND key = $2`,
        [principal, key],
      );
      const existing = rows[0];
      if (!existing) continue; // the claim was given back a moment ago: claim it ourselves
      if (existing.request_hash !== requestHash) {
        throw conflict(`idempotency key "${key}" was used already, for ${existing.operation} with other input`, {
          idempotencyKey: key,
        });
      }
      if (existing.result) return existing.result.value;
      if (Date.now() + step > deadline) {
        throw conflict(
          `the first request with idempotency key "${key}" is still running after ${waitMs} ms: retry later with the same key`,
          { idempotencyKey: key, retryable: true },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, step));
    }
  }

  private async executeClaimed<T>(
    principal: string,
    key: string,
    token: string,
    requestHash: string,
    execute: (requestHash: string) => Promise<T>,
  ): Promise<T> {
    let result: T;
    try {
      result = await execute(requestHash);
    } catch (error) {
      await this.pool.query(
        `DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND claim_token = $3 AND result IS NULL`,
        [principal, key, token],
      );
      throw error;
    }
    // When another request took the claim over meanwhile, it runs the same command and finds this
    // one's events in the log: its answer is this one's, so there is nothing to overwrite.
    await this.pool.query(
      `UPDATE idempotency_keys SET result = $4, completed_at = now()
        WHERE principal = $1 AND key = $2 AND claim_token = $3 AND result IS NULL`,
      [principal, key, token, JSON.stringify({ value: result })],
    );
    return result;
  }
}

/** What tells a retry (the same operation and input) from another request with the same key. */
export function idempotencyRequestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, input })).digest('hex');
}

/** JSON with object keys sorted, so that equal inputs hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}
