import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { RecordTimeOptions, TimelineFilter } from '../queries';
import { Actor } from '../../graphql/models/actor.model';
import { DiplomaticEvent } from '../../graphql/models/diplomatic-event.model';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class TimelineEdge {
  @Field()
  cursor!: string;

  @Field(() => DiplomaticEvent)
  node!: DiplomaticEvent;
}

@ObjectType({ description: 'A page of a timeline (Relay connection)' })
export class TimelineConnection {
  @Field(() => [TimelineEdge])
  edges!: TimelineEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All matching events (a query of its own: ask only when needed)' })
  totalCount?: number;

  /** What totalCount counts, kept for its field resolver. */
  query!: { filter: TimelineFilter; options: RecordTimeOptions };
}

@ObjectType()
export class ActorEdge {
  @Field()
  cursor!: string;

  @Field(() => Actor)
  node!: Actor;
}

@ObjectType()
export class ActorConnection {
  @Field(() => [ActorEdge])
  edges!: ActorEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'How many events fall in one bucket of valid time' })
export class TimelineBucket {
  @Field({ description: "The bucket's first local day, YYYY-MM-DD" })
  bucketStart!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  meetings!: number;

  @Field(() => Int)
  statements!: number;

  @Field(() => Int)
  agreements!: number;
}
