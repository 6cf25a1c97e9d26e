import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type {
  AgreementStatus,
  LinkType,
  MeetingFormat,
  MeetingType,
  ParticipantRole,
  StatementMode,
} from '../../diplomacy';
import { Actor } from './actor.model';
import {
  AgreementStatusEnum,
  LinkTypeEnum,
  MeetingFormatEnum,
  MeetingTypeEnum,
  ParticipantRoleEnum,
  StatementModeEnum,
} from './enums';
import { JSONObjectScalar } from '../json-object.scalar';
import { TemporalPoint } from './temporal-point.model';

@ObjectType()
export class Coordinates {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lon!: number;
}

@ObjectType()
export class EventLocation {
  @Field()
  placeName!: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3' })
  country?: string | null;

  @Field(() => Coordinates, { nullable: true })
  coordinates?: Coordinates | null;
}

@ObjectType()
export class Participant {
  @Field(() => ID, {
    description:
      "On the read side (timeline, event, node), the actor after the merges known at the answer's asOf (or now): a duplicate merged by then is its survivor; in mutation answers and history, as recorded (see actor for who it is now)",
  })
  actorId!: string;

  @Field(() => ParticipantRoleEnum)
  role!: ParticipantRole;

  /** Given (or being loaded) by whoever made the participant, or left to the field's resolver. */
  @Field(() => Actor, { nullable: true })
  actor?: Actor | null | PromiseLike<Actor | null>;
}

@ObjectType({ description: 'Where a report of the event comes from' })
export class EventSource {
  @Field(() => ID)
  sourceId!: string;

  @Field()
  publisher!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => TemporalPoint, { nullable: true })
  publishedAt?: TemporalPoint | null;

  @Field(() => String, { nullable: true, description: 'The passage that supports the event' })
  excerpt?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The event this source came from when a merge brought it here; null for the event’s own',
  })
  mergedFrom?: string | null;
}

@ObjectType()
export class EventLink {
  @Field(() => LinkTypeEnum)
  type!: LinkType;

  @Field(() => ID)
  targetEventId!: string;
}

@ObjectType()
export class MeetingDetails {
  @Field(() => MeetingFormatEnum)
  format!: MeetingFormat;

  @Field(() => MeetingTypeEnum)
  type!: MeetingType;
}

@ObjectType()
export class StatementDetails {
  @Field(() => ID)
  speakerId!: string;

  @Field(() => StatementModeEnum)
  mode!: StatementMode;

  @Field()
  text!: string;

  @Field(() => String, { description: 'ISO 639-1 or BCP 47 language tag' })
  language!: string;

  @Field(() => [ID])
  addresseeIds!: string[];
}

@ObjectType()
export class AgreementDetails {
  @Field(() => [ID])
  partyIds!: string[];

  @Field()
  terms!: string;

  @Field(() => AgreementStatusEnum)
  status!: AgreementStatus;

  @Field(() => ID, { nullable: true, description: 'The meeting at which it was signed' })
  signedAtEventId?: string | null;
}

@ObjectType()
export class AgreementStatusChange {
  @Field(() => AgreementStatusEnum)
  from!: AgreementStatus;

  @Field(() => AgreementStatusEnum)
  to!: AgreementStatus;

  @Field(() => TemporalPoint, { nullable: true })
  effectiveDate?: TemporalPoint | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@ObjectType({ description: 'A duplicate merged into this event, and what it brought' })
export class AbsorbedEvent {
  @Field(() => ID)
  eventId!: string;

  @Field(() => [ID], { description: 'The sources this event gained from it (those it had already are not repeated)' })
  sourceIds!: string[];

  @Field(() => Int, {
    description: "Its reports, its first included: counted in this event's reportCount while it is merged",
  })
  reports!: number;

  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: 'What its import recorded (data set, external id, line); null when entered by hand',
  })
  provenance?: Record<string, unknown> | null;

  @Field()
  reason!: string;
}
