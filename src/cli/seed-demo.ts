import { seedDemo, type SeedSummary } from '../admin/seed/seed-demo';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { commandServices } from '../editorial/command-services';
import { defineCli } from './run-cli';

const USAGE = `Usage:
  npm run seed:demo
  npm run seed:demo -- --help

Records the 19 July 2022 Tehran talks through the admin commands (idempotent: a second run adds
nothing). Takes no arguments.`;

export const seedDemoCli = defineCli({
  command: 'npm run seed:demo',
  usage: USAGE,
  options: {},
  run: async (_args, { env, stdout }) => {
    const summary = await withDatabase(parseEnv(env), async (pool) => {
      const services = commandServices(pool);
      return seedDemo(services.store, services);
    });
    stdout.write(`${describeSeed(summary)}\n`);
    return summary;
  },
});

export function describeSeed(summary: SeedSummary): string {
  return summary.actorsRegistered + summary.eventsRecorded + summary.corrections === 0
    ? 'Demo data is there already: nothing to do.'
    : `Demo data: ${summary.actorsRegistered} actors registered, ${summary.eventsRecorded} events recorded, ${summary.corrections} corrections.`;
}
