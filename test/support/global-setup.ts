import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';
import { prepareTemplateDatabase, testRunId } from './test-database';
import { buildWebBundle } from './web-bundle';

/**
 * Tests use the server named by TEST_DATABASE_URL (or DATABASE_URL) when there is one, and
 * otherwise start an embedded PostgreSQL of their own, in a fresh temporary directory, on a free
 * port, so two runs never share a data directory or a port. The e2e and browser tiers serve the
 * pages, so the pages are built first (./web-bundle.ts).
 */
export default async function globalSetup(): Promise<void> {
  await buildWebBundle();
  process.env.TEST_RUN_ID = testRunId();
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'dtl-test-pg-'));
    await chmod(dir, 0o755); // initdb runs as the postgres user and must reach the directory
    const embedded = await startEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      port: 0,
      database: 'postgres',
      // A throwaway cluster: durability buys nothing here and costs seconds.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    (globalThis as { __EMBEDDED_PG__?: { handle: EmbeddedPostgresHandle; dir: string } }).__EMBEDDED_PG__ = {
      handle: embedded,
      dir,
    };
    serverUrl = embedded.url;
  }
  process.env.TEST_SERVER_URL = serverUrl;
  await prepareTemplateDatabase(serverUrl, process.env.TEST_RUN_ID);
}

export async function stopEmbedded(): Promise<void> {
  const state = (globalThis as { __EMBEDDED_PG__?: { handle: EmbeddedPostgresHandle; dir: string } }).__EMBEDDED_PG__;
  if (!state) return;
  await state.handle.stop();
  await rm(state.dir, { recursive: true, force: true });
}
