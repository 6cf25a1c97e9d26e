import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { badUserInput, notFound } from '../graphql/errors';
import { Node } from '../graphql/models/node.model';
import { MAX_VERSION_ID_LENGTH, parseVersionId } from '../graphql/models/version-id';
import { ActorVersions } from './actor-versions';
import { TimelineQueries } from './queries';
import { nodeModel } from './timeline-node.mapping';

/** Relay's refetch: any version of an event or an actor, as it was recorded, by its global id. */
@Resolver()
export class NodeResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly actors: ActorVersions,
  ) {}

  @Query(() => Node, {
    nullable: true,
    description:
      'One version of an event or an actor by its global id (the `id` field), as it was recorded; retracted events too',
  })
  async node(@Args('id', { type: () => ID }) id: string): Promise<Node | null> {
    const ref = parseVersionId(id);
    if (!ref)
      throw badUserInput('not an id this service issued: pass the id field of a DiplomaticEvent or an Actor', 'id', {
        maxLength: MAX_VERSION_ID_LENGTH,
      });
    if (ref.type === 'DiplomaticEvent') {
      const node = await this.queries.eventVersion(ref.id, ref.version);
      if (node) return nodeModel(node, node.recordedFrom);
    } else {
      const actor = await this.actors.at(ref.id, ref.version);
      if (actor) return actor;
    }
    throw notFound(`no ${ref.type} ${ref.id} at version ${ref.version}`);
  }
}
