import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { ActorKind } from '../../diplomacy';
import { ActorKindEnum } from '../../graphql/models/enums';
import { TemporalPointInput } from '../../graphql/dto/shared.input';

const IDEMPOTENCY = {
  nullable: true,
  description: 'A retry with the same key and input returns the first result and appends nothing',
};

@InputType()
export class ActorRoleInput {
  @Field()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'The state or organisation, when it is an actor here' })
  ofActorId?: string | null;

  @Field(() => String, { nullable: true })
  ofName?: string | null;

  @Field(() => TemporalPointInput)
  from!: TemporalPointInput;

  @Field(() => TemporalPointInput, { nullable: true })
  to?: TemporalPointInput | null;
}

@InputType()
export class RegisterActorInput {
  @Field(() => ID, { nullable: true, description: 'A new UUID; generated when absent' })
  actorId?: string | null;

  @Field(() => ActorKindEnum)
  kind!: ActorKind;

  @Field()
  name!: string;

  @Field(() => [String], { nullable: true })
  aliases?: string[];

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3; required for a STATE' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'CAMEO actor code such as RUSGOV' })
  cameoCode?: string | null;

  @Field(() => [ActorRoleInput], { nullable: true })
  roles?: ActorRoleInput[];

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType({ description: 'A partial change: fields left out stay as they are; null clears country or cameoCode' })
export class ReviseActorInput {
  @Field(() => ID)
  actorId!: string;

  @Field(() => Int, { nullable: true, description: 'The actor version you saw; a CONFLICT if it has moved on' })
  expectedVersion?: number | null;

  @Field(() => String, { description: 'Why: kept in the history' })
  reason!: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => [String], { nullable: true })
  aliases?: string[];

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String, { nullable: true })
  cameoCode?: string | null;

  @Field(() => [ActorRoleInput], { nullable: true, description: 'Replaces the list' })
  roles?: ActorRoleInput[];

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}

@InputType()
export class MergeActorsInput {
  @Field(() => ID, { description: 'The duplicate: its events then resolve to the survivor' })
  duplicateId!: string;

  @Field(() => ID)
  survivorId!: string;

  @Field()
  reason!: string;

  @Field(() => String, IDEMPOTENCY)
  idempotencyKey?: string | null;
}
