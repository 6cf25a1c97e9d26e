import { Field, ObjectType } from '@nestjs/graphql';
import { LogEntry } from './log-entry.model';

@ObjectType()
export class LogPage {
  @Field(() => [LogEntry])
  entries!: LogEntry[];

  @Field({ description: 'Where to continue: pass as `after`. Unchanged when nothing new was readable.' })
  endCursor!: string;

  @Field({ description: 'Fewer entries than asked for were readable: this reader is at the head for now' })
  caughtUp!: boolean;
}
