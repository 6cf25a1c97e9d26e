import { Gauge, type Registry } from 'prom-client';
import type { ProjectionStatus, ProjectionStatusSnapshot } from './projection-status';

/**
 * projection_lag_events and projection_lag_seconds, read from the database at scrape time, so
 * every instance reports the lag of the one that projects. Both gauges share one status read.
 * Every worker of a cluster reads the same lag: the primary's summed metrics (METRICS_PORT) take
 * the largest, not the sum of the workers' (prom-client sums gauges by default).
 */
export function registerProjectionMetrics(registry: Registry, status: ProjectionStatus): void {
  let recent: { at: number; snapshot: Promise<ProjectionStatusSnapshot> } | undefined;
  const snapshot = () => {
    if (!recent || Date.now() - recent.at > 1000) recent = { at: Date.now(), snapshot: status.status() };
    return recent.snapshot;
  };
  new Gauge({
    name: 'projection_lag_events',
    help: 'Log events not yet projected into the active read model (counted up to 1,000,000)',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      // A failed read leaves the last value: the scrape itself must not fail with the database.
      await snapshot().then(
        (s) => this.set(s.lagEvents),
        () => undefined,
      );
    },
  });
  new Gauge({
    name: 'projection_lag_seconds',
    help: 'Age of the oldest log event not yet projected into the active read model (0 when caught up)',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      await snapshot().then(
        (s) => this.set(s.lagSeconds),
        () => undefined,
      );
    },
  });
}
