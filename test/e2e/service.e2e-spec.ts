import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { SCHEMA_FILE } from '../../src/graphql/graphql.module';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SCHEMA_HEADER =
  '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# ------------------------------------------------------\n\n';

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin');
});
afterAll(async () => {
  await service?.shutdown('test done');
  await db.drop();
});

describe('the service over HTTP', () => {
  it('answers /health with the database check, and /health/live and /health/ready', async () => {
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      // Names and statuses only: the projection's lag is in /metrics and projectionStatus.
      info: { database: { status: 'up' }, projection: { status: 'up' } },
    });
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });

  it('serves Prometheus metrics with request counts, latencies and appends', async () => {
    const store = service.app.get(PostgresEventStore);
    await store.append('probe-metrics', [{ type: 'Probed', data: {} }]);
    await fetch(`${service.url}/health/live`);
    const response = await fetch(`${service.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health\/live"\} /m);
    expect(text).toMatch(/^eventstore_appends_total [1-9]/m);
    expect(text).toMatch(/^eventstore_appended_events_total [1-9]/m);
    expect(text).toMatch(/^projection_lag_events \d+/m);
    expect(text).toMatch(/^projection_lag_seconds [\d.]+/m);
  });

  it('keeps a sane X-Request-Id and makes one up otherwise', async () => {
    const kept = await fetch(`${service.url}/health/live`, { headers: { 'x-request-id': 'trace-42' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-42');
    const made = await fetch(`${service.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the raw log over GraphQL in pages that continue from a cursor', async () => {
    const store = service.app.get(PostgresEventStore);
    await store.append('probe-log', [
      { type: 'First', data: { n: 1 } },
      { type: 'Second', data: { n: 2 } },
      { type: 'Third', data: { n: 3 } },
    ]);
    const query = `query($after: String, $first: Int!) { log(after: $after, first: $first) {
      endCursor caughtUp entries { position cursor streamId streamVersion type schemaVersion data metadata recordedAt } } }`;
    const first = await graphql(service, query, { first: 2 }, admin);
    const types = first.data!.log.entries.map((e: { type: string }) => e.type);
    expect(first.data!.log.caughtUp).toBe(false);
    const rest = await graphql(service, query, { first: 100, after: first.data!.log.endCursor }, admin);
    expect(rest.data!.log.caughtUp).toBe(true);
    const all = [...types, ...rest.data!.log.entries.map((e: { type: string }) => e.type)];
    expect(all.slice(-3)).toEqual(['First', 'Second', 'Third']);
    const third = rest.data!.log.entries.at(-1);
    expect(third).toMatchObject({ streamId: 'probe-log', streamVersion: 3, data: { n: 3 }, schemaVersion: 1 });
    expect(new Date(third.recordedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers bad arguments with BAD_USER_INPUT naming the argument', async () => {
    const tooMany = await graphql(service, '{ log(first: 5000) { endCursor } }', {}, admin);
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await graphql(service, '{ log(after: "yesterday") { endCursor } }', {}, admin);
    expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(badCursor.errors![0]!.message).toMatch(/not a log checkpoint/);
  });

  it('keeps the raw log for admins', async () => {
    const anonymous = await graphql(service, '{ log { endCursor } }');
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const reader = await graphql(service, '{ log { endCursor } }', {}, await apiKeyHeader(service, 'reader'));
    expect(reader.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin', role: 'reader' });
    const wrong = await graphql(service, '{ log { endCursor } }', {}, { authorization: 'Bearer dtl_not-a-key' });
    expect(wrong.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const malformed = await graphql(service, '{ log { endCursor } }', {}, { authorization: 'Basic abc' });
    expect(malformed.errors![0]!.message).toMatch(/Bearer <api key>/);
  });

  it('has its generated schema committed as src/schema.gql', () => {
    const schema = service.app.get(GraphQLSchemaHost).schema;
    const generated = printSchema(lexicographicSortSchema(schema)).trim();
    if (process.env.UPDATE_SCHEMA === '1') {
      // Byte for byte what the service writes in development (no final newline), so that starting
      // it does not show the committed file as changed.
      writeFileSync(SCHEMA_FILE, `${SCHEMA_HEADER}${generated}`);
    }
    const committed = readFileSync(SCHEMA_FILE, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('# '))
      .join('\n')
      .trim();
    // When this fails: npm run schema, then commit src/schema.gql.
    expect(committed).toBe(generated);
  });
});
