import { Args, Context, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ActorLoader } from '../editorial/actor-loader.service';
import { notFound } from '../graphql/errors';
import { ActorsArgs } from './dto/buckets.args';
import { ActorTimelineArgs } from './dto/timeline.args';
import { Actor, ActorRole } from '../graphql/models/actor.model';
import { ActorConnection, TimelineConnection } from './models/timeline-connection.model';
import { ProjectionStatus } from './projection/projection-status';
import { TimelineQueries } from './queries';
import { waitForPosition } from './read-your-writes';
import { docKeysToOmit, requestedNodeFields } from './requested-fields';
import { toRecordTime, toTimelineFilter, toTimelineOptions } from './timeline-args.mapping';
import { actorConnection, actorRecordModel, timelineConnection } from './timeline-node.mapping';

/**
 * Actors from the read model. Timeline pages carry only a summary of each participant's actor;
 * the fields a summary lacks are loaded when asked for, batched per request.
 */
@Resolver(() => Actor)
export class ActorResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly status: ProjectionStatus,
    private readonly loader: ActorLoader,
  ) {}

  @Query(() => Actor)
  async actor(@Args('id', { type: () => ID }) id: string): Promise<Actor> {
    const record = await this.queries.actorById(id);
    if (!record) throw notFound(`no actor with id ${id}`);
    return actorRecordModel(record);
  }

  @Query(() => ActorConnection, { description: 'Actors by name, optionally matching a search' })
  async actors(@Args() args: ActorsArgs): Promise<ActorConnection> {
    return actorConnection(
      await this.queries.actors({
        ...(args.search ? { search: args.search } : {}),
        includeMerged: args.includeMerged,
        ...(args.first !== undefined && args.first !== null ? { first: args.first } : {}),
        ...(args.after ? { after: args.after } : {}),
      }),
    );
  }

  @ResolveField(() => TimelineConnection, {
    description: "This actor's timeline (a merged actor's events are its survivor's)",
  })
  async timeline(
    @Parent() actor: Actor,
    @Args() args: ActorTimelineArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TimelineConnection> {
    await waitForPosition(this.status, args.minPosition);
    const narrowed = toTimelineFilter(args.filter);
    const filter = {
      ...narrowed,
      actorIds: { ...narrowed.actorIds, anyOf: [actor.mergedInto ?? actor.actorId] },
    };
    const page = await this.queries.timeline(filter, {
      ...toTimelineOptions(args),
      omitDocKeys: docKeysToOmit(requestedNodeFields(info)),
    });
    return timelineConnection(page, { filter, options: toRecordTime(args) });
  }

  @ResolveField(() => [String])
  async aliases(@Parent() actor: Actor, @Context('req') req: object): Promise<string[]> {
    return actor.aliases ?? (await this.full(actor, req))?.aliases ?? [];
  }

  @ResolveField(() => [ActorRole])
  async roles(@Parent() actor: Actor, @Context('req') req: object): Promise<ActorRole[]> {
    return actor.roles ?? (await this.full(actor, req))?.roles ?? [];
  }

  @ResolveField(() => String, { nullable: true })
  async cameoCode(@Parent() actor: Actor, @Context('req') req: object): Promise<string | null> {
    return actor.cameoCode !== undefined ? actor.cameoCode : ((await this.full(actor, req))?.cameoCode ?? null);
  }

  private full(actor: Actor, req: object): Promise<Actor | null> {
    return this.loader.forRequest(req).load(actor.actorId);
  }
}
