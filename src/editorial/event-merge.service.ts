import { Inject, Injectable } from '@nestjs/common';
import {
  checkMergeIds,
  checkSplitId,
  decideEventMerge,
  decideEventSplit,
  eventStreamId,
  evolveEvent,
  survivorOf,
  type DiplomaticEventEvent,
  type MergeProvenance,
} from '../diplomacy';
import { EVENT_STORE, type EventStore } from '../event-store/event-store-port';
import type { EventMetadata, EventToAppend, StoredEvent, StreamAppend } from '../event-store/types';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { commandMetadata, idempotentCommand, keyedEventIds, type CommandContext } from './command-context';
import type { MergeEventsInput, SplitEventInput } from './dto/event-merge.input';
import type { EventCommandResult } from './event-commands.service';
import { foldEvent } from './stream-facts.service';

export interface MergeEventsOutcome {
  survivor: EventCommandResult;
  duplicates: EventCommandResult[];
}

export interface SplitEventOutcome {
  event: EventCommandResult;
  survivor: EventCommandResult;
}

/** One stream's part of a merge or split: what is stored, and what the decision adds to it. */
type StreamPart = { eventId: string; stored: StoredEvent[]; decided: DiplomaticEventEvent[] };

/**
 * Merges and splits of diplomatic events: several streams, one transaction (appendBatch), each
 * stream at the version it was decided on. Two merges decided on the same versions cannot both
 * be stored: the second is refused with a CONFLICT (no retry here: re-deciding it would answer
 * the other request's merge as if it were its own).
 */
@Injectable()
export class EventMergeService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly idempotency: IdempotencyService,
  ) {}

  merge(input: MergeEventsInput, context: CommandContext): Promise<MergeEventsOutcome> {
    return idempotentCommand(this.idempotency, context, 'mergeEvents', input, async (context) => {
      checkMergeIds(input.survivorId, input.duplicateIds, input.reason);
      const survivorId = await this.survivorOf(input.survivorId);
      const streams = await this.store.readStreams([survivorId, ...input.duplicateIds].map(eventStreamId));
      const storedOf = (eventId: string) => streams.get(eventStreamId(eventId)) ?? [];
      const { survivorEvents, duplicateEvents } = decideEventMerge({
        survivorId: input.survivorId,
        survivor: foldEvent(storedOf(survivorId)),
        duplicates: input.duplicateIds.map((eventId) => ({
          eventId,
          state: foldEvent(storedOf(eventId)),
          provenance: provenanceOf(storedOf(eventId)),
        })),
        reason: input.reason,
      });
      const [survivor, ...duplicates] = await this.write(
        [
          { eventId: survivorId, stored: storedOf(survivorId), decided: survivorEvents },
          ...duplicateEvents.map(({ eventId, events }) => ({ eventId, stored: storedOf(eventId), decided: events })),
        ],
        commandMetadata(context, 'mergeEvents', input.reason),
        keyedEventIds(context, 'mergeEvents'),
      );
      return { survivor: survivor!, duplicates };
    });
  }

  split(input: SplitEventInput, context: CommandContext): Promise<SplitEventOutcome> {
    return idempotentCommand(this.idempotency, context, 'splitEvent', input, async (context) => {
      checkSplitId(input.eventId, input.reason);
      const stored = await this.store.readStream(eventStreamId(input.eventId));
      const duplicate = foldEvent(stored);
      const survivorId = duplicate.status === 'NOT_RECORDED' ? undefined : duplicate.mergedInto;
      const survivorStored = survivorId ? await this.store.readStream(eventStreamId(survivorId)) : [];
      const decision = decideEventSplit({
        duplicateId: input.eventId,
        duplicate,
        survivor: foldEvent(survivorStored),
        reason: input.reason,
      });
      const [event, survivor] = await this.write(
        [
          { eventId: input.eventId, stored, decided: decision.duplicateEvents },
          { eventId: survivorId!, stored: survivorStored, decided: decision.survivorEvents },
        ],
        commandMetadata(context, 'splitEvent', input.reason),
        keyedEventIds(context, 'splitEvent'),
      );
      return { event: event!, survivor: survivor! };
    });
  }

  /**
   * Follows mergedInto from the event asked for to the event it lives on in (itself if none), by
   * the domain's survivorOf (its step limit and cycle rule), reading each stream as the chain
   * reaches it: the chain ends where the last event read is merged nowhere.
   */
  private async survivorOf(eventId: string): Promise<string> {
    const mergedInto = new Map<string, string | undefined>();
    for (;;) {
      const reached = survivorOf(eventId, (id) => mergedInto.get(id));
      if (mergedInto.has(reached)) return reached;
      const state = foldEvent(await this.store.readStream(eventStreamId(reached)));
      mergedInto.set(reached, state.status === 'NOT_RECORDED' ? undefined : state.mergedInto);
    }
  }

  /**
   * Appends what was decided, every stream that changes at the version it was read at, in one
   * transaction; answers each stream's resulting state. A stream the decision leaves alone (a
   * duplicate merged already) answers its current version and the position of its last entry,
   * as the merge that did it answered.
   */
  private async write(
    parts: StreamPart[],
    metadata: EventMetadata,
    keyed: ((index: number) => string) | undefined,
  ): Promise<EventCommandResult[]> {
    let index = 0;
    const toAppend = (event: DiplomaticEventEvent): EventToAppend => ({
      type: event.type,
      data: event.data,
      metadata,
      eventId: keyed?.(index++),
    });
    const changing = parts.filter((part) => part.decided.length > 0);
    const batch: StreamAppend[] = changing.map((part) => ({
      streamId: eventStreamId(part.eventId),
      events: part.decided.map(toAppend),
      expectedVersion: part.stored.at(-1)?.streamVersion ?? 0,
      streamType: 'event',
    }));
    const appended = batch.length > 0 ? await this.store.appendBatch(batch) : [];
    return parts.map((part) => {
      const result = appended[changing.indexOf(part)];
      const state = part.decided.reduce(evolveEvent, foldEvent(part.stored));
      if (state.status === 'NOT_RECORDED') throw new Error(`event ${part.eventId} has no state after a merge`);
      const last = part.stored.at(-1);
      return {
        eventId: part.eventId,
        version: result ? result.nextVersion : (last?.streamVersion ?? 0),
        position: result ? (result.positions.at(-1)?.toString() ?? null) : (last?.globalPosition.toString() ?? null),
        state,
      };
    });
  }
}

/** What the duplicate's import recorded (metadata.provenance of its first entry); null when entered by hand. */
function provenanceOf(stored: StoredEvent[]): MergeProvenance {
  const provenance = stored[0]?.metadata.provenance;
  return provenance !== null && typeof provenance === 'object' && !Array.isArray(provenance)
    ? (provenance as Record<string, unknown>)
    : null;
}
