import { ArgsType, Field } from '@nestjs/graphql';
import type { Principal } from '../../../access/principal';
import type { StartImport } from '../import-jobs.service';
import { ImportClusterEnum, ImportFormatEnum, toClusterMode, toImportFormat } from '../import.models';

/** The arguments importEvents and startImport share: one file given as text, and how to read it. */
@ArgsType()
export class ImportArgs {
  @Field(() => ImportFormatEnum)
  format!: ImportFormatEnum;

  @Field(() => String)
  content!: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  dryRun?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  allEvents?: boolean | null;

  @Field(() => ImportClusterEnum, { nullable: true, defaultValue: ImportClusterEnum.DAY })
  cluster?: ImportClusterEnum | null;
}

/** What the import itself is told; an explicit null reads as the default, as an absent argument does. */
export function importRunOptions(args: ImportArgs, principal: Principal): StartImport {
  return {
    format: toImportFormat(args.format),
    dryRun: args.dryRun ?? false,
    allEvents: args.allEvents ?? false,
    cluster: toClusterMode(args.cluster ?? ImportClusterEnum.DAY),
    principal: principal.id,
    role: principal.role,
  };
}
