import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ProjectionStatus } from './projection-status';

export interface ProjectionHealthOptions {
  /** Beyond this lag the projection is reported degraded (still serving, reads are stale). */
  maxLagSeconds?: number;
}

/**
 * For the health controller: `projection` is up with the lag in its details, degraded when the
 * read model lags more than maxLagSeconds (the instance still serves, so it stays routable), and
 * down when the status cannot be read.
 */
export async function checkProjectionHealth(
  indicators: HealthIndicatorService,
  status: ProjectionStatus,
  options: ProjectionHealthOptions = {},
): Promise<HealthIndicatorResult<'projection'>> {
  const indicator = indicators.check('projection');
  try {
    const snapshot = await status.status();
    const details = {
      activeSchema: snapshot.activeSchema,
      checkpointPosition: snapshot.checkpoint.position.toString(),
      headPosition: snapshot.headPosition.toString(),
      lagEvents: snapshot.lagEvents,
      lagSeconds: Math.round(snapshot.lagSeconds * 1000) / 1000,
      runningHere: snapshot.runningHere,
      lastBatchAt: snapshot.lastBatchAt?.toISOString() ?? null,
    };
    return snapshot.lagSeconds > (options.maxLagSeconds ?? 60) ? indicator.degraded(details) : indicator.up(details);
  } catch (error) {
    return indicator.down({ message: error instanceof Error ? error.message : String(error) });
  }
}
