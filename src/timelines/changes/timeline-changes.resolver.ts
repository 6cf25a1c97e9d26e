import { Args, Query, Resolver } from '@nestjs/graphql';
import { badUserInput } from '../../graphql/errors';
import { ProjectionStatus } from '../projection/projection-status';
import { CHANGES_SCAN_ROWS, checkChangeWindow, TimelineQueries } from '../queries';
import { waitForAsOf, READ_YOUR_WRITES_TIMEOUT_MS } from '../read-your-writes';
import { toTimelineFilter } from '../timeline-args.mapping';
import { nodeModel } from '../timeline-node.mapping';
import { TimelineChangesArgs } from './timeline-changes.args';
import { EventChangeConnection } from './timeline-change.model';

@Resolver(() => EventChangeConnection)
export class TimelineChangesResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly status: ProjectionStatus,
  ) {}

  @Query(() => EventChangeConnection, {
    description:
      'What changed between two record times (from, to] for the events a timeline filter matches: added, revised, ' +
      'retracted, restored, merged and split events, each as known at from and at to, in the order they were recorded. ' +
      `A page examines at most ${CHANGES_SCAN_ROWS.toLocaleString('en')} of the versions recorded in the window: where the filter matches few of them, ` +
      'a page may hold fewer changes than asked, even none, with hasNextPage true; go on after its endCursor',
  })
  async timelineChanges(@Args() args: TimelineChangesArgs): Promise<EventChangeConnection> {
    await this.checkWindow(args);
    const page = await this.queries.changes(toTimelineFilter(args.filter), {
      from: args.from,
      ...(args.to ? { to: args.to } : {}),
      ...(args.first !== undefined && args.first !== null ? { first: args.first } : {}),
      ...(args.after ? { after: args.after } : {}),
    });
    return {
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: {
          kind: node.kind,
          eventId: node.eventId,
          recordedAt: node.recordedAt,
          mergedIntoId: node.mergedIntoId,
          before: node.before ? nodeModel(node.before, args.from) : null,
          after: nodeModel(node.after, args.to ?? undefined),
        },
      })),
      pageInfo: page.pageInfo,
    };
  }

  /**
   * From before to, and neither ahead of the database's clock (what is known then is not known
   * yet); then, as for asOf, the answer waits until the read model is complete up to `to`.
   */
  private async checkWindow(args: TimelineChangesArgs): Promise<void> {
    checkChangeWindow({ from: args.from, ...(args.to ? { to: args.to } : {}) });
    // Before the record-time horizon this instance knows, both are in the past: no clock to read.
    if (!this.status.isFinalAsOf(args.to ?? args.from)) {
      const { now } = await this.status.recordTimeHorizon();
      for (const [field, moment] of [
        ['from', args.from],
        ['to', args.to],
      ] as const) {
        if (moment && moment.getTime() > now.getTime())
          throw badUserInput(
            `${field} ${moment.toISOString()} is ahead of the database's clock (${now.toISOString()}): what will be known then is not known yet`,
            field,
            { reason: 'IN_FUTURE' },
          );
      }
    }
    if (args.to) await waitForAsOf(this.status, args.to, READ_YOUR_WRITES_TIMEOUT_MS);
  }
}
