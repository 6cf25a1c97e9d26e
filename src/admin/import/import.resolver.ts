import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Readable } from 'node:stream';
import { badUserInput } from '../../graphql/errors';
import { CurrentPrincipal, RequireRole, type Principal } from '../../access/principal';
import {
  ImportClusterEnum,
  ImportFormatEnum,
  ImportSummary,
  toClusterMode,
  toImportFormat,
  toSummaryModel,
} from './import.models';
import { importContentBytes } from './import-content';
import { ImportService } from './import.service';
import { ImportRefusedError } from './import-summary';

@Resolver()
export class ImportResolver {
  constructor(private readonly imports: ImportService) {}

  @RequireRole('admin')
  @Mutation(() => ImportSummary, {
    description: 'Import a small GDELT, ICEWS or NDJSON file (at most 5 MB) given as text (admin)',
  })
  async importEvents(
    @Args('format', { type: () => ImportFormatEnum }) format: ImportFormatEnum,
    @Args('content') content: string,
    @CurrentPrincipal() principal: Principal,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: false }) dryRun: boolean | null,
    @Args('allEvents', { type: () => Boolean, nullable: true, defaultValue: false }) allEvents: boolean | null,
    @Args('cluster', { type: () => ImportClusterEnum, nullable: true, defaultValue: ImportClusterEnum.DAY })
    cluster: ImportClusterEnum | null,
  ): Promise<ImportSummary> {
    const buffer = importContentBytes(content, 'importEvents');
    try {
      const summary = await this.imports.import(Readable.from([buffer]), {
        format: toImportFormat(format),
        dryRun: dryRun ?? false,
        allEvents: allEvents ?? false,
        cluster: toClusterMode(cluster ?? ImportClusterEnum.DAY),
        principal: principal.id,
        role: principal.role,
      });
      return toSummaryModel(summary, format);
    } catch (error) {
      if (error instanceof ImportRefusedError)
        throw badUserInput(`the content is not ${format}: ${error.reason}`, 'content');
      throw error;
    }
  }
}
