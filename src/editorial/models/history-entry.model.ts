import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONObjectScalar } from '../../graphql/json-object.scalar';

@ObjectType({
  description: 'The imported row (a report) an entry recorded or attached: which rows went into which event',
})
export class HistoryReport {
  @Field({ description: 'The dataset the row comes from: GDELT, ICEWS, NDJSON' })
  dataset!: string;

  @Field({ description: 'The id the dataset gives the row (GLOBALEVENTID, Event ID@date)' })
  externalId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The report id (ReportAttached), derived from dataset and externalId',
  })
  reportId?: string | null;

  @Field(() => Int, { nullable: true, description: 'The line of the imported file' })
  lineNumber?: number | null;

  @Field(() => String, { nullable: true, description: "The row's CAMEO event code" })
  cameoCode?: string | null;
}

@ObjectType({ description: 'One entry of a stream in the log: who changed what, when and why' })
export class HistoryEntry {
  @Field(() => Int)
  version!: number;

  @Field()
  type!: string;

  @Field({ description: "When the log recorded it (the database's clock)" })
  recordedAt!: Date;

  @Field(() => String, { description: 'Global log position' })
  position!: string;

  @Field(() => String, { nullable: true, description: 'Who: the API key (apikey:<name>) or tool that sent it' })
  principal?: string | null;

  @Field(() => String, { nullable: true, description: 'Why, as given' })
  reason?: string | null;

  @Field(() => String, { nullable: true })
  correlationId?: string | null;

  @Field(() => String, { nullable: true })
  causationId?: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'For revisions: the fields that changed, new values' })
  changes?: Record<string, unknown> | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'For revisions: the same fields, old values' })
  previous?: Record<string, unknown> | null;

  @Field(() => JSONObjectScalar, { description: 'The event as stored' })
  data!: Record<string, unknown>;

  @Field(() => HistoryReport, {
    nullable: true,
    description:
      'For an event recorded by an import (EventRecorded: its first row) or a report attached to it (ReportAttached): the row',
  })
  report?: HistoryReport | null;
}
