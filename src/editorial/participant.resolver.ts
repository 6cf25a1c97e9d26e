import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '../graphql/models/actor.model';
import { Participant } from '../graphql/models/event-parts.model';
import { ActorLoader } from './actor-loader.service';

@Resolver(() => Participant)
export class ParticipantResolver {
  constructor(private readonly actors: ActorLoader) {}

  /** Timeline pages bring the actor along; anything else loads it, batched per request. */
  @ResolveField(() => Actor, {
    nullable: true,
    description: 'Who this is now: a merged actor resolves to its survivor',
  })
  actor(@Parent() participant: Participant, @Context('req') req: object): Promise<Actor | null> | Actor | null {
    if (participant.actor !== undefined) return participant.actor;
    return this.actors.forRequest(req).load(participant.actorId);
  }
}
