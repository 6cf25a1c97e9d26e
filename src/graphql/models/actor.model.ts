import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ActorKind } from '../../diplomacy';
import { ActorKindEnum, ActorStatusEnum } from './enums';
import { Node } from './node.model';
import { TemporalPoint } from './temporal-point.model';

@ObjectType({ description: 'A position held over time: President of Russia from 2012-05-07' })
export class ActorRole {
  @Field()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'The state or organisation, when it is an actor here' })
  ofActorId?: string | null;

  @Field(() => String, { nullable: true, description: 'The institution as free text, when it is not an actor here' })
  ofName?: string | null;

  @Field(() => TemporalPoint)
  from!: TemporalPoint;

  @Field(() => TemporalPoint, { nullable: true })
  to?: TemporalPoint | null;
}

@ObjectType({
  description: 'A person, state or organisation taking part in diplomatic events, as of one version in the log',
  implements: () => [Node],
})
export class Actor implements Node {
  @Field(() => ID, {
    description:
      'Opaque global id of this version (each version is its own object to a client cache); for node(id) only',
  })
  id!: string;

  @Field(() => ID, { description: "The actor's stable id, the same in every version: what arguments and inputs take" })
  actorId!: string;

  @Field(() => ActorKindEnum)
  kind!: ActorKind;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other spellings, used to match imported data' })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-3' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'CAMEO actor code such as RUSGOV' })
  cameoCode?: string | null;

  @Field(() => [ActorRole])
  roles!: ActorRole[];

  @Field(() => ActorStatusEnum)
  status!: 'ACTIVE' | 'MERGED';

  @Field(() => ID, { nullable: true, description: 'Set when this actor was merged into another: the survivor' })
  mergedInto?: string | null;

  @Field(() => Int, { description: "The actor stream's version this state is as of" })
  version!: number;
}
