import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * In a cluster's worker: answer the primary's requests for this registry's metrics (prom-client's
 * AggregatorRegistry protocol over the cluster IPC channel). Constructing one installs the reply.
 */
export function reportToPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
}

/**
 * In the primary: every worker's metrics, counters and histograms summed, gauges as prom-client
 * aggregates each (process metrics summed, Node's version first, and so on).
 */
export function clusterMetrics(): { contentType: string; collect(): Promise<string> } {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, collect: () => aggregator.clusterMetrics() };
}
