import { randomUUID } from 'node:crypto';
import type { Client, Pool } from 'pg';

/**
 * Resolves when `condition` holds, checked every `everyMs`; rejects after `deadlineMs`. Tests
 * wait for what they need to have happened this way or on a signal, never for a fixed time: a
 * fixed sleep is either too short on a slow machine or wasted on a fast one.
 */
export async function eventually<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  deadlineMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Resolves once `listener` (LISTENing on `channel`) has received every notification committed
 * before this call: PostgreSQL delivers notifications in commit order, so a marker notified now
 * arrives after all of them. The marker's payload is not JSON, so change parsers ignore it.
 */
export async function notificationsDelivered(
  listener: Client,
  pool: Pool,
  channel: string,
  deadlineMs = 15_000,
): Promise<void> {
  const marker = `delivered-${randomUUID()}`;
  let seen = false;
  const onNotification = (message: { channel: string; payload?: string }) => {
    if (message.channel === channel && message.payload === marker) seen = true;
  };
  listener.on('notification', onNotification);
  try {
    await pool.query('SELECT pg_notify($1, $2)', [channel, marker]);
    await eventually(`the notifications on ${channel} to arrive`, () => seen, deadlineMs, 10);
  } finally {
    listener.off('notification', onNotification);
  }
}

/**
 * Resolves once the clock reads later than `moment`: what is recorded from then on is recorded
 * after it (timestamps in the log and `asOf` compare at this precision).
 */
export async function clockPast(moment: Date): Promise<void> {
  await eventually('the clock to move on', () => Date.now() > moment.getTime(), 1_000, 1);
}
