import type { Decider, DomainEvent } from '../diplomacy/decider';
import { IdempotencyKeyReusedError } from './errors';
import type { EventMetadata, StoredEvent } from './types';

/** More events than one command appends; bounds the keyed ids a retry is looked for by. */
export const MAX_EVENTS_PER_KEYED_COMMAND = 64;

/** Metadata member holding the hash of the request that appended a keyed command's events. */
export const REQUEST_HASH_METADATA = 'idempotencyRequestHash';

/** The stored events among the ids a keyed command gives its events, in log order. */
export function keyedEventsIn(stored: StoredEvent[], eventIds: (index: number) => string): StoredEvent[] {
  const ids = new Set(
    Array.from({ length: MAX_EVENTS_PER_KEYED_COMMAND }, (_, index) => eventIds(index).toLowerCase()),
  );
  return stored.filter((event) => ids.has(event.eventId));
}

/**
 * The request stored with a keyed command's events must be this one: the same key with other
 * input is refused (events written before request hashes were stored are taken as the same).
 */
export function assertSameRequest(streamId: string, stored: StoredEvent, metadata: EventMetadata | undefined): void {
  const theirs = stored.metadata[REQUEST_HASH_METADATA];
  if (theirs !== undefined && theirs !== metadata?.[REQUEST_HASH_METADATA]) {
    throw new IdempotencyKeyReusedError(streamId, [stored.eventId]);
  }
}

export interface Replayed<State> {
  state: State;
  nextVersion: number;
  positions: bigint[];
}

/**
 * A keyed command whose events are in the stream already was run before, and its answer lost (the
 * process died between the append and storing the answer, or the answer's record expired). It is
 * answered from the log as it was answered then: the state right after its last event. Deciding
 * again would refuse the stream the first run created ("registered already").
 */
export function replayFromStream<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  streamId: string,
  stored: StoredEvent[],
  eventIds: (index: number) => string,
  metadata: EventMetadata | undefined,
): Replayed<State> | undefined {
  const first = eventIds(0).toLowerCase();
  if (!stored.some((event) => event.eventId === first)) return undefined;
  const keyed = keyedEventsIn(stored, eventIds);
  assertSameRequest(streamId, keyed[0]!, metadata);
  const last = keyed.at(-1)!.streamVersion;
  const state = stored
    .filter((event) => event.streamVersion <= last)
    .reduce(
      (folded, event) => decider.evolve(folded, { type: event.type, data: event.data } as Event),
      decider.initialState(),
    );
  return { state, nextVersion: last, positions: keyed.map((event) => event.globalPosition) };
}
