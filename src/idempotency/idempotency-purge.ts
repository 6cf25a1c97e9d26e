import type { Pool } from 'pg';

/** Often enough that the table holds little more than the retention's worth, rarely enough to cost nothing. */
const MAX_PURGE_INTERVAL_MS = 10 * 60_000;
const MIN_PURGE_INTERVAL_MS = 1_000;

/**
 * Deletes idempotency records older than the retention. Expired records are ignored on access as
 * well (see IdempotencyService), so the purge only keeps the table small; a failed purge is tried
 * again at the next tick. Every instance may run one: the DELETE is the same whoever runs it.
 */
export class IdempotencyPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly retentionMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    const interval = Math.min(MAX_PURGE_INTERVAL_MS, Math.max(MIN_PURGE_INTERVAL_MS, Math.floor(this.retentionMs / 2)));
    this.timer = setInterval(() => void this.purgeOnce(), interval);
    this.timer.unref();
    void this.purgeOnce();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** The number of records deleted. */
  purgeOnce(): Promise<number> {
    const purge = this.pool
      .query(
        `DELETE FROM idempotency_keys WHERE coalesce(completed_at, claimed_at) < now() - $1 * interval '1 millisecond'`,
        [this.retentionMs],
      )
      .then((result) => result.rowCount ?? 0)
      .catch(() => 0);
    this.running = purge;
    return purge;
  }
}
