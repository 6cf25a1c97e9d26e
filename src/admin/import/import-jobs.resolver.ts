import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { CurrentPrincipal, RequireRole, type Principal } from '../../access/principal';
import { isUuid } from '../../diplomacy/validation';
import { badUserInput, conflict, notFound } from '../../graphql/errors';
import { SNIFF_BYTES, sniffFormat } from '../../imports';
import { importContentBytes } from './import-content';
import { ImportJob, ImportJobStatusEnum } from './import-job.models';
import { ImportJobsFullError, ImportJobsService } from './import-jobs.service';
import type { ImportJobRow } from './import-jobs.repository';
import { ImportArgs, importRunOptions } from './dto/import.args';
import { ImportClusterEnum, ImportFormatEnum, toImportFormat, toSummaryModel } from './import.models';

/** importJobs(first) without first. */
const DEFAULT_JOBS = 20;
/** What a client waits before trying again when this process runs as many jobs as it may. */
const BUSY_RETRY_SECONDS = 5;

/** Imports as jobs: startImport answers at once; importJob and importJobs follow them. */
@Resolver()
export class ImportJobsResolver {
  constructor(private readonly jobs: ImportJobsService) {}

  @RequireRole('admin')
  @Mutation(() => ImportJob, {
    description:
      'Start importing a GDELT, ICEWS or NDJSON file (at most 5 MB) given as text (admin); answers at once with the job: follow it with importJob(id)',
  })
  async startImport(@Args() args: ImportArgs, @CurrentPrincipal() principal: Principal): Promise<ImportJob> {
    const { format, content } = args;
    const buffer = importContentBytes(content, 'startImport');
    // Judged here, as importEvents does, so that a wrong file is refused before any job exists.
    const sniffed = sniffFormat(buffer.subarray(0, SNIFF_BYTES), toImportFormat(format));
    if (!sniffed.ok) throw badUserInput(`the content is not ${format}: ${sniffed.reason}`, 'content');
    try {
      const job = await this.jobs.startWith(buffer, importRunOptions(args, principal));
      return toJobModel(job);
    } catch (error) {
      if (error instanceof ImportJobsFullError) throw full(error);
      throw error;
    }
  }

  @RequireRole('admin')
  @Query(() => ImportJob, { description: 'One import job, as the process running it last wrote it down (admin)' })
  async importJob(@Args('id', { type: () => ID }) id: string): Promise<ImportJob> {
    if (!isUuid(id))
      throw badUserInput(
        `id must be an import job's id (a lower-case UUID), got ${JSON.stringify(String(id).slice(0, 60))}`,
        'id',
      );
    const job = await this.jobs.find(id);
    if (!job) throw notFound(`no import job ${id} (finished jobs are kept 7 days, the newest 1,000)`);
    return toJobModel(job);
  }

  @RequireRole('admin')
  @Query(() => [ImportJob], { description: 'The most recently started import jobs, newest first (admin)' })
  async importJobs(
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_JOBS }) first: number | null,
  ): Promise<ImportJob[]> {
    const count = first ?? DEFAULT_JOBS;
    const max = this.jobs.limits.listMax;
    if (count < 1 || count > max) throw badUserInput(`first must be from 1 to ${max}, got ${count}`, 'first');
    return (await this.jobs.recent(count)).map(toJobModel);
  }
}

function full(error: ImportJobsFullError): GraphQLError {
  if (error.scope === 'principal')
    return conflict(error.message, { reason: 'TOO_MANY_IMPORT_JOBS', maxRunningJobs: error.limit });
  return new GraphQLError(error.message, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      reason: 'IMPORT_JOBS_BUSY',
      maxRunningJobs: error.limit,
      retryAfterSeconds: BUSY_RETRY_SECONDS,
    },
  });
}

function toJobModel(job: ImportJobRow): ImportJob {
  const format = job.format as ImportFormatEnum;
  return {
    id: job.id,
    status: job.status as ImportJobStatusEnum,
    format,
    dryRun: job.dryRun,
    allEvents: job.allEvents,
    cluster: job.cluster as ImportClusterEnum,
    startedBy: job.principal,
    startedAt: job.startedAt,
    heartbeatAt: job.heartbeatAt,
    finishedAt: job.finishedAt,
    contentBytes: job.contentBytes,
    progress: {
      lines: job.lines,
      bytesRead: job.bytesRead,
      imported: job.imported,
      alreadyPresent: job.alreadyPresent,
      skipped: job.skipped,
      rejected: job.rejected,
    },
    summary: job.summary && toSummaryModel(job.summary, format),
    error: job.error,
  };
}
