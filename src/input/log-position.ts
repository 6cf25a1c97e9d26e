/**
 * Log positions are PostgreSQL bigints and reach clients as decimal strings. One past the largest
 * bigint would be refused by PostgreSQL (22003) inside the statement; here it is refused as input.
 */
export const MAX_LOG_POSITION = 9_223_372_036_854_775_807n;

/** Largest xid8 (an unsigned 64-bit transaction id), the other half of a log cursor. */
export const MAX_TRANSACTION_ID = 18_446_744_073_709_551_615n;

export function parseLogPosition(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) return undefined;
  const position = BigInt(text);
  return position <= MAX_LOG_POSITION ? position : undefined;
}
