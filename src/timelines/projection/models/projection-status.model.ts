import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ProjectionCheckpoint', { description: 'A place in the log: positions are bigints, hence strings' })
export class ProjectionCheckpointModel {
  @Field({ description: 'Transaction id of the last event projected' })
  transactionId!: string;

  @Field({ description: 'Global position of the last event projected' })
  position!: string;
}

@ObjectType('ReadReplicaStatus', {
  description: 'A read replica (DATABASE_READ_URL) as this instance last probed it (every 0.5 s)',
})
export class ReadReplicaStatusModel {
  @Field({
    description:
      'SERVING: reads go to it; LAGGING: further behind than DATABASE_READ_MAX_LAG_MS, reads go to the primary; ' +
      'DOWN: unreachable, reads go to the primary',
  })
  state!: string;

  @Field(() => Float, {
    nullable: true,
    description: "How far its data is behind the primary's, in seconds (to within a probe); null when down",
  })
  lagSeconds!: number | null;

  @Field(() => Date, { nullable: true, description: 'When it was last probed; null before the first probe' })
  checkedAt!: Date | null;
}

@ObjectType('ProjectionStatus', { description: 'How far the timeline read model is behind the event log' })
export class ProjectionStatusModel {
  @Field({ description: 'The read-model generation queries read, e.g. rm_1' })
  activeSchema!: string;

  @Field(() => ProjectionCheckpointModel)
  checkpoint!: ProjectionCheckpointModel;

  @Field({ description: 'Highest global position in the log' })
  headPosition!: string;

  @Field(() => Int, { description: 'Log events not projected yet (counted up to 1,000,000)' })
  lagEvents!: number;

  @Field(() => Float, { description: 'Age in seconds of the oldest event not projected yet; 0 when caught up' })
  lagSeconds!: number;

  @Field({ description: 'The instance that answered runs the projection' })
  runningHere!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the read model last moved on' })
  lastBatchAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'The record-time horizon: the read model is complete before it, so an answer asOf an earlier moment is final ' +
      '(never changes); a later asOf waits for it (up to 5 s). Never moves back on one instance; null before the first event',
  })
  recordTimeHorizon!: Date | null;

  @Field(() => [ReadReplicaStatusModel], {
    description: 'The read replicas reads may go to, in the order of DATABASE_READ_URL; empty without any',
  })
  readReplicas!: ReadReplicaStatusModel[];
}
