import 'reflect-metadata';
import { isUsageError, keysCommand } from './keys';

keysCommand(process.argv.slice(2), process.env, process.stdout).catch((error: unknown) => {
  process.stderr.write(
    `${isUsageError(error) ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(isUsageError(error) ? 2 : 1);
});
