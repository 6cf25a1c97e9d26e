import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONObjectScalar } from '../../graphql/json-object.scalar';

@ObjectType({ description: 'One event of the global log, exactly as stored (after upcasting)' })
export class LogEntry {
  @Field({ description: 'Global position: unique, increasing in insert order (not commit order)' })
  position!: string;

  @Field({ description: 'Pass as `after` to continue reading after this entry' })
  cursor!: string;

  @Field()
  streamId!: string;

  @Field(() => Int)
  streamVersion!: number;

  @Field(() => ID)
  eventId!: string;

  @Field()
  type!: string;

  @Field(() => Int)
  schemaVersion!: number;

  @Field(() => JSONObjectScalar)
  data!: Record<string, unknown>;

  @Field(() => JSONObjectScalar, { description: 'Who, why, correlation and causation ids' })
  metadata!: Record<string, unknown>;

  @Field({ description: "When the database recorded it (the database's clock)" })
  recordedAt!: Date;
}
