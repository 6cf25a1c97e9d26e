import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { PlaceZoneBasis } from '../../diplomacy';

const PlaceZoneBasisEnum: Record<PlaceZoneBasis, PlaceZoneBasis> = {
  PLACE: 'PLACE',
  COUNTRY: 'COUNTRY',
  CAPITAL: 'CAPITAL',
};
registerEnumType(PlaceZoneBasisEnum, {
  name: 'TimeZoneBasis',
  description:
    "PLACE: the zone of the place itself; COUNTRY: its country's only zone; CAPITAL: its country's capital's",
});

@ObjectType({ description: 'The IANA zone a date at a place defaults to, and why' })
export class PlaceTimeZone {
  @Field({ description: 'An IANA zone such as Asia/Tehran' })
  timeZone!: string;

  @Field(() => PlaceZoneBasisEnum)
  basis!: PlaceZoneBasis;

  @Field({ description: 'ISO 3166-1 alpha-3 of the zone’s country' })
  country!: string;
}
