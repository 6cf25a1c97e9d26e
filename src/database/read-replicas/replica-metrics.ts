import { Gauge, type Registry } from 'prom-client';
import type { ReadRouter } from './read-router';

/**
 * read_replica_lag_seconds and read_replica_serving, per replica (labelled host:port/database),
 * from the router's last probe: no query at scrape time. A replica that is down has no lag value
 * (the series is absent) and serving 0.
 */
export function registerReplicaMetrics(registry: Registry, router: ReadRouter): void {
  new Gauge({
    name: 'read_replica_lag_seconds',
    help: "How far a read replica's data is behind the primary's, to within a probe interval",
    labelNames: ['replica'],
    registers: [registry],
    // Each worker probes on its own: summed over a cluster's workers (METRICS_PORT) a lag means nothing.
    aggregator: 'max',
    collect() {
      this.reset();
      for (const replica of router.status())
        if (replica.lagSeconds !== null) this.set({ replica: replica.name }, replica.lagSeconds);
    },
  });
  new Gauge({
    name: 'read_replica_serving',
    help: 'Whether reads go to a read replica (1), or to the primary because it is down or lags too far (0)',
    labelNames: ['replica'],
    registers: [registry],
    // Over a cluster's workers: 0 when any worker reads the primary instead.
    aggregator: 'min',
    collect() {
      for (const replica of router.status()) this.set({ replica: replica.name }, replica.state === 'serving' ? 1 : 0);
    },
  });
}
