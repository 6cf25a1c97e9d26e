import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { EVENT_STORE_OBSERVER } from '../event-store/event-store-observer';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';

@Global()
@Module({
  controllers: [MetricsController],
  // The store's observer is bound here: observability depends on the store, not the reverse.
  providers: [MetricsService, MetricsServer, { provide: EVENT_STORE_OBSERVER, useExisting: MetricsService }],
  exports: [MetricsService, EVENT_STORE_OBSERVER],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
