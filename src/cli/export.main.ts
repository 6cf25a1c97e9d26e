import 'reflect-metadata';
import { exportCommand, isExportUsageError } from './export';

exportCommand(process.argv.slice(2), process.env, process.stdout).then(
  (count) => process.stderr.write(`Exported ${count} events.\n`),
  (error: unknown) => {
    process.stderr.write(
      `${isExportUsageError(error) ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(isExportUsageError(error) ? 2 : 1);
  },
);
