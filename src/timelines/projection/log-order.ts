import type { LogCheckpoint } from '../../event-store/types';

/** Order of places in the log as readAll delivers it: by transaction id, then global position. */
export function compareLogPlaces(a: LogCheckpoint, b: LogCheckpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}

/** A checkpoint covers every place at or before it. */
export function covers(checkpoint: LogCheckpoint, place: LogCheckpoint): boolean {
  return compareLogPlaces(place, checkpoint) <= 0;
}

/**
 * The effective record time of an event: the latest insert time (`recorded_at`, at the
 * millisecond precision the read model keeps) of any event at or before it in the gap-safe log
 * order. The clock at insert does not follow that order (an append that took its clock reading
 * early may commit, and so be read, after appends that read the clock later), so a version could
 * otherwise land "recorded before T" after T's answer was given. Running the maximum along the
 * log order makes record time grow with the log: everything the projection has not applied yet
 * comes later in the order, so its effective time is at least the last one applied (see
 * ProjectionStatus.recordTimeHorizon). A function of the log's prefix alone, so a rebuild
 * reproduces it; the stored events are never touched.
 */
export function effectiveRecordTime(latestBefore: Date | null, recordedAt: Date): Date {
  return latestBefore !== null && latestBefore.getTime() >= recordedAt.getTime() ? latestBefore : recordedAt;
}
