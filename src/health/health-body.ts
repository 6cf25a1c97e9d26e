import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/**
 * What a health endpoint may tell anyone who asks: the overall status and each check's name and
 * status. Indicators put PostgreSQL's own messages (database names, hosts, "password
 * authentication failed for user ...") and internals in their details; those go to the log only.
 */
export interface PublicHealth {
  status: HealthCheckResult['status'];
  info: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
  details: Record<string, { status: string }>;
}

export function publicHealth(result: HealthCheckResult): PublicHealth {
  return {
    status: result.status,
    info: statusesOnly(result.info),
    error: statusesOnly(result.error),
    details: statusesOnly(result.details),
  };
}

function statusesOnly(checks: Partial<HealthIndicatorResult> | undefined): Record<string, { status: string }> {
  return Object.fromEntries(
    Object.entries(checks ?? {}).map(([name, check]) => [name, { status: String(check?.status) }]),
  );
}

/** A terminus result carried by its ServiceUnavailableException, when the error is one. */
export function healthResultOf(error: unknown): HealthCheckResult | undefined {
  const response = (error as { getResponse?: () => unknown }).getResponse?.();
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response
    ? (response as HealthCheckResult)
    : undefined;
}
