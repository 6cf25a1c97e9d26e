import 'reflect-metadata';
import { ConfigError } from '../config/env';
import { describeSeed, seedDemoCommand } from './seed-demo';

seedDemoCommand(process.env).then(
  (summary) => process.stdout.write(`${describeSeed(summary)}\n`),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
