import { decideActor, evolveActor, initialActorState } from '../../../diplomacy/actors/actor-decider';
import { decideMerge } from '../../../diplomacy/actors/actor-merge';
import type { ActorState, RegisterActor, ReviseActor } from '../../../diplomacy/actors/actor-types';
import type { ActorFacts } from '../../../diplomacy/context';
import { decideEvent, evolveEvent, initialEventState } from '../../../diplomacy/events/event-decider';
import { decideEventMerge, decideEventSplit, survivorOf } from '../../../diplomacy/events/event-merge';
import type { AgreementStatus } from '../../../diplomacy/events/agreement-status';
import type {
  DiplomaticEventEvent,
  DiplomaticEventState,
  EventCommand,
  EventFact,
  EventLink,
  EventSource,
  RecordEvent,
  ReviseEvent,
} from '../../../diplomacy/events/event-types';
import { actorStreamId, eventStreamId } from '../../../diplomacy/stream-ids';
import type { TemporalPoint } from '../../../diplomacy/temporal';
import type { DomainEvent } from '../../../diplomacy/decider';
import type { PostgresEventStore, StreamAppend } from '../../../event-store/event-store';

/**
 * Writes a log the way the application would: every event comes from the domain's deciders, run
 * against the state folded so far, with the facts (actors, events) the application would load.
 * Appends are grouped into transactions; a stream is written at most once per transaction, so
 * every version of an event has a record time of its own.
 */
export class DomainLogBuilder {
  readonly actorFacts: ActorFacts = {};
  readonly eventFacts: Record<string, EventFact> = {};
  private readonly actors = new Map<string, ActorState>();
  private readonly events = new Map<string, DiplomaticEventState>();
  private current: StreamAppend[] = [];
  private transactions: StreamAppend[][] = [];
  /** Events decided so far. */
  count = 0;

  registerActor(data: RegisterActor['data']): boolean {
    return this.decideActor({ type: 'RegisterActor', data, context: { actors: this.actorFacts } }, data.actorId);
  }

  reviseActor(data: ReviseActor['data']): boolean {
    return this.decideActor({ type: 'ReviseActor', data, context: { actors: this.actorFacts } }, data.actorId);
  }

  mergeActors(duplicateId: string, survivorId: string, reason: string): boolean {
    try {
      const decided = decideMerge({ duplicate: this.actor(duplicateId), survivor: this.actor(survivorId), reason });
      this.append(actorStreamId(duplicateId), decided.duplicateEvents, [actorStreamId(survivorId)]);
      this.append(actorStreamId(survivorId), decided.survivorEvents);
      for (const event of decided.duplicateEvents)
        this.actors.set(duplicateId, evolveActor(this.actor(duplicateId), event));
      for (const event of decided.survivorEvents)
        this.actors.set(survivorId, evolveActor(this.actor(survivorId), event));
      this.actorFacts[duplicateId] = { ...this.actorFacts[duplicateId]!, mergedInto: survivorId };
      return true;
    } catch {
      return false;
    }
  }

  /** Every stream of the merge in one transaction of its own, as the application appends it. */
  mergeEvents(survivorId: string, duplicateIds: string[], reason: string): boolean {
    const mergedIntoOf = (eventId: string) => {
      const state = this.event(eventId);
      return state.status === 'NOT_RECORDED' ? undefined : state.mergedInto;
    };
    const resolved = survivorOf(survivorId, mergedIntoOf);
    try {
      const decided = decideEventMerge({
        survivorId,
        survivor: this.event(resolved),
        duplicates: duplicateIds.map((eventId) => ({ eventId, state: this.event(eventId), provenance: null })),
        reason,
      });
      this.commit();
      if (decided.survivorEvents.length > 0) this.appendEvents(resolved, decided.survivorEvents);
      for (const { eventId, events } of decided.duplicateEvents)
        if (events.length > 0) this.appendEvents(eventId, events);
      this.commit();
      return true;
    } catch {
      return false;
    }
  }

  splitEvent(duplicateId: string, reason: string): boolean {
    const duplicate = this.event(duplicateId);
    const survivorId = duplicate.status === 'NOT_RECORDED' ? undefined : duplicate.mergedInto;
    try {
      const decided = decideEventSplit({
        duplicateId,
        duplicate,
        survivor: this.event(survivorId ?? duplicateId),
        reason,
      });
      this.commit();
      this.appendEvents(duplicateId, decided.duplicateEvents);
      this.appendEvents(survivorId!, decided.survivorEvents);
      this.commit();
      return true;
    } catch {
      return false;
    }
  }

  recordEvent(data: RecordEvent['data']): boolean {
    const ok = this.decideEvent({ type: 'RecordEvent', data, context: this.context() }, data.eventId);
    if (ok) this.eventFacts[data.eventId] = { kind: data.kind };
    return ok;
  }

  reviseEvent(data: ReviseEvent['data']): boolean {
    return this.decideEvent({ type: 'ReviseEvent', data, context: this.context() }, data.eventId);
  }

  retractEvent(eventId: string, reason: string): boolean {
    return this.decideEvent({ type: 'RetractEvent', data: { eventId, reason } }, eventId);
  }

  restoreEvent(eventId: string, reason: string): boolean {
    return this.decideEvent({ type: 'RestoreEvent', data: { eventId, reason } }, eventId);
  }

  attachSource(eventId: string, source: EventSource): boolean {
    return this.decideEvent({ type: 'AttachSource', data: { eventId, source } }, eventId);
  }

  detachSource(eventId: string, sourceId: string, reason?: string): boolean {
    return this.decideEvent(
      { type: 'DetachSource', data: reason ? { eventId, sourceId, reason } : { eventId, sourceId } },
      eventId,
    );
  }

  linkEvents(eventId: string, link: EventLink): boolean {
    return this.decideEvent(
      { type: 'LinkEvents', data: { eventId, link }, context: { events: this.eventFacts } },
      eventId,
    );
  }

  changeAgreementStatus(
    eventId: string,
    status: AgreementStatus,
    effectiveDate?: TemporalPoint,
    reason?: string,
  ): boolean {
    const data: { eventId: string; status: AgreementStatus; effectiveDate?: TemporalPoint; reason?: string } = {
      eventId,
      status,
    };
    if (effectiveDate) data.effectiveDate = effectiveDate;
    if (reason) data.reason = reason;
    return this.decideEvent({ type: 'ChangeAgreementStatus', data }, eventId);
  }

  /** An event no projection knows (a future type, another feature's stream). */
  raw(streamId: string, type: string, data: Record<string, unknown>): void {
    this.append(streamId, [{ type, data }]);
  }

  event(eventId: string): DiplomaticEventState {
    return this.events.get(eventId) ?? initialEventState();
  }

  actor(actorId: string): ActorState {
    return this.actors.get(actorId) ?? initialActorState();
  }

  /** Lets go of an event's state (a generator keeps only recent events in memory); it can no longer be changed. */
  forgetEvent(eventId: string): void {
    this.events.delete(eventId);
  }

  /** Ends the current transaction. */
  commit(): void {
    if (this.current.length > 0) this.transactions.push(this.current);
    this.current = [];
  }

  get pendingStreams(): number {
    return this.current.length;
  }

  /** The transactions committed so far, handed over once. */
  take(): StreamAppend[][] {
    const taken = this.transactions;
    this.transactions = [];
    return taken;
  }

  async appendTo(store: PostgresEventStore): Promise<number> {
    this.commit();
    let appended = 0;
    for (const transaction of this.take()) {
      await store.appendBatch(transaction);
      appended += transaction.reduce((sum, stream) => sum + stream.events.length, 0);
    }
    return appended;
  }

  private context() {
    return { actors: this.actorFacts, events: this.eventFacts };
  }

  private decideActor(command: RegisterActor | ReviseActor, actorId: string): boolean {
    let decided;
    try {
      decided = decideActor(command, this.actor(actorId));
    } catch {
      return false;
    }
    this.append(actorStreamId(actorId), decided);
    let state = this.actor(actorId);
    for (const event of decided) state = evolveActor(state, event);
    this.actors.set(actorId, state);
    if (state.status !== 'NOT_REGISTERED') {
      const fact: ActorFacts[string] = { kind: state.kind, name: state.name };
      if (state.mergedInto) fact.mergedInto = state.mergedInto;
      this.actorFacts[actorId] = fact;
    }
    return true;
  }

  private appendEvents(eventId: string, events: DiplomaticEventEvent[]): void {
    this.append(eventStreamId(eventId), events);
    this.events.set(eventId, events.reduce(evolveEvent, this.event(eventId)));
  }

  private decideEvent(command: EventCommand, eventId: string): boolean {
    let decided: DiplomaticEventEvent[];
    try {
      decided = decideEvent(command, this.event(eventId));
    } catch {
      return false;
    }
    this.append(eventStreamId(eventId), decided);
    let state = this.event(eventId);
    for (const event of decided) state = evolveEvent(state, event);
    this.events.set(eventId, state);
    return true;
  }

  private append(streamId: string, events: DomainEvent[], alsoFree: string[] = []): void {
    if ([streamId, ...alsoFree].some((id) => this.current.some((stream) => stream.streamId === id))) this.commit();
    // JSON as the log will keep it: what the deciders return may share objects with the state.
    this.current.push({
      streamId,
      events: events.map((event) => ({
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
      })),
    });
    this.count += events.length;
  }
}
