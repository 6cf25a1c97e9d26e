import { createRequire } from 'node:module';

/** The part of autocannon's programmatic API the benchmark uses (the package has no typings). */
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
  ): void;
  on(
    event: 'done',
    listener: (result: {
      requests: { total: number };
      non2xx: number;
      errors: number;
      timeouts: number;
      duration: number;
    }) => void,
  ): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  connections: number;
  seconds: number;
}

/**
 * One autocannon run of POST requests with a JSON body. Latencies are taken from each response
 * (milliseconds, not rounded as autocannon's own histogram is) and every non-2xx or error counts
 * as a failure.
 */
export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let failures = 0;
    const instance = autocannon({
      url: options.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: options.body,
      connections: options.connections,
      duration: options.seconds,
      pipelining: 1,
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) failures += 1;
    });
    instance.on('error', reject);
    instance.on('done', (result) => {
      latencies.sort((a, b) => a - b);
      const at = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
      resolve({
        requestsPerSecond: latencies.length / (result.duration || options.seconds),
        p50: at(0.5),
        p99: at(0.99),
        requests: latencies.length,
        failures: failures + result.errors + result.timeouts,
      });
    });
  });
}

/** Median of each figure over runs (each figure on its own). */
export function medianOf(results: LoadResult[]): LoadResult {
  const median = (pick: (r: LoadResult) => number) => {
    const values = results.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  return {
    requestsPerSecond: median((r) => r.requestsPerSecond),
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}
