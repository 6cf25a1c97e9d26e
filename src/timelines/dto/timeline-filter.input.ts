import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { EventKind, ParticipantRole } from '../../diplomacy';
import { TemporalPointInput } from '../../graphql/dto/shared.input';
import { EventKindEnum, ParticipantRoleEnum } from '../../graphql/models/enums';

@InputType()
export class ActorSelectionInput {
  @Field(() => [ID], { nullable: true, description: 'Events with at least one of these actors' })
  anyOf?: string[];

  @Field(() => [ID], { nullable: true, description: 'Events with all of these actors' })
  allOf?: string[];

  @Field(() => [ParticipantRoleEnum], {
    nullable: true,
    description:
      'Only where the actors take part in one of these roles: each actor of allOf, at least one of anyOf ' +
      "(in an actor's own timeline, that actor). SPEAKER: statements the actors made",
  })
  roles?: ParticipantRole[];
}

@InputType({ description: 'One side of a directed dyad: an actor or a country, in one of some roles' })
export class DyadSideInput {
  @Field(() => ID, { nullable: true, description: 'An actor id (give actor or country)' })
  actor?: string;

  @Field(() => String, { nullable: true, description: 'Any actor of this country, ISO 3166-1 alpha-3' })
  country?: string;

  @Field(() => [ParticipantRoleEnum], { nullable: true, description: 'In one of these roles; in any role when absent' })
  roles?: ParticipantRole[];
}

@InputType({
  description:
    'Events in which both sides take part (two different participants): two actors, or actors of two countries; ' +
    'or directed, from one side to the other (from a GUEST to a HOST: visits)',
})
export class DyadInput {
  @Field(() => [ID], { nullable: true, description: 'Exactly two actor ids' })
  actors?: string[];

  @Field(() => [String], { nullable: true, description: 'Exactly two ISO 3166-1 alpha-3 codes' })
  countries?: string[];

  @Field(() => DyadSideInput, {
    nullable: true,
    description: 'Directed: this side, with to (not with actors or countries)',
  })
  from?: DyadSideInput;

  @Field(() => DyadSideInput, { nullable: true, description: 'Directed: the other side, with from' })
  to?: DyadSideInput;
}

@InputType({
  description:
    'A range of valid time, each end at its own precision: from 2022 (YEAR) to 2022 (YEAR) is all of 2022. ' +
    'An event matches when its interval, at its precision, overlaps the range.',
})
export class DateRangeInput {
  @Field(() => TemporalPointInput, { nullable: true, description: 'From the start of this point (inclusive)' })
  from?: TemporalPointInput;

  @Field(() => TemporalPointInput, { nullable: true, description: 'To the end of this point (inclusive)' })
  to?: TemporalPointInput;
}

@InputType({ description: 'Every member is optional; the members given must all hold' })
export class TimelineFilterInput {
  @Field(() => ActorSelectionInput, { nullable: true })
  actors?: ActorSelectionInput;

  @Field(() => DyadInput, { nullable: true })
  dyad?: DyadInput;

  @Field(() => [String], { nullable: true, description: "Any of: a participant's country or the location's (ISO-3)" })
  countries?: string[];

  @Field(() => [String], { nullable: true, description: "Any of: the location's country (ISO-3)" })
  locationCountries?: string[];

  @Field(() => [EventKindEnum], { nullable: true })
  kinds?: EventKind[];

  @Field(() => [String], { nullable: true, description: 'CAMEO event codes, leading zeros kept: 040, 0311' })
  cameoCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Two-digit CAMEO roots: 01 statements, 04 consultations' })
  cameoRootCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Any of these topics' })
  topics?: string[];

  @Field(() => DateRangeInput, { nullable: true })
  dateRange?: DateRangeInput;

  @Field(() => String, { nullable: true, description: "Substring of the location's place name" })
  placeName?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Full-text search of title, summary and quotes: words, "phrases", -excluded, or',
  })
  text?: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Only events reported by at least this many distinct sources (1 to 100; 1 leaves out events without any)',
  })
  minSources?: number;
}
