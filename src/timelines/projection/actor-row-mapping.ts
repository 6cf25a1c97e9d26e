import type { Actor } from '../../diplomacy/actors/actor-types';
import type { ActorRow } from './read-model-rows';

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
