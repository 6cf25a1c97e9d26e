import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Counts and times every HTTP request; the route label is the matched path, never the raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeLabel(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      this.metrics.httpDuration.observe({ method: req.method, route }, seconds);
    });
    next();
  }
}

const KNOWN = ['/graphql', '/health', '/health/live', '/health/ready', '/metrics'];

function routeLabel(req: Request): string {
  const path = (req.originalUrl ?? req.url).split('?')[0] ?? '';
  // Unknown paths share one label so that scanners cannot blow up the series count.
  return KNOWN.includes(path) ? path : 'other';
}
