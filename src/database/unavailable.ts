/**
 * Whether an error means "the database cannot serve this now" (a starved pool, a statement or lock
 * timeout, a lost or refused connection) rather than a fault in the request or in our code: the
 * client should see SERVICE_UNAVAILABLE and try again, never INTERNAL_SERVER_ERROR or a hang.
 */
export interface Unavailable {
  reason: 'pool_exhausted' | 'statement_timeout' | 'lock_timeout' | 'connection';
  retryAfterSeconds: number;
}

const CODES: Record<string, Unavailable['reason']> = {
  '57014': 'statement_timeout', // query_canceled: statement_timeout (or a cancel during shutdown)
  '55P03': 'lock_timeout', // lock_not_available
  '25P03': 'connection', // idle_in_transaction_session_timeout ended the session
  '57P01': 'connection', // admin_shutdown
  '57P02': 'connection', // crash_shutdown
  '57P03': 'connection', // cannot_connect_now (starting up, shutting down)
  '57P05': 'connection', // idle_session_timeout
  '53300': 'connection', // too_many_connections
  '53400': 'connection', // configuration_limit_exceeded
};

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg and pg-pool say these in their messages only. */
const POOL_TIMEOUT = /^timeout exceeded when trying to connect$/;
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

export function databaseUnavailable(error: unknown): Unavailable | undefined {
  // Not `instanceof Error`: Node's own errors (a refused connect) come from the main realm's Error,
  // which code run in another realm (a vm context: jest's) does not recognise.
  if (!isErrorLike(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const reason = CODES[code] ?? (code.startsWith('08') ? 'connection' : undefined); // 08xxx: connection_exception
    if (reason) return { reason, retryAfterSeconds: 1 };
    if (NODE_NETWORK_CODES.has(code)) return { reason: 'connection', retryAfterSeconds: 2 };
  }
  if (POOL_TIMEOUT.test(error.message)) return { reason: 'pool_exhausted', retryAfterSeconds: 1 };
  if (CONNECTION_MESSAGES.test(error.message)) return { reason: 'connection', retryAfterSeconds: 2 };
  return undefined;
}

/** What a client reads: no database text, which may name tables or hosts. */
export const UNAVAILABLE_MESSAGE = 'The service is busy or its database is unreachable: try again shortly';

function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
