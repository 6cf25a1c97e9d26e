import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env';
import { dataSourceOptions } from './data-source-options';
import { embeddedUrl, runningEmbeddedPort, startEmbeddedPostgres } from './embedded-postgres';
import { pgPool, runMigrations } from './migrate';

export const EMBEDDED_DATABASE_NAME = 'diplomacy';

/**
 * For command-line tools (keys, seed, import, export): the database the service uses. With
 * DATABASE_URL, that server; otherwise the embedded PostgreSQL, reused when the service is running
 * on it, or started for the duration of the command. Migrations run first.
 */
export async function withDatabase<T>(
  config: AppConfig,
  work: (pool: Pool, dataSource: DataSource, url: string) => Promise<T>,
): Promise<T> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const port = runningEmbeddedPort(config.embeddedPgDir);
    if (port) {
      url = embeddedUrl(port, EMBEDDED_DATABASE_NAME);
    } else {
      const embedded = await startEmbeddedPostgres({
        dataDir: config.embeddedPgDir,
        port: config.embeddedPgPort,
        database: EMBEDDED_DATABASE_NAME,
      });
      url = embedded.url;
      stopEmbedded = () => embedded.stop();
    }
  }
  const dataSource = new DataSource(dataSourceOptions(url, 4));
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    return await work(pgPool(dataSource), dataSource, url);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stopEmbedded?.();
  }
}
