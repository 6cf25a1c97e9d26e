import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/database.module';
import { badUserInput, conflict } from '../../graphql/errors';

const CLAIM_TIMEOUT_MS = 60_000;
const WAIT_STEP_MS = 50;

/**
 * A mutation sent with an idempotency key runs once: a retry with the same key and the same input
 * gets the first answer and appends nothing; the same key with other input is a CONFLICT.
 *
 * The first request claims the key (a row without a result) before it runs and fills in the result
 * after; a concurrent retry waits for that result instead of running again. A request that fails
 * gives its claim back, so it can be retried. A claim left by a crashed process expires after 60 s.
 */
@Injectable()
export class IdempotencyService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async run<T>(
    principal: string,
    key: string | null | undefined,
    operation: string,
    input: unknown,
    execute: () => Promise<T>,
  ): Promise<T> {
    if (key === undefined || key === null) return execute();
    if (key.length < 1 || key.length > 200) {
      throw badUserInput('idempotencyKey must be 1 to 200 characters', 'idempotencyKey');
    }
    const requestHash = createHash('sha256').update(canonicalJson({ operation, input })).digest('hex');
    for (const deadline = Date.now() + CLAIM_TIMEOUT_MS + 5_000; ; ) {
      const claimed = await this.pool.query(
        `INSERT INTO idempotency_keys (principal, key, operation, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (principal, key) DO UPDATE SET claimed_at = now(), request_hash = EXCLUDED.request_hash,
                                                    operation = EXCLUDED.operation
           WHERE idempotency_keys.result IS NULL AND idempotency_keys.claimed_at < now() - $5 * interval '1 millisecond'
         RETURNING 1`,
        [principal, key, operation, requestHash, CLAIM_TIMEOUT_MS],
      );
      if (claimed.rowCount === 1) return this.executeClaimed(principal, key, execute);

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
      if (Date.now() > deadline) throw conflict(`the first request with idempotency key "${key}" is still running`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private async executeClaimed<T>(principal: string, key: string, execute: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await execute();
    } catch (error) {
      await this.pool.query(`DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND result IS NULL`, [principal, key]);
      throw error;
    }
    await this.pool.query(
      `UPDATE idempotency_keys SET result = $3, completed_at = now() WHERE principal = $1 AND key = $2`,
      [principal, key, JSON.stringify({ value: result })],
    );
    return result;
  }
}

/** JSON with object keys sorted, so that equal inputs hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
