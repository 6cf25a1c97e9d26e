import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { EventStoreObserver } from '../event-store/event-store-observer';
import { reportToPrimary } from './cluster-metrics';

/** Prometheus metrics of this process; one registry per application instance. */
@Injectable()
export class MetricsService implements EventStoreObserver {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly appendCalls = new Counter({
    name: 'eventstore_appends_total',
    help: 'Successful append transactions',
    registers: [this.registry],
  });

  readonly appendedEvents = new Counter({
    name: 'eventstore_appended_events_total',
    help: 'Events written to the log (retried appends that wrote nothing are not counted)',
    registers: [this.registry],
  });

  readonly appendConflicts = new Counter({
    name: 'eventstore_append_conflicts_total',
    help: 'Appends refused because the stream was not at the expected version',
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'eventstore_append_duration_seconds',
    help: 'Append latency, one database round trip',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    reportToPrimary(this.registry);
  }

  appended(_streams: number, events: number, seconds: number): void {
    this.appendCalls.inc();
    this.appendedEvents.inc(events);
    this.appendDuration.observe(seconds);
  }

  conflicted(): void {
    this.appendConflicts.inc();
  }
}
