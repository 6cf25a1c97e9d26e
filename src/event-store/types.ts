/** What a caller hands to append. */
export interface EventToAppend {
  type: string;
  data: Record<string, unknown>;
  /** Stable across retries of one request so that a retry is recognised; generated when absent. */
  eventId?: string;
  metadata?: EventMetadata;
  /** Defaults to the newest schema version the upcaster registry knows for the type (1 if none). */
  schemaVersion?: number;
}

/** Who, why and in answer to what: stored beside each event, never part of its data. */
export interface EventMetadata {
  principal?: string;
  correlationId?: string;
  causationId?: string;
  reason?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

/**
 * A number is the version the stream must be at (0: it must not exist yet). `any` skips the check.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
  /** Defaults to the part of the stream id before its first '-'. */
  streamType?: string;
}

export interface AppendResult {
  streamId: string;
  nextVersion: number;
  /** Global positions of the appended events, in stream order. */
  positions: bigint[];
  /** True when every event id was stored already: nothing was written and this is the first result. */
  duplicate: boolean;
}

export interface StoredEvent<Type extends string = string, Data = Record<string, unknown>> {
  globalPosition: bigint;
  transactionId: bigint;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only what had been recorded strictly before this moment: the stream as it was known then. */
  recordedBefore?: Date;
}

/**
 * A place in the log: the transaction id and global position of the last event read. Events are
 * delivered in (transaction id, position) order, which is commit-safe; see readAll.
 */
export interface LogCheckpoint {
  transactionId: bigint;
  position: bigint;
}

export const LOG_START: LogCheckpoint = Object.freeze({ transactionId: 0n, position: 0n });

export interface ReadAllOptions {
  after?: LogCheckpoint;
  limit?: number;
}

export interface ReadAllResult {
  events: StoredEvent[];
  /** Where to continue from; equal to `after` when nothing new was readable. */
  checkpoint: LogCheckpoint;
  /** Fewer than `limit` events were readable: the reader has caught up for now. */
  caughtUp: boolean;
}

export function checkpointToString(checkpoint: LogCheckpoint): string {
  return `${checkpoint.transactionId}:${checkpoint.position}`;
}

export function checkpointFromString(text: string): LogCheckpoint {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(text);
  if (!match) throw new RangeError(`not a log checkpoint: "${text}" (expected "<transaction id>:<position>")`);
  return { transactionId: BigInt(match[1]!), position: BigInt(match[2]!) };
}

/** One stream's part of an `appendBatch`: its events and the version it must be at. */
export interface StreamAppend extends AppendOptions {
  streamId: string;
  events: EventToAppend[];
}
