import type { Actor } from '../../diplomacy/actors/actor-types';
import { CURRENT, type ActorRow, type ActorVersionRow } from './read-model-rows';

/** The actors row of an actor's state after the log entry at `position` (the search text is made in SQL). */
export function actorRow(actor: Actor, place: { version: number; position: bigint; recordedAt: Date }): ActorRow {
  return {
    actor_id: actor.actorId,
    kind: actor.kind,
    name: actor.name,
    aliases: actor.aliases,
    country: actor.country,
    cameo_code: actor.cameoCode,
    merged_into: actor.mergedInto,
    version: place.version,
    position: place.position.toString(),
    updated_at: place.recordedAt.toISOString(),
    doc: actor,
  };
}

/** The actor_versions row of the same state: current until a later version of the actor closes it. */
export function actorVersionRow(row: ActorRow): ActorVersionRow {
  return {
    actor_id: row.actor_id,
    version: row.version,
    position: row.position,
    recorded_from: row.updated_at,
    recorded_to: CURRENT,
    kind: row.kind,
    name: row.name,
    country: row.country,
    merged_into: row.merged_into,
    doc: row.doc,
  };
}
