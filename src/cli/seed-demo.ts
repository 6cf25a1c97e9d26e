import { seedDemo, type SeedSummary } from '../admin/seed/seed-demo';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { commandServices } from '../editorial/command-services';

export async function seedDemoCommand(env: NodeJS.ProcessEnv): Promise<SeedSummary> {
  return withDatabase(parseEnv(env), async (pool) => {
    const services = commandServices(pool);
    return seedDemo(services.store, services);
  });
}

export function describeSeed(summary: SeedSummary): string {
  return summary.actorsRegistered + summary.eventsRecorded + summary.corrections === 0
    ? 'Demo data is there already: nothing to do.'
    : `Demo data: ${summary.actorsRegistered} actors registered, ${summary.eventsRecorded} events recorded, ${summary.corrections} corrections.`;
}
