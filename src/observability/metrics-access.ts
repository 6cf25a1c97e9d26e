import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a request may read /metrics: always when no METRICS_TOKEN is set, otherwise only with
 * `Authorization: Bearer <token>`. Metrics name routes, error rates and process internals, which
 * help an attacker time an attack, so production deployments set a token or a private port.
 */
export function metricsAllowed(token: string | undefined, authorization: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Digests have equal lengths, so the comparison takes the same time whatever the guess.
  return timingSafeEqual(digest(match[1]!), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
