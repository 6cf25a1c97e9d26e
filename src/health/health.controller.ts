import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { READ_ROUTER } from '../database/database.module';
import type { ReadRouter } from '../database/read-replicas/read-router';
import { checkProjectionHealth } from '../timelines/projection/projection-health';
import { ProjectionStatus } from '../timelines/projection/projection-status';
import { healthResultOf, publicHealth, type PublicHealth } from './health-body';
import { LifecycleService } from './lifecycle.service';

/**
 * /health/live: the process answers (restart it if not). /health/ready: it can serve, the
 * database answers and it is not shutting down (stop routing to it if not). /health: both, and
 * the projection, "degraded" (still 200) when reads lag > 60 s. Bodies carry each check's name
 * and status only (health endpoints are usually public): the details of a failure are logged.
 */
@Controller('health')
export class HealthController {
  private readonly log = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly projection: ProjectionStatus,
    @Inject(READ_ROUTER) private readonly router: ReadRouter | null,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<PublicHealth> {
    return this.run([
      () => this.accepting(),
      () => this.database.pingCheck('database').withTimeout(1500),
      () => checkProjectionHealth(this.indicators, this.projection),
      ...(this.router ? [() => this.readReplicas(this.router!)] : []),
    ]);
  }

  @Get('live')
  @HealthCheck()
  live(): Promise<PublicHealth> {
    return this.run([() => this.indicators.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<PublicHealth> {
    return this.check();
  }

  private async run(checks: HealthIndicatorFunction[]): Promise<PublicHealth> {
    try {
      return publicHealth(await this.health.check(checks));
    } catch (error) {
      const result = healthResultOf(error);
      if (result) {
        // Terminus logs the details of an "error" itself; "shutting_down" it does not.
        if (result.status !== 'error') this.log.log({ health: result.details }, `Health check: ${result.status}`);
        throw new ServiceUnavailableException(publicHealth(result));
      }
      // An indicator that threw instead of reporting "down": its message stays in the log too.
      this.log.error({ err: error }, 'Health check failed');
      throw new ServiceUnavailableException({
        status: 'error',
        info: {},
        error: {},
        details: {},
      } satisfies PublicHealth);
    }
  }

  /**
   * readReplicas (with DATABASE_READ_URL): up when every replica serves reads, degraded (still
   * 200: the primary answers their reads) when one lags or is down; each one's state and lag
   * (public: no host names).
   */
  private readReplicas(router: ReadRouter) {
    const indicator = this.indicators.check('readReplicas');
    const replicas = router.status().map(({ state, lagSeconds }) => ({ state, lagSeconds }));
    return replicas.every((replica) => replica.state === 'serving')
      ? indicator.up({ replicas })
      : indicator.degraded({ replicas });
  }

  private accepting() {
    const session = this.indicators.check('lifecycle');
    return this.lifecycle.isShuttingDown() ? session.down() : session.up();
  }
}
