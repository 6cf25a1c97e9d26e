import type { Pool } from 'pg';
import { IdempotencyService } from '../admin/idempotency/idempotency.service';
import { seedDemo, type SeedSummary } from '../admin/seed/seed-demo';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { ActorCommandsService } from '../editorial/actor-commands.service';
import { EventCommandsService } from '../editorial/event-commands.service';
import { StreamFacts } from '../editorial/stream-facts.service';
import { PostgresEventStore } from '../event-store/event-store';

/** The command services without Nest, for tools that run beside (or instead of) the service. */
export function commandServices(pool: Pool) {
  const store = new PostgresEventStore(pool);
  const facts = new StreamFacts(store);
  const idempotency = new IdempotencyService(pool);
  return {
    store,
    actors: new ActorCommandsService(store, facts, idempotency),
    events: new EventCommandsService(store, facts, idempotency),
  };
}

export async function seedDemoCommand(env: NodeJS.ProcessEnv): Promise<SeedSummary> {
  return withDatabase(parseEnv(env), async (pool) => {
    const services = commandServices(pool);
    return seedDemo(services.store, services);
  });
}

export function describeSeed(summary: SeedSummary): string {
  return summary.actorsRegistered + summary.eventsRecorded + summary.corrections === 0
    ? 'Demo data is there already: nothing to do.'
    : `Demo data: ${summary.actorsRegistered} actors registered, ${summary.eventsRecorded} events recorded, ${summary.corrections} corrections.`;
}
