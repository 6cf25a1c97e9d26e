export interface IdempotencyOptions {
  /** How long a stored answer (or an abandoned claim) is kept; after that the key is free again. */
  retentionMs: number;
  /** How old a claim without an answer must be before another request may take it over. */
  claimTimeoutMs: number;
  /** How long a retry waits for the first request's answer before it is told to retry later. */
  waitMs: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = Object.freeze({
  retentionMs: 24 * 3_600_000,
  claimTimeoutMs: 60_000,
  waitMs: 10_000,
});
