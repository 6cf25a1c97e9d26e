import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { ImportModule } from './admin/import/import.module';
import { AppConfigModule } from './config/config.module';
import type { AppConfig } from './config/env';
import { DatabaseModule } from './database/database.module';
import { EditorialModule } from './editorial/editorial.module';
import { EventStoreModule } from './event-store/event-store.module';
import { AppGraphQLModule } from './graphql/graphql.module';
import { HealthModule } from './health/health.module';
import { InputModule } from './input/input.module';
import { LogModule } from './log/log.module';
import { loggingParams } from './observability/logging';
import { ObservabilityModule } from './observability/observability.module';
import { SubscriptionsServerModule } from './subscriptions-server/subscriptions-server.module';
import { ProjectionModule } from './timelines/projection/projection.module';
import { TimelinesModule } from './timelines/timelines.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The server to use: DATABASE_URL, or the embedded PostgreSQL main.ts started. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggingParams(config)),
        ObservabilityModule,
        HealthModule,
        DatabaseModule.forRoot(databaseUrl, config.databasePoolSize),
        EventStoreModule,
        AdminModule,
        AppGraphQLModule.forRoot(config),
        LogModule,
        EditorialModule,
        ProjectionModule.forRoot({ enabled: config.runProjector }),
        TimelinesModule,
        ImportModule,
        SubscriptionsServerModule,
        InputModule,
      ],
    };
  }
}
