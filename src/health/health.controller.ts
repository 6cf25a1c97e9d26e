import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { LifecycleService } from './lifecycle.service';

/**
 * /health/live: the process answers (restart it if not). /health/ready: it can serve, the
 * database answers and it is not shutting down (stop routing to it if not). /health: both.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.accepting(), () => this.database.pingCheck('database').withTimeout(1500)]);
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
