import type { Principal } from '../../access/principal';
import type { ActorCommandsService } from '../../editorial/actor-commands.service';
import type { EventCommandsService } from '../../editorial/event-commands.service';
import { PostgresEventStore } from '../../event-store/event-store';
import { actorStreamId, eventStreamId } from '../../diplomacy';
import { actors, corrections, events } from './tehran-2022.story';

export const DEMO_PRINCIPAL: Principal = { id: 'seed:demo', name: 'demo', role: 'admin' };

export interface SeedSummary {
  actorsRegistered: number;
  eventsRecorded: number;
  corrections: number;
}

/**
 * Records the demo story through the same command services an admin's mutations use. Idempotent:
 * what exists is left alone, and each correction is made once, at the version it was written for.
 */
export async function seedDemo(
  store: PostgresEventStore,
  commands: { actors: ActorCommandsService; events: EventCommandsService },
): Promise<SeedSummary> {
  const context = { principal: DEMO_PRINCIPAL, requestId: 'seed-demo' };
  const summary: SeedSummary = { actorsRegistered: 0, eventsRecorded: 0, corrections: 0 };
  for (const actor of actors) {
    if ((await store.streamVersion(actorStreamId(actor.actorId!))) > 0) continue;
    await commands.actors.register(actor, context);
    summary.actorsRegistered += 1;
  }
  for (const event of events) {
    if ((await store.streamVersion(eventStreamId(event.eventId!))) > 0) continue;
    await commands.events.record(event, context);
    summary.eventsRecorded += 1;
  }
  for (const correction of corrections) {
    // Written for the event as first recorded: once corrected (version 2 or later) it is done.
    if ((await store.streamVersion(eventStreamId(correction.eventId))) !== 1) continue;
    await commands.events.revise({ ...correction, expectedVersion: 1 }, context);
    summary.corrections += 1;
  }
  return summary;
}
