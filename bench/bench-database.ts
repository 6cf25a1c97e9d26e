import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the printed report. */
  server: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on the server named by BENCH_DATABASE_URL or
 * DATABASE_URL, otherwise on an embedded PostgreSQL with default (durable) settings.
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl = given;
  let cleanup = async () => undefined as void;
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'dtl-bench-pg-'));
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: 0, database: 'postgres' });
    serverUrl = embedded.url;
    cleanup = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const database = `${name}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const dataSource = new DataSource(dataSourceOptions(url.toString(), 2));
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  const version = new Client({ connectionString: url.toString() });
  await version.connect();
  const { rows } = await version.query<{ server_version: string }>('SHOW server_version');
  await version.end();
  return {
    url: url.toString(),
    server: `${given ? 'PostgreSQL server from BENCH_DATABASE_URL/DATABASE_URL' : 'embedded PostgreSQL'} ${rows[0]!.server_version}`,
    async close() {
      const drop = new Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await drop.end();
      await cleanup();
    },
  };
}
