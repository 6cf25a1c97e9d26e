import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { ImportModule } from './admin/import/import.module';
import { AppConfigModule } from './config/config.module';
import type { AppConfig } from './config/env';
import { DatabaseModule } from './database/database.module';
import { EditorialModule } from './editorial/editorial.module';
import { ExportsModule } from './exports/exports.module';
import { EventStoreModule } from './event-store/event-store.module';
import { AppGraphQLModule } from './graphql/graphql.module';
import { HealthModule } from './health/health.module';
import { InputModule } from './graphql/input.module';
import { LogBrowserModule } from './log-browser/log-browser.module';
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
        AccessModule,
        AppGraphQLModule.forRoot(config),
        LogBrowserModule,
        EditorialModule,
        ProjectionModule.forRoot({ enabled: config.runProjector }),
        TimelinesModule,
        ExportsModule,
        ImportModule,
        SubscriptionsServerModule,
        InputModule,
      ],
    };
  }
}
