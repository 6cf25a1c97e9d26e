import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ClusterMode, ImportFormat } from '../../imports';
import type { ImportSummary as Summary } from './import-summary';

export enum ImportFormatEnum {
  GDELT = 'gdelt',
  ICEWS = 'icews',
  NDJSON = 'ndjson',
}
registerEnumType(ImportFormatEnum, {
  name: 'ImportFormat',
  description:
    "GDELT 2.0 event export (61 tab-separated columns), ICEWS (tab-separated, with its header) or this service's NDJSON",
});

export const toImportFormat = (format: ImportFormatEnum): ImportFormat => format;

export enum ImportClusterEnum {
  NONE = 'none',
  DAY = 'day',
}
registerEnumType(ImportClusterEnum, {
  name: 'ImportCluster',
  description:
    'DAY (default): GDELT/ICEWS rows of one kind, pair of countries, day and CAMEO root become one event, every row attached to it as a report; NONE: one event per row',
});

export const toClusterMode = (mode: ImportClusterEnum): ClusterMode => mode;

@ObjectType({ description: 'How many lines had one reason or code' })
export class ImportCount {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'A line that did not become an event, and why' })
export class ImportRejectLine {
  @Field(() => Int)
  lineNumber!: number;

  @Field({ description: 'Groups reasons: COLUMN_COUNT, IMPOSSIBLE_DATE, DOMAIN_RULE, JSON, SHAPE, …' })
  code!: string;

  @Field()
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The id the source gives the line (GLOBALEVENTID, Event ID@date)',
  })
  externalId?: string | null;
}

@ObjectType({ description: 'What an import did (or, with dryRun, would do)' })
export class ImportSummary {
  @Field(() => ImportFormatEnum)
  format!: ImportFormatEnum;

  @Field()
  dryRun!: boolean;

  @Field(() => ID, { description: 'The correlationId of every event the import appended' })
  correlationId!: string;

  @Field(() => Int, { description: 'Lines read, blank ones included' })
  lines!: number;

  @Field(() => Int, { description: 'Events appended (with dryRun: that would be)' })
  imported!: number;

  @Field(() => Int, {
    description: 'Events in the log already (an earlier import of the same lines): not appended again',
  })
  alreadyPresent!: number;

  @Field(() => Int, {
    description: 'Lines attached as reports to an event recorded from another line (clustering)',
  })
  reportsAttached!: number;

  @Field(() => Int, {
    description: 'Events revised because a report attached now ranks first (clustering)',
  })
  eventsRevised!: number;

  @Field(() => Int, {
    description: 'Sound lines about something this service does not keep (CAMEO codes out of scope)',
  })
  skipped!: number;

  @Field(() => [ImportCount])
  skippedByReason!: ImportCount[];

  @Field(() => Int)
  rejected!: number;

  @Field(() => [ImportCount])
  rejectedByCode!: ImportCount[];

  @Field(() => Int, { description: 'Actors registered because no existing one matched (with dryRun: that would be)' })
  actorsCreated!: number;

  @Field(() => Int, { description: 'Existing actors the lines were matched to' })
  actorsMatched!: number;

  @Field(() => Float)
  seconds!: number;

  @Field(() => Float)
  eventsPerSecond!: number;

  @Field(() => [ImportRejectLine], { description: 'The first 100 rejected lines' })
  rejects!: ImportRejectLine[];
}

/** The service's summary as GraphQL answers it (importEvents, and a finished job's). */
export function toSummaryModel(summary: Summary, format: ImportFormatEnum): ImportSummary {
  const counts = (byKey: Record<string, number | undefined>) =>
    Object.entries(byKey)
      .map(([key, count]) => ({ key, count: count ?? 0 }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    ...summary,
    format,
    skippedByReason: counts(summary.skippedByReason),
    rejectedByCode: counts(summary.rejectedByCode),
    rejects: summary.rejects.map((reject) => ({ ...reject, externalId: reject.externalId ?? null })),
  };
}
