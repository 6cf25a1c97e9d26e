import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CHANGE_KINDS, type ChangeKind } from '../queries';
import { DiplomaticEvent } from '../../graphql/models/diplomatic-event.model';
import { PageInfo } from '../models/timeline-connection.model';

const EventChangeKindEnum = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, kind])) as Record<
  ChangeKind,
  ChangeKind
>;
registerEnumType(EventChangeKindEnum, {
  name: 'EventChangeKind',
  description: 'What became of an event between two record times',
  valuesMap: {
    ADDED: { description: 'Not recorded at from: before is null' },
    REVISED: { description: 'Corrected, or its sources, links, status or merged duplicates changed' },
    RETRACTED: { description: 'Retracted since from' },
    RESTORED: { description: 'Retracted at from, restored since' },
    MERGED: { description: 'Merged into another event since from (mergedIntoId)' },
    SPLIT: { description: 'Merged at from, split off its survivor since' },
  },
});

@ObjectType({ description: 'One event that changed between two record times, as known at each' })
export class EventChange {
  @Field(() => EventChangeKindEnum)
  kind!: ChangeKind;

  @Field(() => ID)
  eventId!: string;

  @Field(() => Date, { description: 'When the version known at to was recorded' })
  recordedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'MERGED: the event it was merged into' })
  mergedIntoId!: string | null;

  @Field(() => DiplomaticEvent, { nullable: true, description: 'The event as known at from; null when ADDED' })
  before!: DiplomaticEvent | null;

  @Field(() => DiplomaticEvent, { description: 'The event as known at to (or now)' })
  after!: DiplomaticEvent;
}

@ObjectType()
export class EventChangeEdge {
  @Field()
  cursor!: string;

  @Field(() => EventChange)
  node!: EventChange;
}

@ObjectType({ description: 'A page of changes, in the order they were recorded (Relay connection)' })
export class EventChangeConnection {
  @Field(() => [EventChangeEdge])
  edges!: EventChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
