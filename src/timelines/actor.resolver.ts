import { Args, Context, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { notFound } from '../graphql/errors';
import { ActorArgs, ActorsArgs } from './dto/buckets.args';
import { ActorTimelineArgs } from './dto/timeline.args';
import { Actor, ActorRole } from '../graphql/models/actor.model';
import { ActorConnection, TimelineConnection } from './models/timeline-connection.model';
import { ProjectionStatus } from './projection/projection-status';
import { TimelineQueries } from './queries';
import { ReadModelActorLoader } from './read-model-actor-loader';
import { waitForReadModel } from './read-your-writes';
import { docKeysToOmit, requestedNodeFields } from './requested-fields';
import { toRecordTime, toTimelineFilter, toTimelineOptions } from './timeline-args.mapping';
import { actorConnection, actorRecordModel, timelineConnection, type ReadSideActor } from './timeline-node.mapping';

/**
 * Actors from the read model, as known now or at a past moment. Timeline pages carry only a
 * summary of each participant's actor; the fields a summary lacks are loaded from the read model
 * when asked for, as known at the page's moment, batched per request. (Mutation answers carry
 * whole actors, read from the log.)
 */
@Resolver(() => Actor)
export class ActorResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly status: ProjectionStatus,
    private readonly loader: ReadModelActorLoader,
  ) {}

  @Query(() => Actor, { description: 'One actor as known now, or at a past moment (asOf)' })
  async actor(@Args('id', { type: () => ID }) id: string, @Args() args: ActorArgs): Promise<Actor> {
    await waitForReadModel(this.status, args);
    const record = await this.queries.actorById(id, args.asOf ? { asOf: args.asOf } : {});
    if (!record)
      throw notFound(
        args.asOf ? `no actor with id ${id} was known at ${args.asOf.toISOString()}` : `no actor with id ${id}`,
      );
    return actorRecordModel(record, args.asOf);
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
    description:
      "This actor's timeline: as known at its asOf (or now), a merged actor's events are its survivor's, and a survivor's include those of the actors merged into it",
  })
  async timeline(
    @Parent() actor: Actor,
    @Args() args: ActorTimelineArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TimelineConnection> {
    await waitForReadModel(this.status, args);
    const narrowed = toTimelineFilter(args.filter, 'filter', true);
    const filter = {
      ...narrowed,
      // The query resolves merges as known at the timeline's own asOf.
      actorIds: { ...narrowed.actorIds, anyOf: [actor.actorId] },
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

  /** The whole actor a summary stands for, as known when the summary was read (now, if it had no version then). */
  private async full(actor: ReadSideActor, req: object): Promise<Actor | null> {
    const known = await this.loader.load(req, actor.actorId, actor.knownAt);
    return known ?? (actor.knownAt ? this.loader.load(req, actor.actorId) : null);
  }
}
