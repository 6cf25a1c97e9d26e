import { Module } from '@nestjs/common';
import { TimelinesModule } from '../timelines/timelines.module';
import { TimelineExportResolver } from './timeline-export.resolver';

/**
 * Timeline exports: the formats (`formats/`, pure), the paging that feeds them
 * (`timeline-export.ts`, also used by `npm run export`) and the `timelineExport` query.
 */
@Module({
  imports: [TimelinesModule],
  providers: [TimelineExportResolver],
})
export class ExportsModule {}
