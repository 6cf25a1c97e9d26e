import { Args, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { notFound } from '../graphql/errors';
import { BucketsArgs } from './dto/buckets.args';
import { RecordTimeArgs, TimelineArgs } from './dto/timeline.args';
import { DiplomaticEvent } from '../graphql/models/diplomatic-event.model';
import { TimelineBucket, TimelineConnection } from './models/timeline-connection.model';
import { ProjectionStatus } from './projection/projection-status';
import { TimelineQueries } from './queries';
import { waitForReadModel } from './read-your-writes';
import { toRecordTime, toTimelineFilter, toTimelineOptions } from './timeline-args.mapping';
import { docKeysToOmit, requestedNodeFields } from './requested-fields';
import { nodeModel, timelineConnection } from './timeline-node.mapping';

@Resolver(() => TimelineConnection)
export class TimelineResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly status: ProjectionStatus,
  ) {}

  @Query(() => TimelineConnection, {
    description: 'Diplomatic events by when they happened, as known now or at any past moment (asOf)',
  })
  async timeline(@Args() args: TimelineArgs, @Info() info: GraphQLResolveInfo): Promise<TimelineConnection> {
    await waitForReadModel(this.status, args);
    const filter = toTimelineFilter(args.filter);
    // Each event's doc without the members the query does not ask for.
    const page = await this.queries.timeline(filter, {
      ...toTimelineOptions(args),
      omitDocKeys: docKeysToOmit(requestedNodeFields(info)),
    });
    return timelineConnection(page, { filter, options: toRecordTime(args) });
  }

  @ResolveField(() => Int)
  totalCount(@Parent() connection: TimelineConnection): Promise<number> {
    return this.queries.count(connection.query.filter, connection.query.options);
  }

  @Query(() => DiplomaticEvent, {
    description: 'One event as known now, or at a past moment (asOf); retracted ones too',
  })
  async event(@Args('id', { type: () => ID }) id: string, @Args() args: RecordTimeArgs): Promise<DiplomaticEvent> {
    await waitForReadModel(this.status, args);
    const node = await this.queries.eventById(id, args.asOf ? { asOf: args.asOf } : {});
    if (!node)
      throw notFound(
        args.asOf ? `no event with id ${id} was known at ${args.asOf.toISOString()}` : `no event with id ${id}`,
      );
    return nodeModel(node, args.asOf);
  }

  @Query(() => [TimelineBucket], { description: 'Counts per bucket of valid time and per kind, for charts' })
  async timelineBuckets(@Args() args: BucketsArgs): Promise<TimelineBucket[]> {
    await waitForReadModel(this.status, args);
    const buckets = await this.queries.buckets(toTimelineFilter(args.filter), {
      ...toRecordTime(args),
      bucket: args.bucket,
      timeZone: args.timeZone,
    });
    return buckets.map((bucket) => ({
      bucketStart: bucket.bucketStart,
      total: bucket.total,
      meetings: bucket.byKind.MEETING,
      statements: bucket.byKind.STATEMENT,
      agreements: bucket.byKind.AGREEMENT,
    }));
  }
}
