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
  /** The log's fingerprint with every migration applied: stored (log_fingerprint) once the log is written. */
  logFingerprint: string;
  close(): Promise<void>;
}

/**
 * The named benchmark database, kept between runs so that the 1M-event log is generated once: on
 * the server named by BENCH_DATABASE_URL or DATABASE_URL, otherwise on an embedded PostgreSQL whose
 * data directory is kept in the temp folder. `fresh` (or a log written by another generator
 * version, or under migrations that changed since, see logFingerprint) drops and recreates it.
 * `logParts` name the generator's version and settings.
 */
export async function cachedBenchDatabase(options: {
  fresh: boolean;
  logParts: string[];
  /** Another database than BENCH_DATABASE (bench:rebuild keeps its own copy of the log). */
  database?: string;
}): Promise<CachedDatabase> {
  const database = options.database ?? BENCH_DATABASE;
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
  url.pathname = `/${database}`;

  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  let created = false;
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount! > 0;
    let keep = exists && !options.fresh;
    if (keep) {
      const stored = await readMeta<string>(url.toString(), 'log_fingerprint');
      const applied = await withClient(url.toString(), appliedMigrations);
      if (stored !== logFingerprint(options.logParts, applied)) {
        console.log(
          stored
            ? 'The cached database was made by another generator version or other migrations: regenerating.'
            : 'The cached log is incomplete: regenerating.',
        );
        keep = false;
      }
    }
    if (!keep) {
      if (exists) await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
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
  const { version, fingerprint } = await withClient(url.toString(), async (client) => {
    await client.query('CREATE TABLE IF NOT EXISTS bench_timeline_meta (key text PRIMARY KEY, value jsonb NOT NULL)');
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return {
      version: rows[0]!.server_version,
      fingerprint: logFingerprint(options.logParts, await appliedMigrations(client)),
    };
  });
  // A kept log stays valid under the migrations just applied (the next run counts them).
  if (!created) await writeMeta(url.toString(), 'log_fingerprint', fingerprint);
  return {
    url: url.toString(),
    server: `${given ? 'PostgreSQL server from BENCH_DATABASE_URL/DATABASE_URL' : 'embedded PostgreSQL'} ${version}`,
    created,
    logFingerprint: fingerprint,
    close: stopEmbedded,
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
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
 * What the cached log depends on besides the generator (`parts`): the migrations the database had
 * applied, as their files read now. A migration is edited in place before a release, and a migrated
 * database never runs it again, so an applied one that changed means regenerating; one not applied
 * yet (a new read-model migration, say) is simply applied to the cached database by the next run.
 * With every migration applied it is the hash of all of them, as it was before only applied ones
 * counted, so a cached log made then is kept.
 */
export function logFingerprint(parts: string[], applied: readonly string[]): string {
  const dir = resolve(process.cwd(), 'src/database/migrations');
  // A migration's class name is its file's name and timestamp: 1795920000000-TimelinePageColumns.ts
  // holds TimelinePageColumns1795920000000.
  const files = new Map(
    readdirSync(dir)
      .filter((file) => /^\d+-.*\.ts$/.test(file))
      .map((file) => {
        const [, timestamp, name] = /^(\d+)-(.*)\.ts$/.exec(file)!;
        return [`${name}${timestamp}`, file] as const;
      }),
  );
  const migrations = applied
    .map((name) => files.get(name) ?? `${name} (no file)`)
    .sort()
    .map((file) => (file.endsWith('.ts') ? readFileSync(join(dir, file), 'utf8') : file));
  return hash([...parts, ...migrations]);
}

/** The names of the migrations the database has applied (none when it has no migrations table yet). */
async function appliedMigrations(client: Client): Promise<string[]> {
  const table = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table.rows[0]?.t) return [];
  const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
  return rows.map((row) => row.name);
}
