import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { ImportJobsService } from '../../src/admin/import/import-jobs.service';
import { MAX_IMPORT_CONTENT_BYTES } from '../../src/imports/limits';
import type { RunningService } from '../../src/service';
import { GatedContent, meetingsNdjson } from '../support/import-jobs';
import { expectRefused } from '../support/refusals';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Import jobs under attack: only an admin starts or reads one; content over 5 MB or not of its
 * format starts none; a malformed or unknown id is refused; a principal, or a process, past its
 * running jobs gets a clear refusal that starts nothing; a job whose process died reads as
 * abandoned and frees its principal's place.
 */
const START = `
  mutation Start($format: ImportFormat!, $content: String!, $dryRun: Boolean) {
    startImport(format: $format, content: $content, dryRun: $dryRun) { id status }
  }`;
const JOB = `query Job($id: ID!) { importJob(id: $id) { id status } }`;
const INNOCENT = '{ timeline(first: 1) { edges { cursor } } }';

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
const context = () => ({ db, service, innocent: INNOCENT });
const jobCount = async () =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs')).rows[0]!.n;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin', 'jobs-attacked');
});
afterAll(async () => {
  await service?.app.get(ImportJobsService).settled();
  await service?.shutdown();
  await db.drop();
});

/** A row as a job of this principal running in another process leaves it. */
async function runningElsewhere(principal: string, heartbeatAgo = '0 seconds'): Promise<string> {
  const id = randomUUID();
  await db.pool.query(
    `INSERT INTO import_jobs (id, principal, format, dry_run, all_events, cluster, content_bytes, runner, status, heartbeat_at)
     VALUES ($1, $2, 'ndjson', false, false, 'day', 10, 'elsewhere:1', 'running', now() - $3::interval)`,
    [id, principal, heartbeatAgo],
  );
  return id;
}

describe('who may start and read import jobs', () => {
  it('refuses anonymous, reader and editor keys, starting nothing', async () => {
    const content = meetingsNdjson(2);
    const anonymous = () => graphql(service, START, { format: 'NDJSON', content });
    await expectRefused(context(), anonymous, 'UNAUTHENTICATED');
    for (const role of ['reader', 'editor'] as const) {
      const key = await apiKeyHeader(service, role);
      await expectRefused(context(), () => graphql(service, START, { format: 'NDJSON', content }, key), 'FORBIDDEN');
      await expectRefused(context(), () => graphql(service, JOB, { id: randomUUID() }, key), 'FORBIDDEN');
      await expectRefused(context(), () => graphql(service, '{ importJobs { id } }', {}, key), 'FORBIDDEN');
    }
    await expectRefused(context(), () => graphql(service, JOB, { id: randomUUID() }), 'UNAUTHENTICATED');
    expect(await jobCount()).toBe(0);
  });
});

describe('what startImport takes', () => {
  it('refuses content over 5 MB before anything starts', async () => {
    const content = 'x'.repeat(MAX_IMPORT_CONTENT_BYTES + 1);
    await expectRefused(
      context(),
      async () => {
        const response = await graphql(service, START, { format: 'NDJSON', content }, admin);
        expect(response.errors![0]!.extensions).toMatchObject({ maxBytes: MAX_IMPORT_CONTENT_BYTES });
        expect(response.errors![0]!.message).toMatch(/startImport takes at most 5 MB/);
        return response;
      },
      'BAD_USER_INPUT',
      'content',
    );
    expect(await jobCount()).toBe(0);
  });

  it('refuses content that is not its format, or empty, before anything starts', async () => {
    for (const [format, content] of [
      ['NDJSON', '<html><script>alert(1)</script></html>'],
      ['GDELT', meetingsNdjson(3)],
      ['ICEWS', ''],
    ]) {
      await expectRefused(
        context(),
        () => graphql(service, START, { format, content }, admin),
        'BAD_USER_INPUT',
        'content',
      );
    }
    expect(await jobCount()).toBe(0);
  });
});

describe('reading a job', () => {
  it('refuses a malformed id as bad input and an unknown one as not found', async () => {
    for (const id of ['', 'not-a-uuid', `${randomUUID()}x`, randomUUID().toUpperCase(), "1' OR '1'='1"]) {
      await expectRefused(context(), () => graphql(service, JOB, { id }, admin), 'BAD_USER_INPUT', 'id');
    }
    await expectRefused(context(), () => graphql(service, JOB, { id: randomUUID() }, admin), 'NOT_FOUND');
  });

  it('lists at most 50 jobs', async () => {
    for (const first of [0, -1, 51, 2 ** 31 - 1]) {
      await expectRefused(
        context(),
        () => graphql(service, 'query ($first: Int) { importJobs(first: $first) { id } }', { first }, admin),
        'BAD_USER_INPUT',
        'first',
      );
    }
  });
});

describe('the running-jobs limits', () => {
  it("refuses a principal's third running job on any instance with CONFLICT; abandoned ones do not count", async () => {
    const principal = 'apikey:jobs-attacked';
    const first = await runningElsewhere(principal);
    const second = await runningElsewhere(principal);
    const jobs = await jobCount();
    await expectRefused(
      context(),
      async () => {
        const response = await graphql(service, START, { format: 'NDJSON', content: meetingsNdjson(2) }, admin);
        expect(response.errors![0]!.extensions).toMatchObject({ reason: 'TOO_MANY_IMPORT_JOBS', maxRunningJobs: 2 });
        return response;
      },
      'CONFLICT',
    );
    expect(await jobCount()).toBe(jobs);

    // Their processes died: a minute without a heartbeat and they read as abandoned.
    await db.pool.query(`UPDATE import_jobs SET heartbeat_at = now() - interval '61 seconds' WHERE id = ANY($1)`, [
      [first, second],
    ]);
    for (const id of [first, second]) {
      const { data } = await graphql(service, JOB, { id }, admin);
      expect(data!.importJob).toEqual({ id, status: 'ABANDONED' });
    }
    const started = await graphql(
      service,
      START,
      { format: 'NDJSON', content: meetingsNdjson(2), dryRun: true },
      admin,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startImport.status).toBe('RUNNING');
  });

  it('refuses a job past what one process runs with SERVICE_UNAVAILABLE, starting nothing', async () => {
    const jobsService = service.app.get(ImportJobsService);
    await jobsService.settled();
    const held = [new GatedContent(), new GatedContent()];
    for (const [i, content] of held.entries())
      await jobsService.start(content.stream, 0, {
        format: 'ndjson',
        dryRun: true,
        allEvents: false,
        cluster: 'day',
        principal: `apikey:holder-${i}`,
        role: 'admin',
      });
    const jobs = await jobCount();
    await expectRefused(
      context(),
      async () => {
        const response = await graphql(service, START, { format: 'NDJSON', content: meetingsNdjson(2) }, admin);
        expect(response.errors![0]!.extensions).toMatchObject({
          reason: 'IMPORT_JOBS_BUSY',
          maxRunningJobs: 2,
          retryAfterSeconds: 5,
        });
        return response;
      },
      'SERVICE_UNAVAILABLE',
    );
    expect(await jobCount()).toBe(jobs);
    for (const content of held) content.end(meetingsNdjson(1));
    await jobsService.settled();
    const after = await graphql(service, START, { format: 'NDJSON', content: meetingsNdjson(1), dryRun: true }, admin);
    expect(after.errors).toBeUndefined();
  });
});
