import { ConfigError, parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import { UpcasterRegistry } from '../event-store/upcasters';
import { rebuildReadModel, type RebuildResult } from '../timelines/projection/rebuild';

const USAGE = `Usage:
  npm run projections:rebuild [-- [--batch-size <1-10000>] [--keep-previous]]

Projects the whole event log into a new read-model generation beside the active one, swaps it in
and drops the old one. The service keeps serving (and projecting) meanwhile.`;

export class UsageError extends Error {}

export interface Output {
  write(text: string): void;
}

export async function rebuildProjectionsCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: Output,
): Promise<RebuildResult> {
  if (args.includes('--help') || args.includes('-h')) throw new UsageError(USAGE);
  const unknown = args.filter(
    (arg, i) => arg !== '--keep-previous' && arg !== '--batch-size' && args[i - 1] !== '--batch-size',
  );
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}\n\n${USAGE}`);
  const sizeIndex = args.indexOf('--batch-size');
  const batchSize = sizeIndex >= 0 ? Number(args[sizeIndex + 1]) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new UsageError('--batch-size must be an integer from 1 to 10000');
  const config = parseEnv(env);

  return withDatabase(config, async (pool, _dataSource, url) => {
    const store = new PostgresEventStore(pool, new UpcasterRegistry(), {}, false);
    const head = await store.headPosition();
    out.write(`Rebuilding the timeline read models from ${head} log positions\n`);
    let lastPrinted = 0;
    const result = await rebuildReadModel({
      connectionString: url,
      store,
      batchSize,
      dropPrevious: !args.includes('--keep-previous'),
      logger: {
        log: (message) => out.write(`${message}\n`),
        warn: (message) => out.write(`warning: ${message}\n`),
        error: (message) => out.write(`error: ${message}\n`),
      },
      onProgress: (progress) => {
        if (progress.elapsedSeconds - lastPrinted < 1 && progress.phase === 'projecting') return;
        lastPrinted = progress.elapsedSeconds;
        const rate = progress.events / Math.max(progress.elapsedSeconds, 1e-9);
        out.write(
          `  ${progress.phase} ${progress.schema}: ${progress.events} events, at position ${progress.checkpoint.position}` +
            ` (${Math.round(rate)} events/s)\n`,
        );
      },
    });
    out.write(
      `Done: ${result.schema} is active (was ${result.previousSchema}${result.previousDropped ? ', dropped' : ', kept'}); ` +
        `${result.events} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s\n`,
    );
    return result;
  });
}

/** Mistakes of the person typing (exit code 2), as opposed to failures (exit code 1). */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof ConfigError;
}
