import { ArgsType, Field, Int, registerEnumType } from '@nestjs/graphql';
import { TimelineFilterInput } from './timeline-filter.input';

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortOrder, { name: 'SortOrder', description: 'By when it happened; ties by event id' });

@ArgsType()
export class RecordTimeArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'The timeline as it was known at this moment (record time); now when absent',
  })
  asOf?: Date;

  @Field(() => Boolean, { defaultValue: false, description: 'Retracted events are left out unless asked for' })
  includeRetracted!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'A log position a mutation answered with: waits (up to 5 s) until reads include it',
  })
  minPosition?: string;
}

@ArgsType()
export class TimelineArgs extends RecordTimeArgs {
  @Field(() => TimelineFilterInput, { nullable: true })
  filter?: TimelineFilterInput;

  @Field(() => SortOrder, { defaultValue: SortOrder.ASC })
  orderBy!: SortOrder;

  @Field(() => Int, { nullable: true, description: 'At most 100; 20 when neither first nor last is given' })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => Int, { nullable: true, description: 'At most 100' })
  last?: number;

  @Field(() => String, { nullable: true })
  before?: string;
}

@ArgsType()
export class ActorTimelineArgs extends RecordTimeArgs {
  @Field(() => TimelineFilterInput, { nullable: true, description: "Narrows the actor's timeline further" })
  filter?: TimelineFilterInput;

  @Field(() => SortOrder, { defaultValue: SortOrder.ASC })
  orderBy!: SortOrder;

  @Field(() => Int, { nullable: true })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => Int, { nullable: true })
  last?: number;

  @Field(() => String, { nullable: true })
  before?: string;
}
