import { Field, ObjectType } from '@nestjs/graphql';
import { EventMutationResult } from './mutation-results.model';

@ObjectType({ description: 'Every stream a merge wrote to, at its new version' })
export class MergeEventsResult {
  @Field(() => EventMutationResult, { description: 'Now carries the duplicates’ sources' })
  survivor!: EventMutationResult;

  @Field(() => [EventMutationResult], { description: 'In the order given; each now has mergedInto' })
  duplicates!: EventMutationResult[];
}

@ObjectType({ description: 'Both streams a split wrote to' })
export class SplitEventResult {
  @Field(() => EventMutationResult, { description: 'Back on the timeline' })
  event!: EventMutationResult;

  @Field(() => EventMutationResult, { description: 'Without the sources it had gained from the event' })
  survivor!: EventMutationResult;
}
