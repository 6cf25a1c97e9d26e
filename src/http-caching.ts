import type { INestApplication } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AuthenticatorService } from './access/authenticator.service';
import type { RequestWithPrincipal } from './access/principal';
import type { AppConfig } from './config/env';
import type { GetCaching } from './graphql/get-operations';
import { PersistedQueryStore } from './graphql/persisted-query-store';
import { MetricsService } from './observability/metrics.service';
import { ProjectionStatus } from './timelines/projection/projection-status';

/**
 * Root fields answered from the read model alone, whose answers change only when its position
 * moves. Left out on purpose: eventHistory, actorHistory and log (read from the log, which runs
 * ahead of the read model) and projectionStatus (its lag changes with the clock). A new root
 * field is not cached until it is added here.
 */
export const READ_MODEL_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'timeline',
  'timelineBuckets',
  'timelineChanges',
  'timelineExport',
  'event',
  'actor',
  'actors',
]);

/** What the HTTP layer needs from the layers above it to tag GET answers: who asks, and where the read model stands. */
export function getCaching(app: INestApplication, config: Pick<AppConfig, 'requireReaderKey'>): GetCaching {
  const authenticator = app.get(AuthenticatorService);
  const status = app.get(ProjectionStatus);
  return {
    async roleOf(req) {
      const principal = await authenticator.fromRequest(req as unknown as RequestWithPrincipal);
      if (principal) return principal.role;
      // Where queries need a key, a request without one is refused: nothing to tag.
      return config.requireReaderKey ? undefined : 'anonymous';
    },
    readPosition: () => status.readPosition(),
    cacheableRootFields: READ_MODEL_ROOT_FIELDS,
  };
}

/** The persisted-query store, with its size in /metrics (graphql_persisted_queries, _bytes). */
export function persistedQueryStore(app: INestApplication): PersistedQueryStore {
  const store = new PersistedQueryStore();
  const registry = app.get(MetricsService).registry;
  new Gauge({
    name: 'graphql_persisted_queries',
    help: `Documents in the automatic persisted query store (at most ${store.maxEntries})`,
    registers: [registry],
    collect() {
      this.set(store.stats().entries);
    },
  });
  new Gauge({
    name: 'graphql_persisted_queries_bytes',
    help: `Bytes held by the automatic persisted query store (at most ${store.maxBytes})`,
    registers: [registry],
    collect() {
      this.set(store.stats().bytes);
    },
  });
  return store;
}
