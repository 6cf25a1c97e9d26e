import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EXPORT_FORMATS, type ExportFormat } from './timeline-export';

export const ExportFormatEnum = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, f])) as Record<
  ExportFormat,
  ExportFormat
>;
registerEnumType(ExportFormatEnum, {
  name: 'ExportFormat',
  description: 'TIMELINEJS: a Knight Lab TimelineJS document; NDJSON: the import format (round-trips); CSV: RFC 4180',
});

@ObjectType()
export class TimelineExport {
  @Field(() => ExportFormatEnum)
  format!: ExportFormat;

  @Field()
  contentType!: string;

  @Field()
  content!: string;

  @Field(() => Int)
  eventCount!: number;

  @Field({ description: 'More events matched than one export takes (see the limit); use the export command for more' })
  truncated!: boolean;
}
