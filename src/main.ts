// First: V8's heap growth is set before the rest loads (heap-tuning.ts).
import './heap-tuning';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { parseEnv, type AppConfig } from './config/env';
import { seedDemo } from './admin/seed/seed-demo';
import { describeSeed } from './cli/seed-demo';
import { EmbeddedPostgresError, stopEmbeddedPostgresNow } from './database/embedded-postgres';
import { ActorCommandsService } from './editorial/actor-commands.service';
import { EventCommandsService } from './editorial/event-commands.service';
import { PostgresEventStore } from './event-store/event-store';
import {
  ClusterStartError,
  killWorkersNow,
  startPrimary,
  WORKER_READY,
  WORKER_SHUTDOWN,
  type RunningPrimary,
} from './cluster-primary';
import { handleProcessExits } from './process-exits';
import { startService, type RunningService } from './service';

// Synchronous: the last lines before process.exit() must not be lost in a buffer.
const destination = pino.destination({ fd: 1, sync: true });
destination.on('error', () => undefined); // a closed stdout (SIGHUP from a gone terminal) must not crash the exit
const log = pino({ base: { pid: process.pid } }, destination);

// Read here only: parsed once; the cluster primary also derives its workers' settings from it.
const environment = process.env;
let config: AppConfig;
try {
  config = parseEnv(environment);
} catch (error) {
  // A ConfigError names each bad variable: the message is all a person needs.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
log.level = config.logLevel;

// WEB_CONCURRENCY > 1 (or unset on a machine with several cores): this process is the primary of
// a cluster; its workers run this file again and take the single-process path below.
const cores = availableParallelism();
if (cluster.isPrimary && (config.webConcurrency ?? cores) > 1) runPrimary(config);
else runService(config);

function runPrimary(config: AppConfig): void {
  const exits = handleProcessExits({
    log,
    shutdown: async () => (await starting.catch(() => undefined))?.shutdown(),
    stopDatabaseNow: async () => {
      killWorkersNow();
      await stopEmbeddedPostgresNow();
    },
    // The workers' own deadline, then the primary's to stop PostgreSQL.
    shutdownDeadlineMs: config.shutdownTimeoutMs + 20_000,
  });
  // No signal can arrive before this line runs: the handlers above see it assigned.
  const starting: Promise<RunningPrimary> = startPrimary({
    env: environment,
    config,
    cores,
    log,
    onGiveUp: (reason) => {
      log.error({ reason }, 'Workers keep dying: shutting down');
      exits.leave(1, 'crash loop');
    },
  });
  starting.then(
    (primary) => log.info({ workers: primary.workers }, `Primary ${process.pid} runs ${primary.workers} workers`),
    (error: unknown) => {
      if (error instanceof EmbeddedPostgresError || error instanceof ClusterStartError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
      }
      exits.leave(1, 'start failed');
    },
  );
}

function runService(config: AppConfig): void {
  let starting: Promise<RunningService> | undefined;
  const exits = handleProcessExits({
    log,
    // A signal during start waits for the start to settle, then shuts down what started.
    shutdown: async (reason) => (await starting?.catch(() => undefined))?.shutdown(reason),
    stopDatabaseNow: stopEmbeddedPostgresNow,
    shutdownDeadlineMs: config.shutdownTimeoutMs + 10_000,
  });
  // In a worker, the primary asks for the shutdown (see cluster-primary.ts).
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === WORKER_SHUTDOWN) exits.leave(0, 'primary asked');
  });

  const main = async (): Promise<void> => {
    starting = startService(config);
    const service = await starting;
    // The first worker of a cluster seeds, once; a restarted one has another id.
    if (process.argv.includes('--demo') && (config.workerId ?? 1) === 1) {
      const summary = await seedDemo(service.app.get(PostgresEventStore), {
        actors: service.app.get(ActorCommandsService),
        events: service.app.get(EventCommandsService),
      });
      process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: describeSeed(summary) })}\n`);
    }
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), msg: `Listening on ${service.url} (GraphQL at ${service.url}/graphql)` })}\n`,
    );
    process.send?.({ type: WORKER_READY });
  };

  main().catch((error: unknown) => {
    // Start-up errors are for a person reading a terminal: the message, not a stack, when it is ours.
    if (error instanceof EmbeddedPostgresError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    exits.leave(1, 'start failed');
  });
}
