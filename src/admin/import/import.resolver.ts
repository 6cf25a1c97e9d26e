import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Readable } from 'node:stream';
import { badUserInput } from '../../graphql/errors';
import { CurrentPrincipal, RequireRole, type Principal } from '../../access/principal';
import { ImportArgs, importRunOptions } from './dto/import.args';
import { ImportSummary, toSummaryModel } from './import.models';
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
  async importEvents(@Args() args: ImportArgs, @CurrentPrincipal() principal: Principal): Promise<ImportSummary> {
    const { format, content } = args;
    const buffer = importContentBytes(content, 'importEvents');
    try {
      const summary = await this.imports.import(Readable.from([buffer]), importRunOptions(args, principal));
      return toSummaryModel(summary, format);
    } catch (error) {
      if (error instanceof ImportRefusedError)
        throw badUserInput(`the content is not ${format}: ${error.reason}`, 'content');
      throw error;
    }
  }
}
