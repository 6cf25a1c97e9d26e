import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { AgreementStatus, EventKind } from '../../diplomacy';
import { AgreementStatusEnum, EventKindEnum } from '../../graphql/models/enums';
import {
  AgreementInput,
  AgreementRevisionInput,
  MeetingInput,
  MeetingRevisionInput,
  StatementInput,
  StatementRevisionInput,
} from './event-kind-details.input';
import {
  LinkInput,
  LocationInput,
  ParticipantInput,
  SourceInput,
  TemporalPointInput,
} from '../../graphql/dto/shared.input';

const IDEMPOTENCY = {
  nullable: true,
  description: 'A retry with the same key and input returns the first result and appends nothing',
};
const EXPECTED_VERSION = {
  nullable: true,
  description: 'The event version you saw; a CONFLICT (with both versions) if it has moved on',
};

@InputType()
export class RecordEventInput {
  @Field(() => ID, { nullable: true, description: 'A new UUID; generated when absent' })
  eventId?: string | null;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => TemporalPointInput)
  start!: TemporalPointInput;

  @Field(() => TemporalPointInput, { nullable: true })
  end?: TemporalPointInput | null;

  @Field(() => LocationInput, { nullable: true })
  location?: LocationInput | null;

  @Field(() => [ParticipantInput])
  participants!: ParticipantInput[];

  @Field(() => [String], {
    nullable: true,
    description: 'Normalised on the way in: "National currencies" → national-currencies',
  })
  topics?: string[];

  @Field(() => [SourceInput], { nullable: true })
  sources?: SourceInput[];

  @Field(() => String, {
    nullable: true,
    description: "CAMEO event code; the kind's default (040, 010, 057) when absent",
  })
  cameoCode?: string | null;

  @Field(() => [LinkInput], { nullable: true })
  links?: LinkInput[];

  @Field(() => MeetingInput, { nullable: true, description: 'Required for a MEETING' })
  meeting?: MeetingInput | null;

  @Field(() => StatementInput, { nullable: true, description: 'Required for a STATEMENT' })
  statement?: StatementInput | null;

  @Field(() => AgreementInput, { nullable: true, description: 'Required for an AGREEMENT' })
  agreement?: AgreementInput | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType({
  description: 'A partial change: fields left out stay as they are; null clears end, location or cameoCode',
})
export class ReviseEventInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => Int, { description: 'The event version you revise; a CONFLICT if it has moved on' })
  expectedVersion!: number;

  @Field(() => String, { description: 'Why: kept in the history' })
  reason!: string;

  @Field(() => String, { nullable: true })
  title?: string;

  @Field(() => String, { nullable: true })
  summary?: string;

  @Field(() => TemporalPointInput, { nullable: true })
  start?: TemporalPointInput;

  @Field(() => TemporalPointInput, { nullable: true })
  end?: TemporalPointInput | null;

  @Field(() => LocationInput, { nullable: true })
  location?: LocationInput | null;

  @Field(() => [ParticipantInput], { nullable: true, description: 'Replaces the list' })
  participants?: ParticipantInput[];

  @Field(() => [String], { nullable: true, description: 'Replaces the list' })
  topics?: string[];

  @Field(() => [SourceInput], { nullable: true, description: 'Replaces the list' })
  sources?: SourceInput[];

  @Field(() => String, { nullable: true })
  cameoCode?: string | null;

  @Field(() => [LinkInput], { nullable: true, description: 'Replaces the list' })
  links?: LinkInput[];

  @Field(() => MeetingRevisionInput, { nullable: true })
  meeting?: MeetingRevisionInput;

  @Field(() => StatementRevisionInput, { nullable: true })
  statement?: StatementRevisionInput;

  @Field(() => AgreementRevisionInput, { nullable: true })
  agreement?: AgreementRevisionInput;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class RetractEventInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => String, { description: 'Why: required, kept in the history' })
  reason!: string;

  @Field(() => Int, EXPECTED_VERSION)
  expectedVersion?: number | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class RestoreEventInput extends RetractEventInput {}

@InputType()
export class AttachSourceInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => SourceInput)
  source!: SourceInput;

  @Field(() => Int, EXPECTED_VERSION)
  expectedVersion?: number | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class DetachSourceInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => ID)
  sourceId!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Int, EXPECTED_VERSION)
  expectedVersion?: number | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class LinkEventsInput {
  @Field(() => ID, { description: 'The event the link is recorded on' })
  eventId!: string;

  @Field(() => LinkInput)
  link!: LinkInput;

  @Field(() => Int, EXPECTED_VERSION)
  expectedVersion?: number | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class ChangeAgreementStatusInput {
  @Field(() => ID)
  eventId!: string;

  @Field(() => AgreementStatusEnum)
  status!: AgreementStatus;

  @Field(() => TemporalPointInput, { nullable: true })
  effectiveDate?: TemporalPointInput | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Int, EXPECTED_VERSION)
  expectedVersion?: number | null;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}
