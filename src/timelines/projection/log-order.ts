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
