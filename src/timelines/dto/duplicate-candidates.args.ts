import { ArgsType, Field, ID, Int } from '@nestjs/graphql';

@ArgsType()
export class DuplicateCandidatesArgs {
  @Field(() => ID, { description: 'The event (its eventId) to find likely duplicates of' })
  eventId!: string;

  @Field(() => Int, { nullable: true, description: 'How many candidates, best first: 1 to 20, 5 when absent' })
  first?: number;

  @Field(() => Date, {
    nullable: true,
    description: 'Compare as the events were known at this moment (record time); now when absent',
  })
  asOf?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'A log position a mutation answered with: waits (up to 5 s) until reads include it',
  })
  minPosition?: string;
}
