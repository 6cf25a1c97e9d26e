import type { Pool } from 'pg';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PostgresEventStore } from '../event-store/event-store';
import { ActorCommandsService } from './actor-commands.service';
import { EventCommandsService } from './event-commands.service';
import { EventMergeService } from './event-merge.service';
import { StreamFacts } from './stream-facts.service';

/** The command services without Nest, for tools that run beside (or instead of) the service. */
export function commandServices(pool: Pool) {
  const store = new PostgresEventStore(pool);
  const facts = new StreamFacts(store);
  const idempotency = new IdempotencyService(pool);
  return {
    store,
    actors: new ActorCommandsService(store, facts, idempotency),
    events: new EventCommandsService(store, facts, idempotency),
    merges: new EventMergeService(store, idempotency),
  };
}
