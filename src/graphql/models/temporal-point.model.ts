import { Field, ObjectType } from '@nestjs/graphql';
import type { TemporalPrecision } from '../../diplomacy';
import { DatePrecisionEnum } from './enums';

@ObjectType({
  description:
    'A moment as precisely as the source gives it: value is 2022, 2022-07, 2022-07-19 or 2022-07-19T14:30 ' +
    'for YEAR, MONTH, DAY or MINUTE precision, in the named IANA time zone. Never widened or narrowed.',
})
export class TemporalPoint {
  @Field()
  value!: string;

  @Field(() => DatePrecisionEnum)
  precision!: TemporalPrecision;

  @Field(() => String, { description: 'IANA time zone, such as Asia/Tehran or UTC' })
  timeZone!: string;

  @Field({ description: 'Start of the interval this point covers at its precision, in UTC (inclusive)' })
  intervalStart!: Date;

  @Field({ description: 'End of the interval this point covers at its precision, in UTC (exclusive)' })
  intervalEnd!: Date;
}
