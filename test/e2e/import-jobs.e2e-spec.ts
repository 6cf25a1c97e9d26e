import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportJobsService } from '../../src/admin/import/import-jobs.service';
import { FIXTURES } from '../../src/imports/testing/collect';
import type { RunningService } from '../../src/service';
import { eventually } from '../support/eventually';
import { GatedContent, meetingsNdjson } from '../support/import-jobs';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * startImport over HTTP: answered at once with the job, followed with importJob until it ends,
 * as the console does; a dry run first, then the import. importEvents is unchanged beside it.
 */
const START = `
  mutation Start($format: ImportFormat!, $content: String!, $dryRun: Boolean, $cluster: ImportCluster) {
    startImport(format: $format, content: $content, dryRun: $dryRun, cluster: $cluster) {
      id status format dryRun allEvents cluster startedBy startedAt finishedAt contentBytes
      progress { lines imported rejected }
    }
  }`;

const JOB = `
  query Job($id: ID!) {
    importJob(id: $id) {
      id status dryRun error finishedAt heartbeatAt
      progress { lines bytesRead imported alreadyPresent skipped rejected }
      summary { format dryRun lines imported reportsAttached skipped rejected rejectedByCode { key count } rejects { lineNumber code reason externalId } }
    }
  }`;

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin', 'jobs-admin');
});
afterAll(async () => {
  await service?.app.get(ImportJobsService).settled();
  await service?.shutdown();
  await db.drop();
});

const eventCount = async () =>
  Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

async function followed(id: string): Promise<Record<string, any>> {
  return eventually(`job ${id} to end`, async () => {
    const { data, errors } = await graphql(service, JOB, { id }, admin);
    expect(errors).toBeUndefined();
    return data!.importJob.status !== 'RUNNING' && data!.importJob;
  });
}

describe('startImport and importJob', () => {
  it('a dry run, then the import: the rejects with their line numbers, the good lines appended once', async () => {
    const content = meetingsNdjson(6, [4]);
    const dry = await graphql(service, START, { format: 'NDJSON', content, dryRun: true }, admin);
    expect(dry.errors).toBeUndefined();
    expect(dry.data!.startImport).toMatchObject({
      status: 'RUNNING',
      format: 'NDJSON',
      dryRun: true,
      allEvents: false,
      cluster: 'DAY',
      startedBy: 'apikey:jobs-admin',
      finishedAt: null,
      contentBytes: Buffer.byteLength(content),
    });
    const checked = await followed(dry.data!.startImport.id);
    expect(checked).toMatchObject({
      status: 'SUCCEEDED',
      error: null,
      progress: { lines: 6, imported: 5, rejected: 1 },
      summary: { format: 'NDJSON', dryRun: true, lines: 6, imported: 5, rejected: 1 },
    });
    expect(checked.summary.rejects).toEqual([
      { lineNumber: 4, code: 'JSON', reason: expect.stringMatching(/^invalid JSON/), externalId: null },
    ]);
    expect(await eventCount()).toBe(0);

    const live = await graphql(service, START, { format: 'NDJSON', content }, admin);
    expect(live.errors).toBeUndefined();
    const done = await followed(live.data!.startImport.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', summary: { dryRun: false, imported: 5, rejected: 1 } });
    expect(done.summary.rejects.map((reject: { lineNumber: number }) => reject.lineNumber)).toEqual([4]);
    // Five meetings and the two actors they name.
    expect(await eventCount()).toBe(7);

    const { data } = await graphql(service, '{ importJobs(first: 5) { id status dryRun } }', {}, admin);
    expect(data!.importJobs).toEqual([
      { id: live.data!.startImport.id, status: 'SUCCEEDED', dryRun: false },
      { id: dry.data!.startImport.id, status: 'SUCCEEDED', dryRun: true },
    ]);
  });

  it('imports the GDELT excerpt as importEvents does', async () => {
    const content = readFileSync(join(FIXTURES, 'gdelt-excerpt.CSV'), 'utf8');
    const started = await graphql(service, START, { format: 'GDELT', content, cluster: 'NONE' }, admin);
    expect(started.errors).toBeUndefined();
    const done = await followed(started.data!.startImport.id);
    expect(done.summary).toMatchObject({ format: 'GDELT', lines: 20, imported: 13, skipped: 2, rejected: 5 });
    expect(done.summary.rejectedByCode).toEqual([
      { key: 'DOMAIN_RULE', count: 4 },
      { key: 'MISSING_SPEAKER', count: 1 },
    ]);
    expect(done.summary.rejects[0]).toMatchObject({ lineNumber: 2, code: 'DOMAIN_RULE', externalId: '881990833' });
  });

  it('a service shutting down stops its running job and marks it failed, read from another instance', async () => {
    const other = await startTestApp(db);
    const content = new GatedContent();
    const started = await other.app.get(ImportJobsService).start(content.stream, 0, {
      format: 'ndjson',
      dryRun: true,
      allEvents: false,
      cluster: 'day',
      principal: 'apikey:jobs-admin',
      role: 'admin',
    });
    content.write(meetingsNdjson(200, [], 100)); // past the 64 KiB read before parsing
    await eventually('the job running on the other instance', async () => {
      const { data } = await graphql(service, JOB, { id: started.id }, admin);
      return data!.importJob.status === 'RUNNING' && data!.importJob.progress.lines >= 100;
    });
    await other.shutdown();
    const { data } = await graphql(service, JOB, { id: started.id }, admin);
    expect(data!.importJob).toMatchObject({ status: 'FAILED', finishedAt: expect.any(String) });
    expect(data!.importJob.error).toMatch(/^the service stopped during the import; the batches committed before stay/);
    content.end();
  });
});
