import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { IMPORT_JOB_LIMITS, type ImportJobLimits } from '../../src/admin/import/import-job-limits';
import { ImportJobsRepository, type ImportJobRow } from '../../src/admin/import/import-jobs.repository';
import { ImportJobsFullError, ImportJobsService, type StartImport } from '../../src/admin/import/import-jobs.service';
import { ImportService } from '../../src/admin/import/import.service';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventually } from '../support/eventually';
import { GatedContent, meetingsNdjson } from '../support/import-jobs';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Import jobs against PostgreSQL: a job started by one process ("instance A") is followed,
 * through the table import_jobs alone, by another with its own pool ("instance B"), as a
 * query answered by another worker or instance would be. Content handed over part by part
 * (GatedContent) holds a job running while the test looks at it.
 */
let db: TestDatabase;
let poolB: Pool;
/** Batches of 100 lines, so that `imported` moves while a job runs. */
const BATCH = 100;

const request = (principal: string, overrides: Partial<StartImport> = {}): StartImport => ({
  format: 'ndjson',
  dryRun: false,
  allEvents: false,
  cluster: 'day',
  principal,
  role: 'admin',
  ...overrides,
});

function jobsOn(pool: Pool, limits: Partial<ImportJobLimits> = {}): ImportJobsService {
  const store = new PostgresEventStore(pool);
  return new ImportJobsService(new ImportService(pool, store, BATCH), new ImportJobsRepository(pool), {
    ...IMPORT_JOB_LIMITS,
    ...limits,
  });
}

const eventCount = async () =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'EventRecorded'`)).rows[0]!.n;
const jobCount = async () =>
  (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs')).rows[0]!.n;

async function finished(jobs: ImportJobsService, id: string): Promise<ImportJobRow> {
  return eventually(`job ${id} to end`, async () => {
    const job = await jobs.find(id);
    return job && job.status !== 'running' && job;
  });
}

let a: ImportJobsService;
let b: ImportJobsService;
beforeAll(async () => {
  db = await createTestDatabase();
  poolB = new Pool({ connectionString: db.url, max: 2 });
  a = jobsOn(db.pool);
  b = jobsOn(poolB);
});
afterAll(async () => {
  await a?.settled();
  await b?.settled();
  await poolB?.end();
  await db.drop();
});

describe('an import job', () => {
  it('a dry run lists the rejects with their line numbers and appends nothing', async () => {
    const started = await a.startWith(Buffer.from(meetingsNdjson(5, [3])), request('apikey:ann', { dryRun: true }));
    expect(started).toMatchObject({ status: 'running', format: 'ndjson', dryRun: true, principal: 'apikey:ann' });
    const job = await finished(b, started.id);
    expect(job).toMatchObject({ status: 'succeeded', lines: 5, imported: 4, rejected: 1, error: null });
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(job.summary).toMatchObject({ dryRun: true, lines: 5, imported: 4, rejected: 1 });
    expect(job.summary!.rejects).toEqual([
      { lineNumber: 3, code: 'JSON', reason: expect.stringMatching(/^invalid JSON/) },
    ]);
    expect(await eventCount()).toBe(0);
  });

  it('shows its progress to another instance while it runs, then its summary; the good lines are imported', async () => {
    const content = new GatedContent();
    const started = await a.start(content.stream, 0, request('apikey:ann'));
    // 400 lines (about 180 KB, past the 64 KiB read before parsing), a bad one among them.
    content.write(meetingsNdjson(400, [250]));
    const seen = await eventually('progress in the table', async () => {
      const job = await b.find(started.id);
      return job && job.lines >= 300 && job.imported >= 200 && job;
    });
    expect(seen).toMatchObject({ status: 'running', rejected: 1, summary: null, finishedAt: null });
    expect(seen.bytesRead).toBeGreaterThan(64 * 1024);
    const listed = await b.recent(5);
    expect(listed[0]).toMatchObject({ id: started.id, status: 'running' });

    content.end(meetingsNdjson(100, [], 400));
    const job = await finished(b, started.id);
    expect(job).toMatchObject({ status: 'succeeded', lines: 500, imported: 499, rejected: 1 });
    expect(job.summary!.rejects).toEqual([{ lineNumber: 250, code: 'JSON', reason: expect.any(String) }]);
    expect(await eventCount()).toBe(499);
  });

  it('fails with a reason when the content is not the format, and appends nothing', async () => {
    const before = await eventCount();
    const started = await a.startWith(Buffer.from('<html><body>not NDJSON</body></html>\n'), request('apikey:ann'));
    const job = await finished(b, started.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^the content is not this format: /);
    expect(job.summary).toBeNull();
    expect(await eventCount()).toBe(before);
  });
});

describe('the limits on running jobs', () => {
  it('refuses a job past the limit of one process, adding nothing', async () => {
    const one = jobsOn(db.pool, { perProcess: 1 });
    const content = new GatedContent();
    const running = await one.start(content.stream, 0, request('apikey:bob'));
    const jobs = await jobCount();
    const refused = one.startWith(Buffer.from(meetingsNdjson(2)), request('apikey:cid'));
    await expect(refused).rejects.toThrow(ImportJobsFullError);
    await expect(refused).rejects.toMatchObject({ scope: 'process', limit: 1 });
    expect(await jobCount()).toBe(jobs);
    content.end(meetingsNdjson(2, [], 1_000));
    expect((await finished(one, running.id)).status).toBe('succeeded');
    // Its place is free again.
    const next = await one.startWith(Buffer.from(meetingsNdjson(2, [], 1_000)), request('apikey:cid'));
    expect((await finished(one, next.id)).status).toBe('succeeded');
  });

  it('refuses a principal past its limit on every instance, not another principal', async () => {
    const onA = jobsOn(db.pool, { perPrincipal: 1 });
    const onB = jobsOn(poolB, { perPrincipal: 1 });
    const content = new GatedContent();
    const running = await onA.start(content.stream, 0, request('apikey:dee'));
    const jobs = await jobCount();
    await expect(onB.startWith(Buffer.from(meetingsNdjson(2)), request('apikey:dee'))).rejects.toMatchObject({
      scope: 'principal',
      limit: 1,
    });
    expect(await jobCount()).toBe(jobs);
    const other = await onB.startWith(Buffer.from(meetingsNdjson(2, [], 2_000)), request('apikey:eve'));
    expect((await finished(onB, other.id)).status).toBe('succeeded');
    content.end(meetingsNdjson(2, [], 2_000));
    expect((await finished(onA, running.id)).status).toBe('succeeded');
  });

  it('reads a running job whose heartbeat stopped as abandoned, and no longer counts it', async () => {
    const onA = jobsOn(db.pool, { perPrincipal: 1 });
    // A job its process added before it died: running in the table, no one to end it.
    const repository = new ImportJobsRepository(db.pool);
    const id = randomUUID();
    await repository.add(
      {
        id,
        principal: 'apikey:fay',
        format: 'ndjson',
        dryRun: false,
        allEvents: false,
        cluster: 'day',
        contentBytes: 9,
        runner: 'gone:1',
      },
      onA.limits,
    );
    expect((await onA.find(id))!.status).toBe('running');
    await expect(onA.startWith(Buffer.from(meetingsNdjson(1)), request('apikey:fay'))).rejects.toThrow(
      ImportJobsFullError,
    );
    await db.pool.query(`UPDATE import_jobs SET heartbeat_at = now() - interval '61 seconds' WHERE id = $1`, [id]);
    expect((await b.find(id))!.status).toBe('abandoned');
    const next = await onA.startWith(Buffer.from(meetingsNdjson(1, [], 3_000)), request('apikey:fay'));
    expect((await finished(onA, next.id)).status).toBe('succeeded');
  });

  it('a running job stopped by a shutdown says so; what it committed stays', async () => {
    const stopping = jobsOn(db.pool);
    const before = await eventCount();
    const content = new GatedContent();
    const started = await stopping.start(content.stream, 0, request('apikey:gus'));
    content.write(meetingsNdjson(300, [], 4_000));
    await eventually('a batch imported', async () => ((await b.find(started.id))?.imported ?? 0) >= 100);
    const shutdown = stopping.beforeApplicationShutdown();
    content.write(meetingsNdjson(10, [], 4_300)); // the next chunk it reads ends it
    await shutdown;
    const job = await finished(b, started.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^the service stopped during the import; the batches committed before stay/);
    expect(job.imported).toBeGreaterThanOrEqual(100);
    expect(await eventCount()).toBeGreaterThanOrEqual(before + job.imported);
    await expect(stopping.startWith(Buffer.from(meetingsNdjson(1)), request('apikey:gus'))).rejects.toMatchObject({
      scope: 'process',
    });
    content.end();
  });
});

describe('a shutdown during a start', () => {
  it('waits for a start that passed its check, whose job then stops before reading anything', async () => {
    const stopping = jobsOn(db.pool);
    const before = await eventCount();
    // The job's row cannot be added (nor old jobs pruned) while this lock is held.
    const blocker = await db.pool.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE import_jobs IN EXCLUSIVE MODE');
    let started: Promise<ImportJobRow> | undefined;
    let shutdown: Promise<void> | undefined;
    try {
      started = stopping.startWith(Buffer.from(meetingsNdjson(20, [], 6_000)), request('apikey:ida'));
      started.catch(() => undefined);
      await eventually(
        'the start to wait for the lock',
        async () =>
          (
            await db.pool.query<{ waiting: boolean }>(
              `SELECT EXISTS (SELECT FROM pg_locks WHERE NOT granted AND relation = 'import_jobs'::regclass) AS waiting`,
            )
          ).rows[0]!.waiting,
      );
      shutdown = stopping.beforeApplicationShutdown();
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    const job = await started!;
    await shutdown;
    const ended = await finished(b, job.id);
    expect([ended.status, ended.imported]).toEqual(['failed', 0]);
    expect(ended.error).toMatch(/^the service stopped during the import/);
    expect(await eventCount()).toBe(before);
  });
});

describe('old jobs', () => {
  it('keeps finished jobs a bounded time and count, never a running one', async () => {
    const keeping = jobsOn(db.pool, { kept: 2 });
    const content = new GatedContent();
    const running = await keeping.start(content.stream, 0, request('apikey:hal'));
    await db.pool.query(`UPDATE import_jobs SET started_at = now() - interval '1 day' WHERE id = $1`, [running.id]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const job = await keeping.startWith(
        Buffer.from(meetingsNdjson(1, [], 5_000 + i)),
        request('apikey:hal', { dryRun: true }),
      );
      await finished(keeping, job.id);
      ids.push(job.id);
    }
    // Starting the third pruned all but the two newest finished jobs of before it (the first
    // and second); the newest job now is the third.
    const left = (await db.pool.query<{ id: string }>('SELECT id FROM import_jobs')).rows.map((row) => row.id);
    expect(left).toContain(running.id);
    expect(left).toEqual(expect.arrayContaining(ids));
    expect(left).toHaveLength(4);

    await db.pool.query(`UPDATE import_jobs SET finished_at = now() - interval '8 days' WHERE id = $1`, [ids[0]]);
    const fourth = await keeping.startWith(
      Buffer.from(meetingsNdjson(1, [], 5_010)),
      request('apikey:hal', { dryRun: true }),
    );
    await finished(keeping, fourth.id);
    const after = (await db.pool.query<{ id: string }>('SELECT id FROM import_jobs')).rows.map((row) => row.id);
    expect(after.sort()).toEqual([running.id, ids[1]!, ids[2]!, fourth.id].sort());
    content.end();
    await keeping.settled();
  });
});
