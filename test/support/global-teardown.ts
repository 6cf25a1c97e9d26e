import { stopEmbedded } from './global-setup';
import { dropRunDatabases } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_SERVER_URL;
  const runId = process.env.TEST_RUN_ID;
  if (serverUrl && runId) await dropRunDatabases(serverUrl, runId);
  await stopEmbedded();
}
