import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Actor } from '../../graphql/models/actor.model';
import { DiplomaticEvent } from '../../graphql/models/diplomatic-event.model';

@ObjectType({ description: "The event stream's new version and the event's resulting state" })
export class EventMutationResult {
  @Field(() => ID)
  eventId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Global log position of the last event appended; pass it as minPosition to read your own write',
  })
  position?: string | null;

  @Field(() => DiplomaticEvent)
  event!: DiplomaticEvent;
}

@ObjectType({ description: "The actor stream's new version and the actor's resulting state" })
export class ActorMutationResult {
  @Field(() => ID)
  actorId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  position?: string | null;

  @Field(() => Actor)
  actor!: Actor;
}

@ObjectType()
export class MergeActorsResult {
  @Field(() => ActorMutationResult, { description: 'Now points to the survivor' })
  duplicate!: ActorMutationResult;

  @Field(() => ActorMutationResult, { description: "Took over the duplicate's names as aliases" })
  survivor!: ActorMutationResult;
}
