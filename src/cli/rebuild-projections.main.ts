import 'reflect-metadata';
import { RebuildInProgressError } from '../timelines/projection/rebuild';
import { isUsageError, rebuildProjectionsCommand } from './rebuild-projections';

rebuildProjectionsCommand(process.argv.slice(2), process.env, process.stdout).catch((error: unknown) => {
  const expected = isUsageError(error) || error instanceof RebuildInProgressError;
  process.stderr.write(
    `${expected ? (error as Error).message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(isUsageError(error) ? 2 : 1);
});
