import { databaseUnavailable } from '../unavailable';

/**
 * The pure decisions of the read router (read-router.ts): how far behind its primary a replica
 * is, whether it may serve reads, and which failures of a replica's query are answered by asking
 * the primary instead.
 */

/** The primary's WAL position (bytes since 0/0) at a moment: replicas are measured against these. */
export interface WalSample {
  atMs: number;
  lsn: bigint;
}

/** What the last probe of a replica found. */
export interface ReplicaProbe {
  /** When the probe answered (ms since the epoch); 0: never. */
  checkedAtMs: number;
  /** The probe failed (the replica is down or unreachable). */
  down: boolean;
  /** How far behind the primary its data is, at the probe; null when unknown (down, or never probed). */
  lagMs: number | null;
}

/**
 * How stale a replica's data is: the time since the newest primary sample its replay has reached
 * (the replica holds everything the primary had then). 0 when it has reached the latest sample;
 * when it is behind every sample kept, at least as old as the oldest one. An idle primary writes
 * no WAL, so a caught-up replica of an idle primary is at lag 0 (unlike now() -
 * pg_last_xact_replay_timestamp(), which grows while nothing is written). But only while the
 * latest sample is fresh (at most freshMs old): when the primary's probe has been failing, a
 * replica that reached the last sample is known current only as of then, so its lag is that
 * sample's age; with no sample at all it is unknown (null), and the replica does not serve.
 */
export function replicaLagMs(
  samples: readonly WalSample[],
  replayLsn: bigint,
  nowMs: number,
  freshMs: number,
): number | null {
  const latest = samples[samples.length - 1];
  if (!latest) return null;
  if (replayLsn >= latest.lsn) return nowMs - latest.atMs <= freshMs ? 0 : nowMs - latest.atMs;
  for (let i = samples.length - 2; i >= 0; i -= 1) {
    if (samples[i]!.lsn <= replayLsn) return Math.max(0, nowMs - samples[i + 1]!.atMs);
  }
  return Math.max(0, nowMs - samples[0]!.atMs);
}

/**
 * Keeps the samples that can still tell a lag up to keepMs (and the one just before them, which
 * bounds an older replay); the newest last.
 */
export function keepSamples(samples: readonly WalSample[], sample: WalSample, keepMs: number): WalSample[] {
  const kept = [...samples, sample];
  const from = kept.findIndex((s) => sample.atMs - s.atMs <= keepMs);
  return kept.slice(Math.max(0, from - 1));
}

/**
 * A replica serves reads when its last probe, no older than staleMs, found it up and at most
 * maxLagMs behind. A probe that does not come back in time (a hung server) counts as down.
 */
export function replicaUsable(
  probe: ReplicaProbe,
  nowMs: number,
  options: { maxLagMs: number; staleMs: number },
): boolean {
  return (
    !probe.down &&
    probe.lagMs !== null &&
    probe.lagMs <= options.maxLagMs &&
    nowMs - probe.checkedAtMs <= options.staleMs
  );
}

/**
 * What a failed replica query means, for the router: the replica cannot be reached or ended the
 * session (down: not read from until a probe finds it back), it cancelled the query (a recovery
 * conflict), its pool had no connection free in time (busy), it has not replayed the active
 * generation yet (behind), or neither (the query's own error,
 * answered as it is). The first three are asked of the primary instead.
 */
export type ReplicaFailure = 'down' | 'conflict' | 'busy' | 'behind' | undefined;

/**
 * undefined_table, invalid_schema_name: the generation the primary reads (read_model_state, read
 * there) has not reached the replica yet, just after a rebuild's swap.
 */
const NOT_REPLAYED_YET = new Set(['42P01', '3F000']);

/**
 * Recovery conflicts (a standby cancels a query whose rows WAL replay must remove, e.g. when a
 * rebuild drops an old generation) come as 40001 (or 40P01 for a buffer-pin deadlock) with
 * "conflict with recovery" in the message; on a primary 40001 is a serialization failure, which
 * reads here never meet.
 */
export function replicaFailure(error: unknown): ReplicaFailure {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if ((code === '40001' || code === '40P01') && typeof message === 'string' && /conflict with recovery/i.test(message))
    return 'conflict';
  if (typeof code === 'string' && NOT_REPLAYED_YET.has(code)) return 'behind';
  const unavailable = databaseUnavailable(error);
  if (unavailable?.reason === 'connection') return 'down';
  if (unavailable?.reason === 'pool_exhausted') return 'busy';
  return undefined;
}

/** host:port/database of a URL, without user or password: a replica's name in logs, /health and /metrics. */
export function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
