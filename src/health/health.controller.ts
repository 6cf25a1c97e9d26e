import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { checkProjectionHealth } from '../timelines/projection/projection-health';
import { ProjectionStatus } from '../timelines/projection/projection-status';
import { LifecycleService } from './lifecycle.service';

/**
 * /health/live: the process answers (restart it if not). /health/ready: it can serve, the
 * database answers and it is not shutting down (stop routing to it if not). /health: both, with
 * the projection's lag (log head vs checkpoint): "degraded", still 200, when reads lag > 60 s.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly projection: ProjectionStatus,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.accepting(),
      () => this.database.pingCheck('database').withTimeout(1500),
      () => checkProjectionHealth(this.indicators, this.projection),
    ]);
  }

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.check();
  }

  private accepting() {
    const session = this.indicators.check('lifecycle');
    return this.lifecycle.isShuttingDown() ? session.down({ message: 'shutting down' }) : session.up();
  }
}
