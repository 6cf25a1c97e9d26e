import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { EventKind } from '../../diplomacy';
import { EventKindEnum, EventStatusEnum } from './enums';
import {
  AbsorbedEvent,
  AgreementDetails,
  AgreementStatusChange,
  EventLink,
  EventLocation,
  EventSource,
  MeetingDetails,
  Participant,
  StatementDetails,
} from './event-parts.model';
import { Node } from './node.model';
import { TemporalPoint } from './temporal-point.model';

@ObjectType({
  description: 'A meeting, statement or agreement, as of one version in the log',
  implements: () => [Node],
})
export class DiplomaticEvent implements Node {
  @Field(() => ID, {
    description:
      'Opaque global id of this version (each version is its own object to a client cache); for node(id) only',
  })
  id!: string;

  @Field(() => ID, { description: "The event's stable id, the same in every version: what arguments and inputs take" })
  eventId!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => EventStatusEnum, { description: 'RETRACTED events leave the default timeline but keep their history' })
  status!: 'RECORDED' | 'RETRACTED';

  @Field()
  title!: string;

  @Field()
  summary!: string;

  @Field(() => TemporalPoint, { description: 'When it happened (or began)' })
  start!: TemporalPoint;

  @Field(() => TemporalPoint, { nullable: true })
  end?: TemporalPoint | null;

  @Field(() => EventLocation, { nullable: true })
  location?: EventLocation | null;

  @Field(() => [Participant])
  participants!: Participant[];

  @Field(() => [String], { description: 'Normalised tags such as national-currencies' })
  topics!: string[];

  @Field(() => [EventSource])
  sources!: EventSource[];

  @Field(() => Int, { description: 'How many distinct sources report this version of the event' })
  sourceCount!: number;

  @Field(() => Int, {
    description: 'How many distinct publishers its sources come from (compared case-insensitively, trimmed)',
  })
  publisherCount!: number;

  @Field(() => [String], {
    description: 'The distinct publishers of its sources, in the order they first appear, each as first spelled',
  })
  publishers!: string[];

  @Field(() => String, { description: 'CAMEO event code, leading zeros kept' })
  cameoCode!: string;

  @Field(() => String, { nullable: true })
  cameoLabel?: string | null;

  @Field(() => [EventLink])
  links!: EventLink[];

  @Field(() => MeetingDetails, { nullable: true })
  meeting?: MeetingDetails | null;

  @Field(() => StatementDetails, { nullable: true })
  statement?: StatementDetails | null;

  @Field(() => AgreementDetails, { nullable: true })
  agreement?: AgreementDetails | null;

  @Field(() => String, { nullable: true })
  retractionReason?: string | null;

  @Field(() => [AgreementStatusChange])
  agreementStatusHistory!: AgreementStatusChange[];

  @Field(() => Int, { description: 'How many revisions were recorded' })
  revisionCount!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'Set while this event is merged into another (a duplicate report of it): the id of that event; it is off the default timeline',
  })
  mergedIntoId?: string | null;

  @Field(() => [AbsorbedEvent], { description: 'The duplicates merged into this event, oldest first' })
  absorbed!: AbsorbedEvent[];

  /** The moment this version was read as known at (none: now): a survivor is then read as known at the same moment. */
  knownAt?: Date;

  @Field(() => Int, {
    description:
      'How many reports (imported rows of the same occurrence, each kept in eventHistory as ReportAttached) the event gathers, its first included: 1 for an event entered by hand or imported alone',
  })
  reportCount!: number;

  @Field(() => Int, { description: "The event stream's version this state is as of" })
  version!: number;

  @Field(() => Date, { nullable: true, description: 'When this version became current in the log (record time)' })
  recordedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a later version replaced it; null while it is current' })
  recordedTo?: Date | null;
}
