import { evolveActor, type ActorFact, type ActorState } from '../../diplomacy';
import type { ActorDescriptor, ActorIdReference } from '../../imports';
import type { ActorLogEvent, ActorRow } from './import.repository';

/** What the index holds of an actor: the repository's row as it stands. */
export type IndexedActor = ActorRow;

export type Resolution =
  | { actorId: string; existing: true }
  /** No actor matches: register this descriptor under actorId. */
  | { actorId: string; existing: false; descriptor: ActorDescriptor };

const MAX_MERGE_HOPS = 16;

/**
 * Every known actor in memory, looked up the way imports match descriptors: by CAMEO code, then
 * by name or alias with the country, and only among actors of the descriptor's kind (a PERSON
 * registered with the code RUSGOV must not swallow the Russian government). Actors registered by
 * the running batch are pending until it commits, and forgotten if it does not.
 */
export class ActorIndex {
  private readonly byId = new Map<string, IndexedActor>();
  private readonly byKey = new Map<string, string[]>();
  private readonly pending = new Set<string>();

  /** Read-model rows, then the log events they do not include yet, folded in log order. */
  static from(rows: ActorRow[], events: ActorLogEvent[]): ActorIndex {
    const states = new Map<string, ActorState>();
    for (const row of rows) {
      states.set(row.actorId, {
        status: row.mergedInto ? 'MERGED' : 'ACTIVE',
        roles: [],
        absorbedActorIds: [],
        ...row,
      });
    }
    for (const { actorId, event } of events) {
      states.set(actorId, evolveActor(states.get(actorId) ?? { status: 'NOT_REGISTERED' }, event));
    }
    const index = new ActorIndex();
    for (const state of states.values()) if (state.status !== 'NOT_REGISTERED') index.put(state);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  has(actorId: string): boolean {
    return this.byId.has(actorId);
  }

  isPending(actorId: string): boolean {
    return this.pending.has(actorId);
  }

  put(actor: IndexedActor, options: { pending?: boolean } = {}): void {
    const previous = this.byId.get(actor.actorId);
    if (previous) for (const key of keysOf(previous)) this.unlist(key, previous.actorId);
    const entry: IndexedActor = {
      actorId: actor.actorId,
      kind: actor.kind,
      name: actor.name,
      aliases: actor.aliases,
      country: actor.country,
      cameoCode: actor.cameoCode,
      mergedInto: actor.mergedInto,
    };
    this.byId.set(actor.actorId, entry);
    for (const key of keysOf(entry)) {
      const ids = this.byKey.get(key);
      if (!ids) this.byKey.set(key, [actor.actorId]);
      else if (!ids.includes(actor.actorId)) ids.push(actor.actorId);
    }
    if (options.pending) this.pending.add(actor.actorId);
    else this.pending.delete(actor.actorId);
  }

  /** The batch that registered these actors is stored. */
  commit(actorIds: Iterable<string>): void {
    for (const actorId of actorIds) this.pending.delete(actorId);
  }

  /** The batch that registered these actors was not stored: they do not exist. */
  rollback(actorIds: Iterable<string>): void {
    for (const actorId of actorIds) {
      if (!this.pending.delete(actorId)) continue;
      const actor = this.byId.get(actorId);
      if (actor) for (const key of keysOf(actor)) this.unlist(key, actorId);
      this.byId.delete(actorId);
    }
  }

  /** The domain's facts about an actor (pending ones included), undefined when unknown. */
  fact(actorId: string): ActorFact | undefined {
    const actor = this.byId.get(actorId);
    if (!actor) return undefined;
    return { kind: actor.kind, name: actor.name, ...(actor.mergedInto ? { mergedInto: actor.mergedInto } : {}) };
  }

  /** Follows merges to the actor that survives. */
  survivor(actorId: string): string {
    let current = actorId;
    for (let hops = 0; hops < MAX_MERGE_HOPS; hops += 1) {
      const next = this.byId.get(current)?.mergedInto;
      if (!next || next === actorId) break;
      current = next;
    }
    return current;
  }

  /**
   * The actor a descriptor stands for. `newId` is the id it gets when nothing matches; an actor
   * that exists under that id already is used whatever it is called now (it was revised).
   */
  resolve(descriptor: ActorDescriptor | ActorIdReference, newId: string): Resolution {
    if (!('kind' in descriptor)) return { actorId: this.survivor(descriptor.actorId), existing: true };
    if (descriptor.actorId && this.byId.has(descriptor.actorId))
      return { actorId: this.survivor(descriptor.actorId), existing: true };
    const matched = this.match(descriptor);
    if (matched) return { actorId: this.survivor(matched), existing: true };
    if (this.byId.has(newId)) return { actorId: this.survivor(newId), existing: true };
    return { actorId: newId, existing: false, descriptor };
  }

  private match(descriptor: ActorDescriptor): string | undefined {
    const keys = descriptor.cameoCode ? [cameoKey(descriptor.cameoCode)] : [];
    for (const name of [descriptor.name, ...descriptor.aliases]) keys.push(nameKey(name, descriptor.country ?? null));
    for (const key of keys) {
      const found = this.byKey.get(key)?.find((id) => this.byId.get(id)?.kind === descriptor.kind);
      if (found) return found;
    }
    return undefined;
  }

  private unlist(key: string, actorId: string): void {
    const ids = this.byKey.get(key);
    if (!ids) return;
    const left = ids.filter((id) => id !== actorId);
    if (left.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, left);
  }
}

const cameoKey = (code: string) => `c\u0000${code.toUpperCase()}`;
const nameKey = (name: string, country: string | null) => `n\u0000${name.trim().toLowerCase()}\u0000${country ?? ''}`;

function keysOf(actor: IndexedActor): string[] {
  const keys = actor.cameoCode ? [cameoKey(actor.cameoCode)] : [];
  for (const name of new Set([actor.name, ...actor.aliases])) keys.push(nameKey(name, actor.country));
  return keys;
}
