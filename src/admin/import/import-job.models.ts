import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ImportClusterEnum, ImportFormatEnum, ImportSummary } from './import.models';

export enum ImportJobStatusEnum {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  ABANDONED = 'abandoned',
}
registerEnumType(ImportJobStatusEnum, {
  name: 'ImportJobStatus',
  description:
    'RUNNING; SUCCEEDED (the summary says what it did); FAILED (error says why; batches committed before stay); ABANDONED: its process stopped answering (no heartbeat for 60 s) before it ended',
});

@ObjectType({ description: 'How far a running import has come (the last state written, at most 250 ms old)' })
export class ImportJobProgress {
  @Field(() => Int, { description: 'Lines read, blank ones included' })
  lines!: number;

  @Field(() => Int, { description: 'Bytes of the content read' })
  bytesRead!: number;

  @Field(() => Int, {
    description: 'Events appended (with dryRun: that would be); grows a batch of 1,000 lines at a time',
  })
  imported!: number;

  @Field(() => Int)
  alreadyPresent!: number;

  @Field(() => Int)
  skipped!: number;

  @Field(() => Int)
  rejected!: number;
}

@ObjectType({ description: 'An import started by startImport: its progress, then its summary or its error (admin)' })
export class ImportJob {
  @Field(() => ID)
  id!: string;

  @Field(() => ImportJobStatusEnum)
  status!: ImportJobStatusEnum;

  @Field(() => ImportFormatEnum)
  format!: ImportFormatEnum;

  @Field()
  dryRun!: boolean;

  @Field()
  allEvents!: boolean;

  @Field(() => ImportClusterEnum)
  cluster!: ImportClusterEnum;

  @Field({ description: 'Who started it: apikey:<name>' })
  startedBy!: string;

  @Field({ description: "When it started (the database's clock)" })
  startedAt!: Date;

  @Field({ description: 'When the process running it last said it was alive' })
  heartbeatAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int)
  contentBytes!: number;

  @Field(() => ImportJobProgress)
  progress!: ImportJobProgress;

  @Field(() => ImportSummary, {
    nullable: true,
    description: 'Once SUCCEEDED: what it did, the first 100 rejects among it',
  })
  summary!: ImportSummary | null;

  @Field(() => String, { nullable: true, description: 'Once FAILED: why' })
  error!: string | null;
}
