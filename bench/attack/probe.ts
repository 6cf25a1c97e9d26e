import { post } from './client';

export interface Latency {
  p50: number;
  p99: number;
  probes: number;
  /** Probes not answered with data (an error, a timeout, a dropped connection). */
  failed: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function latencyOf(samples: Array<{ ms: number; ok: boolean }>): Latency {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    probes: samples.length,
    failed: samples.filter((s) => !s.ok).length,
  };
}

export interface InnocentQuery {
  query: string;
  variables?: Record<string, unknown>;
}

/** A small timeline page: what a reader of the service asks for all day. */
export const TIMELINE_PAGE: InnocentQuery = {
  query: '{ timeline(first: 10) { edges { node { id title start { value } } } } }',
};

/**
 * Probes one after another while `keepGoing` (told how many were sent) says so; each probe waits
 * at most `timeoutMs` (a probe that times out counts, at the bound, as failed).
 */
export async function probeWhile(
  url: string,
  innocent: InnocentQuery,
  keepGoing: (sent: number) => boolean,
  timeoutMs = 10_000,
): Promise<Latency> {
  const samples: Array<{ ms: number; ok: boolean }> = [];
  while (keepGoing(samples.length)) {
    const answer = await post(url, innocent.query, innocent.variables, {}, timeoutMs);
    samples.push({ ms: answer.ms, ok: answer.status === 200 && answer.code === undefined });
  }
  return latencyOf(samples);
}
