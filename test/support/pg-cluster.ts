import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * PostgreSQL servers a test owns: a primary and streaming standbys, made with this machine's
 * PostgreSQL binaries (initdb, pg_basebackup, pg_ctl) in a temporary folder, on free ports, for the
 * fault and replica tests (`npm run test:faults`). PostgreSQL refuses to run as root, so as root
 * every command runs as the `postgres` user (as the embedded PostgreSQL does).
 *
 * Where the binaries are missing the tests skip with `missingBinaries()`'s message, except in CI,
 * where a missing binary fails the run (see faultsAvailable).
 */
const CANDIDATE_BIN_DIRS = [process.env.PG_BIN_DIR, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'];

export function pgBinDir(): string | undefined {
  return CANDIDATE_BIN_DIRS.find(
    (dir): dir is string =>
      dir !== undefined && ['initdb', 'pg_ctl', 'pg_basebackup'].every((bin) => existsSync(join(dir, bin))),
  );
}

export function missingBinaries(): string | undefined {
  return pgBinDir()
    ? undefined
    : `PostgreSQL's initdb, pg_ctl and pg_basebackup were not found in ${CANDIDATE_BIN_DIRS.filter(Boolean).join(', ')} (set PG_BIN_DIR)`;
}

interface Owner {
  uid: number;
  gid: number;
}

/** As root: the postgres user's ids (PostgreSQL will not run as root); otherwise undefined (run as we are). */
function owner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

function run(bin: string, args: string[]): Promise<string> {
  const ids = owner();
  return new Promise((resolve, reject) => {
    const child = spawn(join(pgBinDir()!, bin), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${bin} ${args.join(' ')} exited ${code}: ${output}`)),
    );
  });
}

function ownedFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  const ids = owner();
  if (ids) chownSync(dir, ids.uid, ids.gid);
  return dir;
}

export class PgServer {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly role: 'primary' | 'standby',
  ) {}

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new primary that accepts streaming standbys, started. */
  static async primary(): Promise<PgServer> {
    const missing = missingBinaries();
    if (missing) throw new Error(missing);
    const dataDir = ownedFolder('dtl-pg-primary-');
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    const server = new PgServer(dataDir, await freePort(), 'primary');
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        `port = ${server.port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dataDir}'`,
        'wal_level = replica',
        'max_wal_senders = 8',
        'wal_keep_size = 256MB',
        'hot_standby = on',
        // A test's server: durability is not what it tests, speed on a loaded machine is.
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    appendFileSync(join(dataDir, 'pg_hba.conf'), 'host replication postgres 127.0.0.1/32 trust\n');
    await server.start();
    return server;
  }

  /** A streaming standby of this primary (pg_basebackup -R), started; `settings` go to its postgresql.conf. */
  async standby(settings: string[] = []): Promise<PgServer> {
    const dataDir = ownedFolder('dtl-pg-standby-');
    await run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '--no-sync',
      // The default spread checkpoint waits out checkpoint_completion_target (about 2.5 minutes on an idle server).
      '--checkpoint=fast',
    ]);
    const server = new PgServer(dataDir, await freePort(), 'standby');
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [`port = ${server.port}`, `unix_socket_directories = '${dataDir}'`, ...settings, ''].join('\n'),
    );
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** Stops the server: `fast` ends sessions and checkpoints; `immediate` is a crash (recovery on start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Stops the server if it runs and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Appends settings and reloads them (for settings a reload applies). */
  async configure(settings: string[]): Promise<void> {
    writeFileSync(join(this.dataDir, 'postgresql.auto.conf'), `${settings.join('\n')}\n`, { flag: 'a' });
    await run('pg_ctl', ['-D', this.dataDir, 'reload']);
  }
}
