import 'reflect-metadata';
import { importCommand, isImportUsageError } from './import';

importCommand(process.argv.slice(2), process.env, process.stdout).catch((error: unknown) => {
  process.stderr.write(
    `${isImportUsageError(error) ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(isImportUsageError(error) ? 2 : 1);
});
