import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../graphql/models/actor.model';
import { Participant } from '../graphql/models/event-parts.model';
import { ReadModelActorLoader } from './read-model-actor-loader';

/**
 * Participant.actor, for every answer that has participants. Whoever made the participant may
 * have given its actor already: a read-side page brings summaries from the read model (as known
 * at its asOf), and a mutation answer brings a load from the log (editorial: never behind the
 * write it answers). Anything else is read from the read model, batched per request.
 */
@Resolver(() => Participant)
export class ParticipantResolver {
  constructor(private readonly actors: ReadModelActorLoader) {}

  @ResolveField(() => Actor, {
    nullable: true,
    description: 'Who this is now: a merged actor resolves to its survivor',
  })
  actor(@Parent() participant: Participant, @Context('req') req: object): PromiseLike<Actor | null> | Actor | null {
    if (participant.actor !== undefined) return participant.actor;
    return this.actors.survivorOf(req, participant.actorId);
  }
}
