import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Pool } from 'pg';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** `viewer`: the calling key's name and role, what the editor console (/admin) offers by. */
let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { runProjector: false });
});
afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

const VIEWER = '{ viewer { name role } }';

describe('the viewer query', () => {
  it.each(['reader', 'editor', 'admin'] as const)('answers a %s key with its name and role', async (role) => {
    const name = `viewer-${role}`;
    const answer = await graphql(service, VIEWER, {}, await apiKeyHeader(service, role, name));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ viewer: { name, role } });
  });

  it('is UNAUTHENTICATED without a key, though other queries are open', async () => {
    const answer = await graphql(service, VIEWER);
    expect(answer.data).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await graphql(service, '{ actors { edges { cursor } } }')).errors).toBeUndefined();
  });

  it.each([
    ['an unknown key', 'Bearer dtl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed header', 'Basic dXNlcjpwYXNz'],
    ['an oversized header', `Bearer ${'k'.repeat(10_000)}`],
  ])('is UNAUTHENTICATED with %s', async (_case, authorization) => {
    const answer = await graphql(service, VIEWER, {}, { authorization });
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(answer.data).toBeNull();
  });

  it('is UNAUTHENTICATED with a revoked key', async () => {
    const pool = new Pool({ connectionString: service.databaseUrl, max: 1 });
    try {
      const keys = new ApiKeysRepository(pool);
      const { key } = await keys.create('revoked-viewer', 'editor');
      expect(await keys.revoke('revoked-viewer')).toBe(true);
      const answer = await graphql(service, VIEWER, {}, { authorization: `Bearer ${key}` });
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      await pool.end();
    }
  });
});
