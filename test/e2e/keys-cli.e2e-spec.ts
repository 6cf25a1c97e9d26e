import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isUsageError, keysCommand } from '../../src/cli/keys';
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

async function keys(...args: string[]): Promise<{ out: string; error?: Error }> {
  let out = '';
  try {
    await keysCommand(args, { DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, { write: (text) => (out += text) });
    return { out };
  } catch (error) {
    return { out, error: error as Error };
  }
}

describe('npm run keys', () => {
  it('creates a key that is printed once and works at once', async () => {
    const { out } = await keys('create', '--name', 'alice', '--role', 'admin');
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

  it('explains mistakes', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['create', '--name', 'dave', '--role', 'owner'], /--role must be one of reader, editor, admin/],
      [['create', '--role', 'admin'], /--name is required/],
      [['create', '--name', 'bad name', '--role', 'admin'], /--name is required: 1 to 64 letters/],
      [['create', '--name', 'alice', '--role', 'admin'], /an active key named "alice" exists already/],
      [['revoke', 'nobody'], /no active key named "nobody"/],
      [['rotate'], /Usage:/],
    ];
    for (const [args, message] of cases) {
      const { error } = await keys(...args);
      expect(isUsageError(error)).toBe(true);
      expect(error!.message).toMatch(message);
    }
  });
});
