import 'reflect-metadata';
import { ConfigError, parseEnv } from './config/env';
import { seedDemo } from './admin/seed/seed-demo';
import { describeSeed } from './cli/seed-demo';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { ActorCommandsService } from './editorial/actor-commands.service';
import { EventCommandsService } from './editorial/event-commands.service';
import { PostgresEventStore } from './event-store/event-store';
import { startService } from './service';

async function main(): Promise<void> {
  const config = parseEnv(process.env);
  const service = await startService(config);
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

  const stop = (signal: NodeJS.Signals) => {
    service.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Start-up errors are for a person reading a terminal: the message, not a stack, when it is ours.
  if (error instanceof ConfigError || error instanceof EmbeddedPostgresError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
});
