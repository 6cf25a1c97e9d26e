import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { RunningService } from '../../src/service';
import { GDELT_EXPORT } from '../../src/imports/testing/collect';
import { eventually } from '../support/eventually';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Clustering on import through importEvents: only an admin may import, a cluster mode outside the
 * enum is refused before anything is read, and a flood of rows reporting one occurrence (each from
 * another URL) gathers into one event whose sources stay bounded (EVENT_LIMITS.sources) while every
 * row is kept as a report.
 */
const IMPORT = `
  mutation Import($content: String!, $cluster: ImportCluster) {
    importEvents(format: GDELT, content: $content, cluster: $cluster) { imported reportsAttached alreadyPresent rejected }
  }`;

/** GDELT's row 881992275 (Norway's government and Russia meet, 4 articles), with another id and URL each time. */
function flood(rows: number): string {
  const line = readFileSync(GDELT_EXPORT, 'utf8')
    .split('\n')
    .find((text) => text.startsWith('881992275\t'))!
    .split('\t');
  return Array.from({ length: rows }, (_, i) => {
    const cells = [...line];
    cells[0] = String(990_000_000 + i);
    cells[60] = `https://example.org/report/${i}`;
    return cells.join('\t');
  }).join('\n');
}

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
const logSize = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin');
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('importEvents with clustering', () => {
  it('is refused to an editor, and a cluster mode outside the enum is bad input; nothing is appended', async () => {
    const editor = await apiKeyHeader(service, 'editor');
    const before = await logSize();
    const forbidden = await graphql(service, IMPORT, { content: flood(2), cluster: 'DAY' }, editor);
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const bad = await graphql(service, IMPORT, { content: flood(2), cluster: 'HOUR' }, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors?.[0]?.message).toMatch(/HOUR/);
    expect(await logSize()).toBe(before);
  });

  it('gathers a flood of 150 reports of one occurrence into one event, its sources bounded at 100', async () => {
    const { data, errors } = await graphql(service, IMPORT, { content: flood(150) }, admin);
    expect(errors).toBeUndefined();
    expect(data!.importEvents).toMatchObject({ imported: 1, reportsAttached: 149, rejected: 0 });
    const { rows } = await db.pool.query<{ stream_id: string; n: string }>(
      `SELECT stream_id, count(*) AS n FROM events WHERE stream_id LIKE 'event-%' GROUP BY stream_id`,
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.n)).toBe(150);
    const { rows: last } = await db.pool.query<{ sources: number }>(
      `SELECT jsonb_array_length(data -> 'report' -> 'sources') AS sources FROM events WHERE type = 'ReportAttached' LIMIT 1`,
    );
    expect(last[0]!.sources).toBe(1);
    const eventId = rows[0]!.stream_id.slice('event-'.length);
    const event = await eventually('the event in the read model', async () => {
      const answer = await graphql<{ event: { reportCount: number; sources: unknown[] } | null }>(
        service,
        'query($id: ID!) { event(id: $id) { reportCount sources { sourceId } } }',
        { id: eventId },
        admin,
      );
      return answer.data?.event?.reportCount === 150 && answer.data.event;
    });
    expect(event.sources).toHaveLength(100);
    const again = await graphql(service, IMPORT, { content: flood(150) }, admin);
    expect(again.data!.importEvents).toMatchObject({ imported: 0, reportsAttached: 0, alreadyPresent: 150 });
  });
});
