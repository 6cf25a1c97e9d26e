import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { metricsAllowed } from './metrics-access';
import { MetricsService } from './metrics.service';

/**
 * With METRICS_PORT, /metrics is served by this separate server (on METRICS_HOST, loopback by
 * default) so that a firewall or the pod network can keep it private while the main port is public.
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
    if (port === undefined) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      } else if (!metricsAllowed(this.config.metricsToken, req.headers.authorization)) {
        res
          .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' })
          .end('Unauthorized');
      } else {
        this.metrics.registry.metrics().then(
          (text) =>
            res
              .writeHead(200, { 'content-type': this.metrics.registry.contentType, 'cache-control': 'no-store' })
              .end(text),
          (error: unknown) => {
            this.log.error(`Collecting metrics failed: ${error instanceof Error ? error.message : String(error)}`);
            res.writeHead(500).end();
          },
        );
      }
    });
    // A port taken by something else must stop the start, not leave metrics silently missing.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.log.log(`Metrics on http://${host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
