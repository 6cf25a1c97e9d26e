import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../src/imports/testing/collect';
import type { RunningService } from '../../src/service';
import { eventually } from '../support/eventually';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const GDELT_EXCERPT = readFileSync(join(FIXTURES, 'gdelt-excerpt.CSV'), 'utf8');

const IMPORT = `
  mutation Import($format: ImportFormat!, $content: String!, $dryRun: Boolean, $allEvents: Boolean, $cluster: ImportCluster) {
    importEvents(format: $format, content: $content, dryRun: $dryRun, allEvents: $allEvents, cluster: $cluster) {
      format dryRun correlationId lines imported alreadyPresent reportsAttached eventsRevised skipped rejected actorsCreated actorsMatched
      skippedByReason { key count }
      rejectedByCode { key count }
      rejects { lineNumber code reason externalId }
    }
  }`;

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin');
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

const eventCount = async () =>
  Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

describe('importEvents', () => {
  it('needs an admin key', async () => {
    const anonymous = await graphql(service, IMPORT, { format: 'GDELT', content: GDELT_EXCERPT });
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const editor = await graphql(
      service,
      IMPORT,
      { format: 'GDELT', content: GDELT_EXCERPT },
      await apiKeyHeader(service, 'editor'),
    );
    expect(editor.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin' });
    expect(await eventCount()).toBe(0);
  });

  it('a dry run counts and appends nothing; cluster NONE: one event per row', async () => {
    const { data, errors } = await graphql(
      service,
      IMPORT,
      { format: 'GDELT', content: GDELT_EXCERPT, dryRun: true, cluster: 'NONE' },
      admin,
    );
    expect(errors).toBeUndefined();
    expect(data!.importEvents).toMatchObject({
      format: 'GDELT',
      dryRun: true,
      lines: 20,
      imported: 13,
      reportsAttached: 0,
      skipped: 2,
      rejected: 5,
    });
    expect(await eventCount()).toBe(0);
  });

  it('imports the excerpt and answers with the summary and the rejected lines', async () => {
    const { data, errors } = await graphql(service, IMPORT, { format: 'GDELT', content: GDELT_EXCERPT }, admin);
    expect(errors).toBeUndefined();
    const summary = data!.importEvents;
    expect(summary).toMatchObject({
      format: 'GDELT',
      dryRun: false,
      lines: 20,
      // Clustered by default: two of the 13 rows report one occurrence.
      imported: 12,
      reportsAttached: 1,
      eventsRevised: 0,
      alreadyPresent: 0,
      skipped: 2,
      rejected: 5,
      rejectedByCode: [
        { key: 'DOMAIN_RULE', count: 4 },
        { key: 'MISSING_SPEAKER', count: 1 },
      ],
    });
    expect(summary.skippedByReason.reduce((sum: number, s: { count: number }) => sum + s.count, 0)).toBe(2);
    expect(summary.rejects).toHaveLength(5);
    expect(summary.rejects[0]).toEqual({
      lineNumber: 2,
      code: 'DOMAIN_RULE',
      reason:
        'participants: a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 1',
      externalId: '881990833',
    });
    const { rows } = await db.pool.query(
      `SELECT DISTINCT metadata->>'principal' AS principal, metadata->>'correlationId' AS correlation FROM events`,
    );
    expect(rows).toEqual([{ principal: expect.stringMatching(/^apikey:admin-/), correlation: summary.correlationId }]);

    const again = await graphql(service, IMPORT, { format: 'GDELT', content: GDELT_EXCERPT }, admin);
    expect(again.data!.importEvents).toMatchObject({ imported: 0, reportsAttached: 0, alreadyPresent: 13 });
  });

  it('shows the clustered event with its reportCount, and in eventHistory which rows went into it', async () => {
    type Node = { eventId: string; title: string; cameoCode: string; reportCount: number };
    const nodes = await eventually('the imported events in the timeline', async () => {
      const { data } = await graphql<{ timeline: { edges: { node: Node }[] } }>(
        service,
        '{ timeline(first: 50) { edges { node { eventId title cameoCode reportCount } } } }',
        {},
        admin,
      );
      const found = data?.timeline.edges.map((edge) => edge.node) ?? [];
      return found.length === 12 && found;
    });
    expect(nodes.map((node) => node.reportCount).sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const clustered = nodes.find((node) => node.reportCount === 2)!;
    const { data, errors } = await graphql<{
      event: { reportCount: number };
      eventHistory: { version: number; type: string; report: Record<string, unknown> | null }[];
    }>(
      service,
      `
        query ($id: ID!) {
          event(id: $id) {
            reportCount
          }
          eventHistory(id: $id) {
            version
            type
            report {
              dataset
              externalId
              reportId
              lineNumber
              cameoCode
            }
          }
        }
      `,
      { id: clustered.eventId },
      admin,
    );
    expect(errors).toBeUndefined();
    expect(data!.event.reportCount).toBe(2);
    expect(data!.eventHistory.map(({ version, type }) => [version, type])).toEqual([
      [1, 'EventRecorded'],
      [2, 'ReportAttached'],
    ]);
    for (const { report } of data!.eventHistory) {
      expect(report).toMatchObject({
        dataset: 'GDELT',
        externalId: expect.stringMatching(/^\d+$/),
        reportId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        lineNumber: expect.any(Number),
      });
    }
    const [first, second] = data!.eventHistory.map(({ report }) => report!);
    expect(first!.externalId).not.toBe(second!.externalId);
    expect(first!.cameoCode).toBe(clustered.cameoCode);
  });

  it('refuses content that is not the declared format, naming the field', async () => {
    const before = await eventCount();
    const { errors } = await graphql(
      service,
      IMPORT,
      { format: 'GDELT', content: '<html><body>404</body></html>' },
      admin,
    );
    expect(errors![0]).toMatchObject({
      message: expect.stringMatching(/HTML or XML document/),
      extensions: { code: 'BAD_USER_INPUT', field: 'content' },
    });
    expect(await eventCount()).toBe(before);
  });

  it('refuses content over 5 MB with a clear message, and says where larger files go', async () => {
    // Spaces stay one byte in the JSON body (the service takes bodies up to 11 MiB).
    const content = `${GDELT_EXCERPT}${' '.repeat(5 * 1024 * 1024)}`;
    const { status, errors } = await graphql(service, IMPORT, { format: 'GDELT', content }, admin);
    expect(status).toBe(200);
    expect(errors![0]).toMatchObject({
      message: expect.stringMatching(/at most 5 MB.*npm run import/),
      extensions: { code: 'BAD_USER_INPUT', field: 'content' },
    });
  });
});
