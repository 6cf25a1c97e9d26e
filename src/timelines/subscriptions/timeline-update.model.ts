import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TIMELINE_CHANGE_KINDS, type TimelineChangeKind } from '../projection/timeline-change';
import { DiplomaticEvent } from '../../graphql/models/diplomatic-event.model';

const TimelineChangeEnum = Object.fromEntries(TIMELINE_CHANGE_KINDS.map((kind) => [kind, kind])) as Record<
  TimelineChangeKind,
  TimelineChangeKind
>;
registerEnumType(TimelineChangeEnum, {
  name: 'TimelineChange',
  description: 'What happened to the event',
  valuesMap: {
    MERGED: {
      description:
        'A duplicate merged into another event (mergeEvents): off the default timeline, with mergedIntoId; its survivor has a SOURCES change',
    },
    SPLIT: {
      description:
        'A merged duplicate split off its survivor (splitEvent): back on the timeline; its survivor has a SOURCES change',
    },
  },
});

@ObjectType({ description: 'A diplomatic event that matches the subscription filter changed (once projected)' })
export class TimelineUpdate {
  @Field(() => TimelineChangeEnum)
  change!: TimelineChangeKind;

  @Field({ description: 'Global log position of the change' })
  position!: string;

  @Field(() => DiplomaticEvent, { description: 'The event as of this change (retracted ones included)' })
  event!: DiplomaticEvent;
}
