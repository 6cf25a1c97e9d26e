import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { readModelDdl } from '../src/timelines/read-model/read-model-ddl';

const EVENTS = process.env.BENCH_EVENTS ?? process.env.BENCH_TIMELINE_EVENTS;
/** A smaller log (BENCH_EVENTS) is kept in a database of its own, beside the 1M one. */
export const BENCH_DATABASE =
  process.env.BENCH_TIMELINE_DATABASE ??
  (EVENTS && Number(EVENTS) !== 1_000_000 ? `dtl_bench_timeline_${Number(EVENTS)}` : 'dtl_bench_timeline');

export interface CachedDatabase {
  url: string;
  /** Where it runs, for the printed report. */
  server: string;
  /** True when the database was (re)created empty by this run. */
  created: boolean;
  close(): Promise<void>;
}

/**
 * The named benchmark database, kept between runs so that the 1M-event log is generated once: on
 * the server named by BENCH_DATABASE_URL or DATABASE_URL, otherwise on an embedded PostgreSQL whose
 * data directory is kept in the temp folder. `fresh` (or a log written by another generator
 * version) drops and recreates it.
 */
export async function cachedBenchDatabase(options: {
  fresh: boolean;
  logFingerprint: string;
}): Promise<CachedDatabase> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl = given;
  let stopEmbedded = async () => undefined as void;
  if (!serverUrl) {
    const dir = join(tmpdir(), 'dtl-bench-timeline-pg');
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755); // initdb runs as the postgres user and must reach the directory
    const embedded = await startEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      port: 0,
      database: 'postgres',
      settings: { max_connections: '100' },
    });
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;

  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  let created = false;
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DATABASE])).rowCount! > 0;
    let keep = exists && !options.fresh;
    if (keep) {
      const stored = await readMeta<string>(url.toString(), 'log_fingerprint');
      if (stored !== options.logFingerprint) {
        console.log(
          stored
            ? 'The cached database was made by another generator version or other migrations: regenerating.'
            : 'The cached log is incomplete: regenerating.',
        );
        keep = false;
      }
    }
    if (!keep) {
      if (exists) await admin.query(`DROP DATABASE ${BENCH_DATABASE} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
      created = true;
    }
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(dataSourceOptions(url.toString(), 2));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS bench_timeline_meta (key text PRIMARY KEY, value jsonb NOT NULL)');
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  return {
    url: url.toString(),
    server: `${given ? 'PostgreSQL server from BENCH_DATABASE_URL/DATABASE_URL' : 'embedded PostgreSQL'} ${rows[0]!.server_version}`,
    created,
    close: stopEmbedded,
  };
}

export async function readMeta<T>(url: string, key: string): Promise<T | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('bench_timeline_meta') AS t`);
    if (!table.rows[0]?.t) return undefined;
    const { rows } = await client.query<{ value: T }>('SELECT value FROM bench_timeline_meta WHERE key = $1', [key]);
    return rows[0]?.value;
  } finally {
    await client.end();
  }
}

export async function writeMeta(url: string, key: string, value: unknown): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO bench_timeline_meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, JSON.stringify(value)],
    );
  } finally {
    await client.end();
  }
}

const hash = (parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
const source = (path: string) => readFileSync(resolve(process.cwd(), path), 'utf8');

/** What the read model depends on: its DDL and the projection code that writes it. */
export function readModelFingerprint(): string {
  return hash([
    readModelDdl('rm_1').join('\n'),
    ...[
      'event-version-mapping.ts',
      'read-model.repository.ts',
      'projection-batch.ts',
      'actor-row-mapping.ts',
      'rebuild.ts',
    ].map((file) => source(`src/timelines/projection/${file}`)),
  ]);
}

/**
 * What the cached database depends on besides the generator: the migrations (edited in place
 * before a release, and a migrated database never runs them again).
 */
export function logFingerprint(parts: string[]): string {
  const dir = resolve(process.cwd(), 'src/database/migrations');
  const migrations = readdirSync(dir)
    .filter((file) => /^\d+-.*\.ts$/.test(file))
    .sort()
    .map((file) => readFileSync(join(dir, file), 'utf8'));
  return hash([...parts, ...migrations]);
}
