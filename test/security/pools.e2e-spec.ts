import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Reads that pile up behind a lock (or a slow statement) use up the read pool only: each one is
 * answered SERVICE_UNAVAILABLE once its lock, statement or pool-wait limit runs out, never left
 * hanging, while writes, health and the projector keep their own connections.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;

const READ = `{ timeline(first: 5) { edges { cursor node { id title } } } }`;
const REGISTER = `mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId version } }`;

async function logSize(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return rows[0]!.n;
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, {
    databasePoolSize: 2,
    databaseReadTimeoutMs: 3_000,
    databaseLockTimeoutMs: 1_000,
    databaseConnectTimeoutMs: 1_000,
  });
  editor = await apiKeyHeader(service, 'editor');
}, 120_000);

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

describe('reads blocked behind an ACCESS EXCLUSIVE lock on the read model', () => {
  it('answer SERVICE_UNAVAILABLE, while a write and readiness still succeed; all is back after the lock goes', async () => {
    expect((await graphql(service, READ)).errors).toBeUndefined();
    const holder = new Client({ connectionString: db.url, application_name: 'pools-test-lock-holder' });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rm_1.event_versions IN ACCESS EXCLUSIVE MODE');
      const before = await logSize();

      // Three times the read pool: some wait on the lock, the others for a connection.
      const answers: GraphQLResponse[] = await Promise.all(Array.from({ length: 6 }, () => graphql(service, READ)));
      for (const answer of answers) {
        expect(answer.status).toBeLessThan(500);
        expect(answer.data?.timeline ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          retryAfterSeconds: expect.any(Number),
        });
        expect(['lock_timeout', 'statement_timeout', 'pool_exhausted']).toContain(
          answer.errors![0]!.extensions!.reason,
        );
        expect(answer.errors![0]!.message).toMatch(/try again/);
        expect(answer.errors![0]!.message).not.toMatch(/rm_1|event_versions|lock/);
      }
      expect(await logSize()).toBe(before); // refused reads appended nothing

      // The write pool is not the read pool.
      const written = await graphql(
        service,
        REGISTER,
        { input: { kind: 'STATE', name: 'Pooltopia', country: 'NOR' } },
        editor,
      );
      expect(written.errors).toBeUndefined();
      expect(written.data!.registerActor.version).toBe(1);
      expect(await logSize()).toBe(before + 1);

      // Nor is health's.
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(200);
      const stillBlocked = await graphql(service, READ);
      expect(stillBlocked.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }

    const after = await graphql(service, READ);
    expect(after.errors).toBeUndefined();
    expect(Array.isArray(after.data!.timeline.edges)).toBe(true);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  }, 120_000);
});
