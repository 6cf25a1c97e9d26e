import { describe, expect, it } from '@jest/globals';
import { AggregatorRegistry, Registry } from 'prom-client';
import { registerProjectionMetrics } from './projection-metrics';
import type { ProjectionStatus } from './projection-status';

describe('projection lag metrics across cluster workers', () => {
  it('are the largest worker figure in the primary’s summed metrics, not the sum', async () => {
    // Each worker reads the lag of the one projector from the database: the same figure twice.
    const worker = async (lagEvents: number, lagSeconds: number) => {
      const registry = new Registry();
      const status = { status: async () => ({ lagEvents, lagSeconds }) } as unknown as ProjectionStatus;
      registerProjectionMetrics(registry, status);
      return registry.getMetricsAsJSON();
    };
    const summed = AggregatorRegistry.aggregate([await worker(120, 3.5), await worker(120, 3.4)]);
    const text = await summed.metrics();
    expect(text).toMatch(/^projection_lag_events 120$/m);
    expect(text).toMatch(/^projection_lag_seconds 3\.5$/m);
  });
});
