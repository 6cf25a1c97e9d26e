import { Field, ID, InputType } from '@nestjs/graphql';

const IDEMPOTENCY = {
  nullable: true,
  description: 'A retry with the same key and input returns the first result and appends nothing',
};

@InputType({ description: 'Reports of one occurrence become one event: the duplicates leave the default timeline' })
export class MergeEventsInput {
  @Field(() => ID, {
    description: 'The event that stays; when it was merged into another itself, that one (its survivor) is used',
  })
  survivorId!: string;

  @Field(() => [ID], { description: 'The events that become part of the survivor: 1 to 50, of its kind' })
  duplicateIds!: string[];

  @Field({ description: 'Why: kept in both events’ histories' })
  reason!: string;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType({ description: 'Undo a merge, as a new fact: the duplicate is back on the timeline' })
export class SplitEventInput {
  @Field(() => ID, { description: 'A merged duplicate' })
  eventId!: string;

  @Field()
  reason!: string;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}
