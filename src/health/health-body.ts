import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/**
 * What a health endpoint may tell anyone who asks: the overall status and each check's name and
 * status. Indicators put PostgreSQL's own messages (database names, hosts, "password
 * authentication failed for user ...") and internals in their details; those go to the log only.
 */
export interface PublicHealth {
  status: HealthCheckResult['status'];
  info: Record<string, PublicCheck>;
  error: Record<string, PublicCheck>;
  details: Record<string, PublicCheck>;
}

export interface PublicCheck {
  status: string;
  /** readReplicas only: each replica's state and lag, in DATABASE_READ_URL's order (no hosts). */
  replicas?: unknown;
}

/** Details a check may show anyone: written by this service, never PostgreSQL's text. */
const PUBLIC_DETAILS: Record<string, readonly string[]> = { readReplicas: ['replicas'] };

export function publicHealth(result: HealthCheckResult): PublicHealth {
  return {
    status: result.status,
    info: statusesOnly(result.info),
    error: statusesOnly(result.error),
    details: statusesOnly(result.details),
  };
}

function statusesOnly(checks: Partial<HealthIndicatorResult> | undefined): Record<string, PublicCheck> {
  return Object.fromEntries(
    Object.entries(checks ?? {}).map(([name, check]) => {
      const shown: PublicCheck = { status: String(check?.status) };
      for (const key of PUBLIC_DETAILS[name] ?? []) if (check && key in check) shown[key as 'replicas'] = check[key];
      return [name, shown];
    }),
  );
}

/** A terminus result carried by its ServiceUnavailableException, when the error is one. */
export function healthResultOf(error: unknown): HealthCheckResult | undefined {
  const response = (error as { getResponse?: () => unknown }).getResponse?.();
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response
    ? (response as HealthCheckResult)
    : undefined;
}
