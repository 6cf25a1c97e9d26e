import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DiplomaticEvent } from '../../graphql/models/diplomatic-event.model';

@ObjectType({ description: 'An event likely to be the same occurrence as another, for an editor to merge' })
export class DuplicateCandidate {
  @Field(() => DiplomaticEvent)
  event!: DiplomaticEvent;

  @Field(() => Float, {
    description: 'How likely the same occurrence, 0 to 1: title similarity, shared parties and dates (see README)',
  })
  score!: number;

  @Field({ description: 'Why, for a person: "same participants (Iran, Russia), same day, titles 82% similar"' })
  reason!: string;

  @Field(() => Float, { description: 'Trigram similarity of the two titles, 0 to 1' })
  titleSimilarity!: number;

  @Field(() => [ID], { description: 'Actors (actorId) both events name' })
  sharedActorIds!: string[];

  @Field(() => [String], { description: "Countries (ISO-3) of both events' participants" })
  sharedCountries!: string[];
}
