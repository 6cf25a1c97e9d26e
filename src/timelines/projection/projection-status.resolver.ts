import { Query, Resolver } from '@nestjs/graphql';
import { ProjectionStatusModel } from './models/projection-status.model';
import { ProjectionStatus } from './projection-status';

@Resolver()
export class ProjectionStatusResolver {
  constructor(private readonly projection: ProjectionStatus) {}

  @Query(() => ProjectionStatusModel, { description: 'Lag of the timeline read model behind the log' })
  async projectionStatus(): Promise<ProjectionStatusModel> {
    const status = await this.projection.statusForRequest();
    const { horizon } = await this.projection.recordTimeHorizon();
    return {
      activeSchema: status.activeSchema,
      checkpoint: {
        transactionId: status.checkpoint.transactionId.toString(),
        position: status.checkpoint.position.toString(),
      },
      headPosition: status.headPosition.toString(),
      lagEvents: status.lagEvents,
      lagSeconds: status.lagSeconds,
      runningHere: status.runningHere,
      lastBatchAt: status.lastBatchAt,
      recordTimeHorizon: horizon,
      readReplicas: status.replicas.map((replica) => ({
        state: replica.state.toUpperCase(),
        lagSeconds: replica.lagSeconds,
        checkedAt: replica.checkedAt,
      })),
    };
  }
}
