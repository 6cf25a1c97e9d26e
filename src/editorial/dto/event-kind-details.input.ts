import { Field, ID, InputType } from '@nestjs/graphql';
import type { AgreementStatus, MeetingFormat, MeetingType, StatementMode } from '../../diplomacy';
import { AgreementStatusEnum, MeetingFormatEnum, MeetingTypeEnum, StatementModeEnum } from '../../graphql/models/enums';

@InputType()
export class MeetingInput {
  @Field(() => MeetingFormatEnum)
  format!: MeetingFormat;

  @Field(() => MeetingTypeEnum)
  type!: MeetingType;
}

@InputType()
export class StatementInput {
  @Field(() => ID, { description: 'Must be one of the participants' })
  speakerId!: string;

  @Field(() => StatementModeEnum)
  mode!: StatementMode;

  @Field()
  text!: string;

  @Field(() => String, { description: 'ISO 639-1 or BCP 47: en, fa, ru' })
  language!: string;

  @Field(() => [ID], { nullable: true })
  addresseeIds?: string[];
}

@InputType()
export class AgreementInput {
  @Field(() => [ID], { description: 'At least two distinct participants' })
  partyIds!: string[];

  @Field()
  terms!: string;

  @Field(() => AgreementStatusEnum)
  status!: AgreementStatus;

  @Field(() => ID, { nullable: true, description: 'The meeting at which it was signed' })
  signedAtEventId?: string | null;
}

@InputType({ description: 'Only the members given change' })
export class MeetingRevisionInput {
  @Field(() => MeetingFormatEnum, { nullable: true })
  format?: MeetingFormat;

  @Field(() => MeetingTypeEnum, { nullable: true })
  type?: MeetingType;
}

@InputType({ description: 'Only the members given change' })
export class StatementRevisionInput {
  @Field(() => ID, { nullable: true })
  speakerId?: string;

  @Field(() => StatementModeEnum, { nullable: true })
  mode?: StatementMode;

  @Field(() => String, { nullable: true })
  text?: string;

  @Field(() => String, { nullable: true })
  language?: string;

  @Field(() => [ID], { nullable: true })
  addresseeIds?: string[];
}

@InputType({
  description:
    'Only the members given change. A status given here corrects the record; use changeAgreementStatus for a change in the world',
})
export class AgreementRevisionInput {
  @Field(() => [ID], { nullable: true })
  partyIds?: string[];

  @Field(() => String, { nullable: true })
  terms?: string;

  @Field(() => AgreementStatusEnum, { nullable: true })
  status?: AgreementStatus;

  @Field(() => ID, { nullable: true })
  signedAtEventId?: string | null;
}
