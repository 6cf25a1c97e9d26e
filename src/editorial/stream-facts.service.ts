import { Inject, Injectable } from '@nestjs/common';
import {
  actorStreamId,
  eventStreamId,
  evolveActor,
  evolveEvent,
  initialActorState,
  initialEventState,
  type ActorEvent,
  type ActorFacts,
  type ActorState,
  type DiplomaticEventEvent,
  type DiplomaticEventState,
  type EventContext,
  type EventFact,
} from '../diplomacy';
import { EVENT_STORE, type EventStore } from '../event-store/event-store-port';
import type { StoredEvent } from '../event-store/types';

export interface LoadedActor {
  state: ActorState;
  version: number;
}

/**
 * The facts a command refers to (actors, other events), read from their streams in the log, the
 * source of truth: a command is never judged on a read model that may lag behind.
 */
@Injectable()
export class StreamFacts {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async actors(actorIds: Iterable<string>): Promise<Map<string, LoadedActor>> {
    const ids = [...new Set(actorIds)];
    const streams = await this.store.readStreams(ids.map(actorStreamId));
    return new Map(ids.map((id) => [id, foldActor(streams.get(actorStreamId(id)) ?? [])]));
  }

  async actorFacts(actorIds: Iterable<string>): Promise<ActorFacts> {
    const facts: ActorFacts = {};
    for (const [id, { state }] of await this.actors(actorIds)) {
      if (state.status === 'NOT_REGISTERED') continue;
      facts[id] = { kind: state.kind, name: state.name, ...(state.mergedInto ? { mergedInto: state.mergedInto } : {}) };
    }
    return facts;
  }

  async eventFacts(eventIds: Iterable<string>): Promise<Record<string, EventFact>> {
    const ids = [...new Set(eventIds)];
    const streams = await this.store.readStreams(ids.map(eventStreamId));
    const facts: Record<string, EventFact> = {};
    for (const id of ids) {
      const state = foldEvent(streams.get(eventStreamId(id)) ?? []);
      if (state.status !== 'NOT_RECORDED') facts[id] = { kind: state.kind };
    }
    return facts;
  }

  async eventContext(references: { actorIds: string[]; eventIds: string[] }): Promise<EventContext> {
    const [actors, events] = await Promise.all([
      this.actorFacts(references.actorIds),
      this.eventFacts(references.eventIds),
    ]);
    return { actors, events };
  }
}

export function foldActor(stored: StoredEvent[]): LoadedActor {
  return {
    state: stored.reduce((state, event) => evolveActor(state, event as unknown as ActorEvent), initialActorState()),
    version: stored.at(-1)?.streamVersion ?? 0,
  };
}

export function foldEvent(stored: StoredEvent[]): DiplomaticEventState {
  return stored.reduce(
    (state, event) => evolveEvent(state, event as unknown as DiplomaticEventEvent),
    initialEventState(),
  );
}
