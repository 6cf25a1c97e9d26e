import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { ActiveSchema } from '../../src/timelines/projection/active-schema';
import { ProjectionStatus } from '../../src/timelines/projection/projection-status';
import { tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The projection inside the service: started with it, visible over GraphQL and in /metrics. */
let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
});
afterAll(async () => {
  await service?.shutdown('test done');
  await db.drop();
});

const STATUS = `{ projectionStatus { activeSchema checkpoint { transactionId position } headPosition lagEvents lagSeconds runningHere lastBatchAt } }`;

describe('the projection in the service', () => {
  it('projects what is appended and reports it in projectionStatus, without an API key', async () => {
    const store = service.app.get(PostgresEventStore);
    await tehranLog().appendTo(store);
    const head = await store.headPosition();
    expect(await service.app.get(ProjectionStatus).waitForPosition(head, 20_000)).toBe(true);

    const response = await graphql<{ projectionStatus: Record<string, any> }>(service, STATUS);
    expect(response.errors).toBeUndefined();
    expect(response.data!.projectionStatus).toMatchObject({
      activeSchema: 'rm_1',
      checkpoint: { position: String(head) },
      headPosition: String(head),
      lagEvents: 0,
      lagSeconds: 0,
      runningHere: true,
    });
    expect(response.data!.projectionStatus.checkpoint.transactionId).toMatch(/^[1-9]\d*$/);
    expect(Date.parse(response.data!.projectionStatus.lastBatchAt)).toBeGreaterThan(Date.now() - 60_000);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM rm_1.event_versions');
    expect(rows[0].n).toBeGreaterThan(10);
    expect(await service.app.get(ActiveSchema).get()).toBe('rm_1');
  });

  it('shows the record-time horizon, which never moves back; asOf before it answers, far ahead of it is refused', async () => {
    const store = service.app.get(PostgresEventStore);
    const seen: number[] = [];
    const horizonNow = async () => {
      const response = await graphql<{ projectionStatus: { recordTimeHorizon: string } }>(
        service,
        '{ projectionStatus { recordTimeHorizon } }',
      );
      expect(response.errors).toBeUndefined();
      seen.push(Date.parse(response.data!.projectionStatus.recordTimeHorizon));
      return seen.at(-1)!;
    };
    const first = await horizonNow();
    // The log's last record time is inside it: the read model holds everything recorded before.
    const last = (await store.readAll({ limit: 10_000 })).events.at(-1)!.recordedAt.getTime();
    expect(first).toBeGreaterThanOrEqual(last);
    for (let i = 0; i < 5; i += 1) await horizonNow();
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);

    const asOf = `query($t: DateTime) { timeline(asOf: $t, first: 1) { edges { cursor } } }`;
    const inside = await graphql(service, asOf, { t: new Date(first - 1).toISOString() });
    expect(inside.errors).toBeUndefined();
    const ahead = await graphql(service, asOf, { t: new Date(Date.now() + 3_600_000).toISOString() });
    expect(ahead.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'asOf',
      reason: 'AS_OF_IN_FUTURE',
    });
  });

  it('exports the lag to Prometheus', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/^projection_lag_events 0$/m);
    expect(text).toMatch(/^projection_lag_seconds 0$/m);
  });
});
