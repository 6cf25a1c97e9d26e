import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { DATABASE_URL, HEALTH_POOL, PROJECTOR_POOL, READ_POOL, READ_ROUTER } from '../../database/database.module';
import type { ReadRouter } from '../../database/read-replicas/read-router';
import { registerReplicaMetrics } from '../../database/read-replicas/replica-metrics';
import { PostgresEventStore } from '../../event-store/event-store';
import { LogNotifications } from '../../event-store/log-notifications';
import { MetricsService } from '../../observability/metrics.service';
import { ActiveSchema } from './active-schema';
import { registerProjectionMetrics } from './projection-metrics';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStatus } from './projection-status';
import { ProjectionStatusResolver } from './projection-status.resolver';

export interface ProjectionModuleOptions {
  /** Run the projection on this instance (as the active runner or a standby). */
  enabled: boolean;
}

const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

@Injectable()
class ProjectionLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionModuleOptions,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ActiveSchema) private readonly activeSchema: ActiveSchema,
    @Inject(ProjectionStatus) private readonly status: ProjectionStatus,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(READ_ROUTER) private readonly router: ReadRouter | null,
  ) {}

  onModuleInit(): void {
    registerProjectionMetrics(this.metrics.registry, this.status);
    if (this.router) registerReplicaMetrics(this.metrics.registry, this.router);
  }

  // After every module's init: the migrations (DatabaseModule) have created read_model_state.
  async onApplicationBootstrap(): Promise<void> {
    await this.activeSchema.start();
    if (this.options.enabled) this.runner.start();
  }

  // Before onApplicationShutdown, where the pool the runner reads the log through is closed.
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.activeSchema.stop();
  }
}

/**
 * The timeline projection: the runner (started on bootstrap when enabled; every instance may run
 * one, the projector lock picks the active one), its status for health, metrics and GraphQL, and
 * ActiveSchema for the query side. Global, so that query modules can inject ActiveSchema and
 * ProjectionStatus without importing it.
 */
@Module({})
export class ProjectionModule {
  static forRoot(options: ProjectionModuleOptions): DynamicModule {
    return {
      module: ProjectionModule,
      global: true,
      providers: [
        { provide: PROJECTION_OPTIONS, useValue: options },
        {
          provide: ProjectionRunner,
          inject: [DATABASE_URL, PROJECTOR_POOL, PostgresEventStore, LogNotifications, APP_CONFIG],
          useFactory: (
            url: string,
            pool: Pool,
            writer: PostgresEventStore,
            notifications: LogNotifications,
            config: AppConfig,
          ) =>
            new ProjectionRunner({
              connectionString: url,
              // The log read through the projector's own pool: busy writers cannot hold projection back.
              store: new PostgresEventStore(pool, writer.upcasters),
              notifications,
              logger: new Logger('Projection'),
              sessionTimeoutMs: config.projectorSessionTimeoutMs,
              // Which instance leads, for operators reading pg_stat_activity.
              applicationName: `timeline-projector-${process.pid}`,
            }),
        },
        {
          provide: ProjectionStatus,
          inject: [HEALTH_POOL, ProjectionRunner, READ_POOL, READ_ROUTER],
          useFactory: (pool: Pool, runner: ProjectionRunner, readPool: Pool, router: ReadRouter | null) =>
            new ProjectionStatus(pool, runner, undefined, readPool, router),
        },
        {
          provide: ActiveSchema,
          inject: [READ_POOL, DATABASE_URL],
          useFactory: (pool: Pool, url: string) =>
            new ActiveSchema(pool, { connectionString: url, logger: new Logger('ActiveSchema') }),
        },
        ProjectionLifecycle,
        ProjectionStatusResolver,
      ],
      exports: [ProjectionRunner, ProjectionStatus, ActiveSchema],
    };
  }
}
