import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keysCli } from '../../src/cli/keys';
import { runCli } from '../../src/cli/run-cli';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

/** As `npm run keys -- ...` runs it: what it writes on stdout and stderr, and its exit code. */
async function keys(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(keysCli, args, {
    env: { DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    cwd: process.cwd(),
  });
  return { out, err, code };
}

describe('npm run keys', () => {
  it('creates a key that is printed once and works at once', async () => {
    const { out, err, code } = await keys('create', '--name', 'alice', '--role', 'admin');
    expect([code, err]).toEqual([0, '']);
    const key = /\n {2}(dtl_\S+)\n/.exec(out)?.[1];
    expect(key).toBeDefined();
    const { rows } = await db.pool.query('SELECT key_hash, key_prefix FROM api_keys WHERE name = $1', ['alice']);
    expect(rows[0].key_hash).not.toContain(key!.slice(4)); // only a hash is stored
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    const answer = await graphql(service, '{ log(first: 1) { caughtUp } }', {}, { authorization: `Bearer ${key}` });
    expect(answer.errors).toBeUndefined();
  });

  it('lists names, roles and prefixes but never keys', async () => {
    await keys('create', '--name', 'bob', '--role', 'reader');
    const { out } = await keys('list');
    expect(out).toMatch(/^alice\tadmin\tdtl_\S{6}…\tcreated \S+\tactive$/m);
    expect(out).toMatch(/^bob\treader\t/m);
    expect(out).not.toMatch(/dtl_\S{20,}/);
  });

  it('revokes a key so that it stops working', async () => {
    const { out } = await keys('create', '--name', 'carol', '--role', 'admin');
    const key = /\n {2}(dtl_\S+)\n/.exec(out)![1]!;
    expect((await keys('revoke', 'carol')).out).toBe('Revoked "carol".\n');
    // A fresh service instance has no cache: the key is refused at once.
    const fresh = await startTestApp(db);
    try {
      const answer = await graphql(fresh, '{ log(first: 1) { caughtUp } }', {}, { authorization: `Bearer ${key}` });
      expect(answer.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    } finally {
      await fresh.shutdown();
    }
    expect((await keys('list')).out).toMatch(/^carol\tadmin\t.*\trevoked \S+$/m);
  });

  it('explains mistakes in one line on stderr: exit code 2 for arguments, 1 for a refusal', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['create', '--name', 'dave', '--role', 'owner'], 2, /^--role must be one of reader, editor, admin/],
      [['create', '--role', 'admin'], 2, /^--name is required/],
      [['create', '--name', 'bad name', '--role', 'admin'], 2, /^--name is required: 1 to 64 letters/],
      [['create', '--name', 'dave', '--name', 'erin', '--role', 'admin'], 2, /^--name is given twice/],
      [['create', '--name', 'dave', '--role', 'admin', '--force'], 2, /^unknown option --force/],
      [['create', '--name', '--role', 'admin'], 2, /^--name needs a value/],
      [['list', '--role', 'admin'], 2, /^--role is for create only/],
      [['revoke'], 2, /^revoke needs the name of the key/],
      [['revoke', 'alice', 'bob'], 2, /^one key at a time/],
      [['rotate'], 2, /^unknown command "rotate": create, list or revoke/],
      [[], 2, /^which command\? create, list or revoke/],
      [['create', '--name', 'alice', '--role', 'admin'], 1, /^an active key named "alice" exists already/],
      [['revoke', 'nobody'], 1, /^no active key named "nobody"\n$/],
    ];
    for (const [args, code, message] of cases) {
      const answer = await keys(...args);
      expect({ args, code: answer.code, out: answer.out }).toEqual({ args, code, out: '' });
      expect(answer.err).toMatch(message);
      expect(answer.err.trimEnd().split('\n')).toHaveLength(1);
      if (code === 2) expect(answer.err).toContain('(see: npm run keys -- --help)');
    }
    // Nothing was created by the refused commands.
    expect((await keys('list')).out).not.toMatch(/^(dave|erin)\t/m);
  });

  it('prints its usage on --help (exit code 0), whatever else is on the line', async () => {
    for (const args of [['--help'], ['-h'], ['create', '--name', 'x', '--help'], ['rotate', '--help']]) {
      const { out, err, code } = await keys(...args);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toMatch(/^Usage:\n {2}npm run keys -- create --name <name> --role <reader\|editor\|admin>/);
    }
  });

  it('refuses a bad configuration with its message and exit code 1', async () => {
    let err = '';
    const code = await runCli(keysCli, ['list'], {
      env: { DATABASE_URL: db.url, PORT: 'eighty' },
      stdout: { write: () => true },
      stderr: { write: (text: string) => (err += text) },
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    expect(err).toMatch(/^Invalid configuration:\n {2}- PORT/);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
