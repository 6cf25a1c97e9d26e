import { ArgsType, Field, Int } from '@nestjs/graphql';

export const MAX_LOG_PAGE = 1000;

@ArgsType()
export class LogArgs {
  @Field({ nullable: true, description: 'A cursor from an earlier page; the start of the log when absent' })
  after?: string;

  @Field(() => Int, { defaultValue: 100, description: `At most ${MAX_LOG_PAGE}` })
  first!: number;
}
