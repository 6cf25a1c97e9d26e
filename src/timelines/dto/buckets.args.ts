import { ArgsType, Field, Int, registerEnumType } from '@nestjs/graphql';
import { RecordTimeArgs } from './timeline.args';
import { TimelineFilterInput } from './timeline-filter.input';

export enum BucketSizeEnum {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(BucketSizeEnum, { name: 'BucketSize', description: 'WEEK buckets start on Mondays' });

@ArgsType()
export class BucketsArgs extends RecordTimeArgs {
  @Field(() => TimelineFilterInput, { nullable: true })
  filter?: TimelineFilterInput;

  @Field(() => BucketSizeEnum)
  bucket!: BucketSizeEnum;

  @Field(() => String, { defaultValue: 'UTC', description: 'IANA time zone the buckets are cut in' })
  timeZone!: string;
}

@ArgsType()
export class ActorArgs {
  @Field(() => Date, {
    nullable: true,
    description: 'The actor as it was known at this moment (record time); now when absent',
  })
  asOf?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'A log position a mutation answered with: waits (up to 5 s) until reads include it',
  })
  minPosition?: string;
}

@ArgsType()
export class ActorsArgs {
  @Field(() => String, { nullable: true, description: 'Substring of the name or an alias, any case' })
  search?: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Merged duplicates are left out unless asked for' })
  includeMerged!: boolean;

  @Field(() => Int, { nullable: true, description: 'At most 100' })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
