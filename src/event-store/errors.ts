import type { ExpectedVersion } from './types';

/** The stream was not at the version the caller expected: someone else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The version the stream is at; 0 when it does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}

/** Event ids that are stored already, with other content or in another stream. */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`event ids already stored with other content (stream ${streamId}): ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}

/** A request the store refuses before touching the database. */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/**
 * A command's keyed event ids are in the log already, written for another request: its
 * idempotency key was used before with other input.
 */
export class IdempotencyKeyReusedError extends EventIdConflictError {
  constructor(streamId: string, eventIds: string[]) {
    super(streamId, eventIds);
    this.message = `the idempotency key was used already, for other input (its events are stored in stream ${streamId})`;
    this.name = 'IdempotencyKeyReusedError';
  }
}
