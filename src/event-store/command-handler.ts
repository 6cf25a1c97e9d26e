import type { Decider, DomainEvent } from '../diplomacy/decider';
import { ConcurrencyError } from './errors';
import type { EventStore } from './event-store-port';
import { replayFromStream } from './keyed-retry';
import type { EventMetadata, StoredEvent } from './types';

export interface HandleCommandOptions {
  metadata?: EventMetadata;
  /** Attempts after the first when another writer got there first. */
  maxRetries?: number;
  streamType?: string;
  /** Stable event ids (for example derived from an idempotency key); random when absent. */
  eventIds?: (index: number) => string;
  /**
   * The version the caller saw (optimistic concurrency across requests): when the stream has moved
   * on since, the command fails with a ConcurrencyError instead of being decided again.
   */
  expectedVersion?: number;
}

/** A command, or a function that builds it from the loaded state (to load the facts it refers to). */
export type CommandSource<State, Command> = Command | ((state: State, version: number) => Command | Promise<Command>);

export interface CommandResult<State, Event> {
  state: State;
  newEvents: Event[];
  /** The stream's version after the command (unchanged when it decided nothing). */
  nextVersion: number;
  positions: bigint[];
  retries: number;
}

/**
 * Load, fold, decide, append with the loaded version as the expected one. When another writer
 * appended in between, the whole cycle runs again on the new state (a bounded number of times),
 * so a decision is always made on the state it is appended after.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  source: CommandSource<State, Command>,
  options: HandleCommandOptions = {},
): Promise<CommandResult<State, Event>> {
  const maxRetries = options.expectedVersion === undefined ? (options.maxRetries ?? 3) : 0;
  for (let attempt = 0; ; attempt += 1) {
    const stored = await store.readStream(streamId);
    const state = foldEvents(decider, stored);
    const version = stored.at(-1)?.streamVersion ?? 0;
    // Before the version check and the decider: a retry's expected version and the decider's rules
    // were met by its first run, which the log already holds.
    const replayed =
      options.eventIds && replayFromStream(decider, streamId, stored, options.eventIds, options.metadata);
    if (replayed) return { ...replayed, newEvents: [], retries: attempt };
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, options.expectedVersion, version);
    }
    const command =
      typeof source === 'function'
        ? await (source as (state: State, version: number) => Command | Promise<Command>)(state, version)
        : source;
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) {
      return { state, newEvents, nextVersion: version, positions: [], retries: attempt };
    }
    try {
      const result = await store.append(
        streamId,
        newEvents.map((event, index) => ({
          type: event.type,
          data: event.data,
          metadata: options.metadata,
          eventId: options.eventIds?.(index),
        })),
        { expectedVersion: version, streamType: options.streamType },
      );
      return {
        state: newEvents.reduce(decider.evolve, state),
        newEvents,
        nextVersion: result.nextVersion,
        positions: result.positions,
        retries: attempt,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }
}

export function foldEvents<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  stored: StoredEvent[],
): State {
  return stored.reduce(
    (state, event) => decider.evolve(state, { type: event.type, data: event.data } as Event),
    decider.initialState(),
  );
}
