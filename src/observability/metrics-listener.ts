import { createServer, type Server } from 'node:http';
import { metricsAllowed } from './metrics-access';

export interface MetricsListenerOptions {
  port: number;
  host: string;
  token: string | undefined;
  contentType: string;
  collect(): Promise<string>;
  onError(error: unknown): void;
}

/**
 * The METRICS_PORT server: GET /metrics only, behind METRICS_TOKEN when one is set. Served by the
 * single process, or by a cluster's primary with every worker's metrics (cluster-metrics.ts).
 * Resolves once listening: a port taken by something else must stop the start, not leave metrics
 * silently missing.
 */
export async function listenForMetrics(options: MetricsListenerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    } else if (!metricsAllowed(options.token, req.headers.authorization)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' })
        .end('Unauthorized');
    } else {
      options.collect().then(
        (text) => res.writeHead(200, { 'content-type': options.contentType, 'cache-control': 'no-store' }).end(text),
        (error: unknown) => {
          options.onError(error);
          res.writeHead(500).end();
        },
      );
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function closeMetricsListener(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
