import { Field, Float, ID, InputType } from '@nestjs/graphql';
import type { LinkType, ParticipantRole, TemporalPrecision } from '../../diplomacy';
import { DatePrecisionEnum, LinkTypeEnum, ParticipantRoleEnum } from '../models/enums';

@InputType({ description: 'value 2022, 2022-07, 2022-07-19 or 2022-07-19T14:30 for YEAR, MONTH, DAY or MINUTE' })
export class TemporalPointInput {
  @Field()
  value!: string;

  @Field(() => DatePrecisionEnum)
  precision!: TemporalPrecision;

  @Field(() => String, { description: 'IANA time zone, such as Asia/Tehran or UTC: always explicit' })
  timeZone!: string;
}

@InputType()
export class CoordinatesInput {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lon!: number;
}

@InputType()
export class LocationInput {
  @Field()
  placeName!: string;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3' })
  country?: string | null;

  @Field(() => CoordinatesInput, { nullable: true })
  coordinates?: CoordinatesInput | null;
}

@InputType()
export class ParticipantInput {
  @Field(() => ID)
  actorId!: string;

  @Field(() => ParticipantRoleEnum)
  role!: ParticipantRole;
}

@InputType()
export class SourceInput {
  @Field(() => ID, { nullable: true, description: 'Given when replacing a list that keeps this source; new otherwise' })
  sourceId?: string | null;

  @Field()
  publisher!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => TemporalPointInput, { nullable: true })
  publishedAt?: TemporalPointInput | null;

  @Field(() => String, { nullable: true, description: 'The passage that supports the event' })
  excerpt?: string | null;
}

@InputType()
export class LinkInput {
  @Field(() => LinkTypeEnum)
  type!: LinkType;

  @Field(() => ID)
  targetEventId!: string;
}
