import { Args, ArgsType, Field, Query, Resolver } from '@nestjs/graphql';
import { RecordTimeArgs } from '../timelines/dto/timeline.args';
import { TimelineFilterInput } from '../timelines/dto/timeline-filter.input';
import { ProjectionStatus } from '../timelines/projection/projection-status';
import { TimelineQueries } from '../timelines/queries';
import { waitForReadModel } from '../timelines/read-your-writes';
import { toRecordTime, toTimelineFilter } from '../timelines/timeline-args.mapping';
import { CONTENT_TYPES, exportNodes, writeExport, type ExportFormat } from './timeline-export';
import { ExportFormatEnum, TimelineExport } from './timeline-export.model';

export const GRAPHQL_EXPORT_LIMIT = 5_000;

@ArgsType()
class TimelineExportArgs extends RecordTimeArgs {
  @Field(() => TimelineFilterInput, { nullable: true })
  filter?: TimelineFilterInput;

  @Field(() => ExportFormatEnum)
  format!: ExportFormat;

  @Field(() => String, { nullable: true, description: 'TimelineJS title' })
  title?: string;
}

@Resolver()
export class TimelineExportResolver {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly status: ProjectionStatus,
  ) {}

  @Query(() => TimelineExport, {
    description: `A timeline as TimelineJS, NDJSON or CSV (at most ${GRAPHQL_EXPORT_LIMIT} events)`,
  })
  async timelineExport(@Args() args: TimelineExportArgs): Promise<TimelineExport> {
    await waitForReadModel(this.status, args);
    const chunks: string[] = [];
    const options = toRecordTime(args);
    const eventCount = await writeExport(
      args.format,
      exportNodes(this.queries, toTimelineFilter(args.filter), options, GRAPHQL_EXPORT_LIMIT + 1),
      (chunk) => void chunks.push(chunk),
      { ...(args.title ? { title: args.title } : {}), includeRetracted: options.includeRetracted ?? false },
    );
    const truncated = eventCount > GRAPHQL_EXPORT_LIMIT;
    if (truncated) {
      // Fetched one more than the limit only to know: export exactly the limit.
      chunks.length = 0;
      await writeExport(
        args.format,
        exportNodes(this.queries, toTimelineFilter(args.filter), options, GRAPHQL_EXPORT_LIMIT),
        (chunk) => void chunks.push(chunk),
        {
          ...(args.title ? { title: args.title } : {}),
          includeRetracted: options.includeRetracted ?? false,
        },
      );
    }
    return {
      format: args.format,
      contentType: CONTENT_TYPES[args.format],
      content: chunks.join(''),
      eventCount: Math.min(eventCount, GRAPHQL_EXPORT_LIMIT),
      truncated,
    };
  }
}
