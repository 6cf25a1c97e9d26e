import 'reflect-metadata';
import pino from 'pino';
import { parseEnv, type AppConfig } from './config/env';
import { seedDemo } from './admin/seed/seed-demo';
import { describeSeed } from './cli/seed-demo';
import { EmbeddedPostgresError, stopEmbeddedPostgresNow } from './database/embedded-postgres';
import { ActorCommandsService } from './editorial/actor-commands.service';
import { EventCommandsService } from './editorial/event-commands.service';
import { PostgresEventStore } from './event-store/event-store';
import { handleProcessExits } from './process-exits';
import { startService, type RunningService } from './service';

// Synchronous: the last lines before process.exit() must not be lost in a buffer.
const destination = pino.destination({ fd: 1, sync: true });
destination.on('error', () => undefined); // a closed stdout (SIGHUP from a gone terminal) must not crash the exit
const log = pino({ base: { pid: process.pid } }, destination);

let config: AppConfig;
try {
  config = parseEnv(process.env);
} catch (error) {
  // A ConfigError names each bad variable: the message is all a person needs.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
log.level = config.logLevel;

let starting: Promise<RunningService> | undefined;
const exits = handleProcessExits({
  log,
  // A signal during start waits for the start to settle, then shuts down what started.
  shutdown: async (reason) => (await starting?.catch(() => undefined))?.shutdown(reason),
  stopDatabaseNow: stopEmbeddedPostgresNow,
  shutdownDeadlineMs: config.shutdownTimeoutMs + 10_000,
});

async function main(): Promise<void> {
  starting = startService(config);
  const service = await starting;
  if (process.argv.includes('--demo')) {
    const summary = await seedDemo(service.app.get(PostgresEventStore), {
      actors: service.app.get(ActorCommandsService),
      events: service.app.get(EventCommandsService),
    });
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: describeSeed(summary) })}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), msg: `Listening on ${service.url} (GraphQL at ${service.url}/graphql)` })}\n`,
  );
}

main().catch((error: unknown) => {
  // Start-up errors are for a person reading a terminal: the message, not a stack, when it is ours.
  if (error instanceof EmbeddedPostgresError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  exits.leave(1, 'start failed');
});
