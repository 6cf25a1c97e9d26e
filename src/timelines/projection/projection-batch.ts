import { evolveActor, initialActorState } from '../../diplomacy/actors/actor-decider';
import type { ActorEvent, ActorState } from '../../diplomacy/actors/actor-types';
import { evolveEvent, initialEventState } from '../../diplomacy/events/event-decider';
import type { DiplomaticEventEvent, DiplomaticEventState } from '../../diplomacy/events/event-types';
import { idFromStreamId } from '../../diplomacy/stream-ids';
import type { LogCheckpoint, StoredEvent } from '../../event-store/types';
import type { UpcasterRegistry } from '../../event-store/upcasters';
import { actorRow, actorVersionRow } from './actor-row-mapping';
import { eventVersionRows, type ActorLookup } from './event-version-mapping';
import { covers, effectiveRecordTime } from './log-order';
import { ProjectionCache, type EventEntry } from './projection-cache';
import type { ReadModelRepository, ReadModelWrites, VersionToClose } from './read-model.repository';
import type { ActorRow, ActorVersionRow } from './read-model-rows';
import { CHANGE_OF_EVENT_TYPE, type TimelineChange } from './timeline-change';

const ACTOR_EVENT_TYPES = new Set(['ActorRegistered', 'ActorRevised', 'ActorMerged', 'ActorAbsorbed']);

export interface ProjectBatchOptions {
  /**
   * Announce changes (timeline_changes) for events after this place in the log; null: announce
   * nothing (a generation that is not active yet).
   */
  announceAfter: LogCheckpoint | null;
  /**
   * EventRecorded data reaches evolveEvent as stored (no upcaster changes it), so PostgreSQL can
   * build first versions' docs from the log itself (see ReadModelRepository.write).
   */
  recordedDataAsStored: boolean;
  /**
   * Leave versions stored by earlier batches open when a later one supersedes them, and collect
   * them here instead: the caller closes them all at once afterwards
   * (ReadModelRepository.closeVersions). For a generation that nobody reads yet.
   */
  deferredCloses?: VersionToClose[];
  /** An event the domain could not fold or map (bad data in the log); it is skipped, like unknown types. */
  onUnprojectable?: (event: StoredEvent, error: unknown) => void;
}

/** Whether EventRecorded data is read exactly as stored: no upcaster is registered for it. */
export function recordedDataAsStored(upcasters: UpcasterRegistry): boolean {
  return upcasters.currentVersion('EventRecorded') === 1;
}

export interface ProjectedBatch {
  /** Events that changed the read model. */
  applied: number;
  /** Unknown types, other streams, and events the domain could not use. */
  skipped: number;
  /** What to announce, once `written`, in the same transaction. */
  changes: TimelineChange[];
  /**
   * The batch's write, sent but perhaps not done yet: a caller may map the next batch meanwhile
   * (later queries on the connection run after it). Rejections surface only when awaited.
   */
  written: Promise<void>;
}

/**
 * Applies a run of log events, in log order, to one generation, and writes the result together
 * with the checkpoint (one statement; inside the caller's transaction when there is one). The
 * result is the same as applying the events one at a time (a rebuild batches differently from the
 * live runner, and both must end with the same rows), but reads and writes are per batch: current
 * states come from the cache or one query per kind, new rows stay in memory (a version superseded
 * within the batch is written closed) and go out in one statement (an actor merge too: it
 * rewrites no rows already stored).
 *
 * The cache must be the caller's only view of the generation's writes: keep one per generation
 * and writer, and drop it after a failed batch.
 */
export async function projectEvents(
  repository: ReadModelRepository,
  events: StoredEvent[],
  checkpoint: LogCheckpoint,
  options: ProjectBatchOptions,
  cache: ProjectionCache = new ProjectionCache(),
): Promise<ProjectedBatch> {
  const batch = new ProjectionBatch(repository, options, cache);
  await batch.preload(events);
  let applied = 0;
  for (const event of events) if (batch.apply(event)) applied += 1;
  const written = batch.finish(checkpoint);
  written.catch(() => undefined); // awaited by the caller
  cache.trim();
  return { applied, skipped: events.length - applied, changes: batch.announcements(), written };
}

class ProjectionBatch implements ActorLookup {
  private writes: ReadModelWrites = { closes: [], versions: [], participants: [], actors: [], actorVersions: [] };
  private readonly dirtyActors = new Map<string, ActorRow>();
  /** Each actor's latest version among `writes.actorVersions`: a later one in the batch closes it there. */
  private readonly unwrittenActorVersions = new Map<string, ActorVersionRow>();
  /** Entries whose current version is only in `writes` so far. */
  private readonly unwritten = new Set<EventEntry>();
  private readonly changes: TimelineChange[] = [];

  constructor(
    private readonly repository: ReadModelRepository,
    private readonly options: ProjectBatchOptions,
    private readonly cache: ProjectionCache,
  ) {}

  /** Loads the current state of every event and actor the run refers to that the cache lacks (following merges). */
  async preload(events: StoredEvent[]): Promise<void> {
    if (this.cache.recordTime === undefined) this.cache.recordTime = await this.repository.recordTime();
    const eventIds = new Set<string>();
    const actorIds = new Set<string>();
    const seen = new Set<string>();
    /** Streams that start within the run: nothing of them is stored yet. */
    const startingHere = new Set<string>();
    const wantActor = (actorId: unknown) => {
      if (typeof actorId === 'string' && !startingHere.has(`actor-${actorId}`) && !this.cache.actors.touch(actorId))
        actorIds.add(actorId);
    };
    const referenced: unknown[] = [];
    for (const event of events) {
      const stream = idFromStreamId(event.streamId);
      if (!stream) continue;
      if (!seen.has(event.streamId)) {
        seen.add(event.streamId);
        if (event.streamVersion === 1) startingHere.add(event.streamId);
        else if (stream.type === 'actor') referenced.push(stream.id);
        else if (!this.cache.events.touch(stream.id)) eventIds.add(stream.id);
      }
      if (stream.type === 'event') {
        const data = event.data as { participants?: unknown; changes?: { participants?: unknown } };
        forEachParticipant(data.participants, (id) => referenced.push(id));
        forEachParticipant(data.changes?.participants, (id) => referenced.push(id));
      } else {
        referenced.push((event.data as { into?: unknown }).into);
      }
    }
    for (const streamId of seen) {
      const entry = this.cache.events.get(idFromStreamId(streamId)?.id ?? '');
      if (entry && entry.state.status !== 'NOT_RECORDED')
        forEachParticipant(entry.state.participants, (id) => referenced.push(id));
    }
    for (const actorId of referenced) wantActor(actorId);
    const stored = await this.repository.currentVersions([...eventIds]);
    for (const [eventId, { version, doc }] of stored) {
      this.cache.events.set(eventId, { state: doc, version, unwritten: undefined });
      forEachParticipant(doc.participants, wantActor);
    }
    // Survivors of merges are needed too (their ids and countries), and theirs in turn.
    let missing = [...actorIds];
    for (let depth = 0; missing.length > 0 && depth < 10; depth += 1) {
      const found = await this.repository.actors(missing);
      const next = new Set<string>();
      for (const [actorId, actor] of found) {
        this.cache.actors.set(actorId, actor);
        if (actor.mergedInto && !this.cache.actors.has(actor.mergedInto) && !actorIds.has(actor.mergedInto))
          next.add(actor.mergedInto);
      }
      for (const id of next) actorIds.add(id);
      missing = [...next];
    }
  }

  /** True when the event changed the read model. */
  apply(event: StoredEvent): boolean {
    // Every event moves the clock, the ones no read model uses too: a rebuild must find the same times.
    const recordedAt = effectiveRecordTime(this.cache.recordTime ?? null, event.recordedAt);
    this.cache.recordTime = recordedAt;
    const stream = idFromStreamId(event.streamId);
    if (stream?.type === 'event' && CHANGE_OF_EVENT_TYPE[event.type])
      return this.applyToEvent(stream.id, event, recordedAt);
    if (stream?.type === 'actor' && ACTOR_EVENT_TYPES.has(event.type))
      return this.applyToActor(stream.id, event, recordedAt);
    return false;
  }

  private applyToEvent(eventId: string, event: StoredEvent, recordedAt: Date): boolean {
    const entry = this.cache.events.get(eventId) ?? {
      state: initialEventState(),
      version: undefined,
      unwritten: undefined,
    };
    let state: DiplomaticEventState;
    let rows: ReturnType<typeof eventVersionRows>;
    try {
      state = evolveEvent(entry.state, { type: event.type, data: event.data } as DiplomaticEventEvent);
      if (state.status === 'NOT_RECORDED') return false;
      rows = eventVersionRows(
        state,
        { version: event.streamVersion, position: event.globalPosition, recordedAt },
        this,
      );
    } catch (error) {
      this.options.onUnprojectable?.(event, error);
      return false;
    }

    const recordedTo = rows.version.recorded_from;
    if (entry.unwritten) {
      entry.unwritten.version.recorded_to = recordedTo;
      for (const participant of entry.unwritten.participants) participant.recorded_to = recordedTo;
    } else if (entry.version !== undefined) {
      (this.options.deferredCloses ?? this.writes.closes).push({ eventId, version: entry.version, recordedTo });
    }
    if (event.type === 'EventRecorded' && this.options.recordedDataAsStored) rows.version.doc = null;
    this.writes.versions.push(rows.version);
    for (const participant of rows.participants) this.writes.participants.push(participant);
    const updated: EventEntry = { state, version: event.streamVersion, unwritten: rows };
    this.cache.events.set(eventId, updated);
    this.unwritten.delete(entry);
    this.unwritten.add(updated);

    const { announceAfter } = this.options;
    if (
      announceAfter &&
      !covers(announceAfter, { transactionId: event.transactionId, position: event.globalPosition })
    ) {
      // Every version is announced, in log order: a subscriber hears of a revision and a
      // retraction even when both land in one batch.
      this.changes.push({
        eventId: state.eventId,
        version: event.streamVersion,
        position: event.globalPosition.toString(),
        change: CHANGE_OF_EVENT_TYPE[event.type]!,
        recordedAt: recordedAt.toISOString(),
      });
    }
    return true;
  }

  private applyToActor(actorId: string, event: StoredEvent, recordedAt: Date): boolean {
    const before: ActorState = this.cache.actors.get(actorId) ?? initialActorState();
    let after: ActorState;
    try {
      after = evolveActor(before, { type: event.type, data: event.data } as ActorEvent);
    } catch (error) {
      this.options.onUnprojectable?.(event, error);
      return false;
    }
    if (after.status === 'NOT_REGISTERED') return false;
    this.cache.actors.set(actorId, after);
    const row = actorRow(after, {
      version: event.streamVersion,
      position: event.globalPosition,
      recordedAt,
    });
    this.dirtyActors.set(actorId, row);
    // Versions stored earlier are closed by the write (ReadModelRepository.write); one of this batch here.
    const version = actorVersionRow(row);
    const superseded = this.unwrittenActorVersions.get(actorId);
    if (superseded) superseded.recorded_to = version.recorded_from;
    this.unwrittenActorVersions.set(actorId, version);
    this.writes.actorVersions.push(version);
    // An actor merge rewrites no participant rows: rows written before it keep the duplicate, and
    // a page resolves them as known at its asOf (see timeline-sql.ts); versions written after it
    // name the survivor (resolve, below), as every asOf that sees them knows the merge already.
    return true;
  }

  /** Sends the batch's rows with the checkpoint; resolves when they are written. */
  finish(checkpoint: LogCheckpoint): Promise<void> {
    return this.repository.write(this.takeWrites(), { ...checkpoint, recordTime: this.cache.recordTime ?? null });
  }

  resolve(actorId: string): string {
    let current = actorId;
    const seen = new Set([current]);
    for (;;) {
      const next = this.cache.actors.get(current)?.mergedInto;
      if (!next || seen.has(next)) return current;
      seen.add(next);
      current = next;
    }
  }

  countryOf(actorId: string): string | null {
    return this.cache.actors.get(actorId)?.country ?? null;
  }

  /** What is in memory, to be written; versions in it become ones a later version closes in the database. */
  takeWrites(): ReadModelWrites {
    const writes = { ...this.writes, actors: [...this.dirtyActors.values()] };
    this.writes = { closes: [], versions: [], participants: [], actors: [], actorVersions: [] };
    this.dirtyActors.clear();
    this.unwrittenActorVersions.clear();
    for (const entry of this.unwritten) entry.unwritten = undefined;
    this.unwritten.clear();
    return writes;
  }

  announcements(): TimelineChange[] {
    return [...this.changes];
  }
}

function forEachParticipant(participants: unknown, visit: (actorId: unknown) => void): void {
  if (!Array.isArray(participants)) return;
  for (const participant of participants) visit((participant as { actorId?: unknown } | null)?.actorId);
}
