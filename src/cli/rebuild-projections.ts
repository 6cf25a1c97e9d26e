import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import { UpcasterRegistry } from '../event-store/upcasters';
import {
  describePhases,
  rebuildReadModel,
  RebuildInProgressError,
  type RebuildResult,
} from '../timelines/projection/rebuild';
import { defineCli, integerIn, type Output } from './run-cli';

const USAGE = `Usage:
  npm run projections:rebuild [-- [--batch-size <1-10000>] [--keep-previous]]
  npm run projections:rebuild -- --help

Projects the whole event log into a new read-model generation beside the active one, swaps it in
and drops the old one (--keep-previous keeps it). The service keeps serving (and projecting)
meanwhile. --batch-size: events per batch (default 1000).`;

async function rebuild(
  env: NodeJS.ProcessEnv,
  out: Output,
  batchSize: number,
  dropPrevious: boolean,
): Promise<RebuildResult> {
  return withDatabase(parseEnv(env), async (pool, _dataSource, url) => {
    const store = new PostgresEventStore(pool, new UpcasterRegistry(), {}, false);
    const head = await store.headPosition();
    out.write(`Rebuilding the timeline read models from ${head} log positions\n`);
    let lastPrinted = 0;
    const result = await rebuildReadModel({
      connectionString: url,
      store,
      batchSize,
      dropPrevious,
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
        `${result.events} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s ` +
        `(${describePhases(result.phases)})\n`,
    );
    return result;
  });
}

export const rebuildProjectionsCli = defineCli({
  command: 'npm run projections:rebuild',
  usage: USAGE,
  options: {
    'batch-size': { type: 'string' },
    'keep-previous': { type: 'boolean' },
  },
  knownErrors: [RebuildInProgressError],
  run: ({ values }, { env, stdout }) => {
    const batchSize =
      values['batch-size'] === undefined ? 1000 : integerIn('--batch-size', values['batch-size'], 1, 10_000);
    return rebuild(env, stdout, batchSize, !values['keep-previous']);
  },
});
