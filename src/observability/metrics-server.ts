import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { closeMetricsListener, listenForMetrics } from './metrics-listener';
import { MetricsService } from './metrics.service';

/**
 * With METRICS_PORT, /metrics is served by this separate server (on METRICS_HOST, loopback by
 * default) so that a firewall or the pod network can keep it private while the main port is public.
 * In a cluster's worker it is the primary that serves that port, with every worker's metrics.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { metricsPort: port, metricsHost: host } = this.config;
    if (port === undefined || this.config.workerId !== undefined) return;
    this.server = await listenForMetrics({
      port,
      host,
      token: this.config.metricsToken,
      contentType: this.metrics.registry.contentType,
      collect: () => this.metrics.registry.metrics(),
      onError: (error) =>
        this.log.error(`Collecting metrics failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.log.log(`Metrics on http://${host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeMetricsListener(server);
  }
}
