import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { READ_POOL, ROUTED_READS } from '../database/database.module';
import { ActorResolver } from './actor.resolver';
import { MergedEventResolver } from './merged-event.resolver';
import { ParticipantResolver } from './participant.resolver';
import { ActorVersions } from './actor-versions';
import { NodeResolver } from './node.resolver';
import { ActiveSchema } from './projection/active-schema';
import { DuplicateCandidateQueries, TimelineQueries } from './queries';
import { DuplicateCandidatesResolver } from './duplicate-candidates.resolver';
import { ReadModelActorLoader } from './read-model-actor-loader';
import { TimelineUpdatesHub } from './subscriptions/timeline-updates.hub';
import { TimelineUpdatesResolver } from './subscriptions/timeline-updates.resolver';
import { TimelineResolver } from './timeline.resolver';
import { TimelineChangesResolver } from './changes/timeline-changes.resolver';
import { TimeZoneResolver } from './time-zones/time-zone.resolver';

/** The read side over GraphQL: timelines, events, actors, buckets. */
@Module({
  providers: [
    {
      provide: TimelineQueries,
      // A replica's when DATABASE_READ_URL is set (the router's choice per request), else the read pool.
      inject: [ROUTED_READS, ActiveSchema],
      useFactory: (pool: Pick<Pool, 'query'>, schema: ActiveSchema) =>
        new TimelineQueries(
          pool,
          () => schema.get(),
          () => schema.refresh(),
        ),
    },
    {
      provide: DuplicateCandidateQueries,
      inject: [READ_POOL, ActiveSchema],
      useFactory: (pool: Pool, schema: ActiveSchema) =>
        new DuplicateCandidateQueries(
          pool,
          () => schema.get(),
          () => schema.refresh(),
        ),
    },
    DuplicateCandidatesResolver,
    TimelineResolver,
    TimelineChangesResolver,
    ActorResolver,
    ReadModelActorLoader,
    ParticipantResolver,
    MergedEventResolver,
    ActorVersions,
    NodeResolver,
    TimelineUpdatesHub,
    TimelineUpdatesResolver,
    TimeZoneResolver,
  ],
  exports: [TimelineQueries],
})
export class TimelinesModule {}
