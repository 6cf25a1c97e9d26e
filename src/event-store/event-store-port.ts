import type { AppendOptions, AppendResult, EventToAppend, ReadStreamOptions, StoredEvent, StreamAppend } from './types';

/**
 * What command handling needs of an event store (as Emmett's EventStore): read a stream, append
 * to it with an expected version. Commands depend on this, not on PostgreSQL, so that a store
 * that keeps these promises (optimistic concurrency, event ids recognised on retry) can stand in.
 */
export interface EventStore {
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Several whole streams at once (the facts a command refers to). */
  readStreams(streamIds: string[]): Promise<Map<string, StoredEvent[]>>;
  /** Events by id, in log order (a retried command looks for its own). */
  readEvents(eventIds: string[]): Promise<StoredEvent[]>;
  append(streamId: string, events: EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** Several streams in one transaction: all or nothing. */
  appendBatch(batch: StreamAppend[]): Promise<AppendResult[]>;
}

/** The Nest token the command services' EventStore is provided under. */
export const EVENT_STORE = Symbol('EVENT_STORE');
