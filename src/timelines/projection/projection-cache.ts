import type { Actor } from '../../diplomacy/actors/actor-types';
import type { DiplomaticEventState } from '../../diplomacy/events/event-types';
import type { EventVersionRow, ParticipantRow } from './read-model-rows';

export interface EventEntry {
  state: DiplomaticEventState;
  /** Stream version of the current version row, undefined when there is none yet. */
  version: number | undefined;
  /** The current version's rows while they are only in memory (not handed to a write yet). */
  unwritten: { version: EventVersionRow; participants: ParticipantRow[] } | undefined;
}

/**
 * Current states of diplomatic events and actors, as the projection has written them to one
 * generation, kept across batches so that a batch rarely has to read them back (and so that a
 * rebuild can map the next batch while the last one is still being written). Bounded: the least
 * recently used are dropped between batches and read again when needed.
 */
export class ProjectionCache {
  readonly events = new LruMap<string, EventEntry>();
  readonly actors = new LruMap<string, Actor>();
  /**
   * The effective record time of the last event written (see effectiveRecordTime): null before
   * the first, undefined until read from the generation's checkpoint. Kept with the states, and
   * dropped with them after a failed batch.
   */
  recordTime: Date | null | undefined = undefined;

  /** An event's state takes a few kilobytes: the defaults suit a service, a rebuild may take more. */
  constructor(
    private readonly maxEvents = 20_000,
    private readonly maxActors = 50_000,
  ) {}

  /** Between batches only: an entry dropped mid-batch could hold rows not written yet. */
  trim(): void {
    this.events.trim(this.maxEvents);
    this.actors.trim(this.maxActors);
  }
}

/** A Map that drops the least recently set or touched entries first (plain reads are not counted: they are many). */
class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Marks the entry as used now; false when there is none. */
  touch(key: K): boolean {
    const value = this.map.get(key);
    if (value === undefined) return false;
    this.set(key, value);
    return true;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  trim(max: number): void {
    for (const key of this.map.keys()) {
      if (this.map.size <= max) return;
      this.map.delete(key);
    }
  }
}
