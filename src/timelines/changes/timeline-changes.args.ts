import { ArgsType, Field, Int } from '@nestjs/graphql';
import { TimelineFilterInput } from '../dto/timeline-filter.input';

@ArgsType()
export class TimelineChangesArgs {
  @Field(() => TimelineFilterInput, {
    nullable: true,
    description: 'The events to compare: those the filter matches as known at from or at to',
  })
  filter?: TimelineFilterInput;

  @Field(() => Date, { description: 'The earlier record time: changes recorded after it count; not in the future' })
  from!: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'The later record time, after from and not in the future (waits up to 5 s for the read model); now when absent',
  })
  to?: Date;

  @Field(() => Int, { nullable: true, description: 'At most 100; 20 when absent' })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
