import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo } from '../../src/admin/seed/seed-demo';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import { ActorCommandsService } from '../../src/editorial/actor-commands.service';
import { EventCommandsService } from '../../src/editorial/event-commands.service';
import { PostgresEventStore } from '../../src/event-store/event-store';
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

const seed = () =>
  seedDemo(service.app.get(PostgresEventStore), {
    actors: service.app.get(ActorCommandsService),
    events: service.app.get(EventCommandsService),
  });

describe('the demo story (npm run seed:demo, npm start -- --demo)', () => {
  it('records the Tehran talks through the admin commands, slips first, then corrected', async () => {
    expect(await seed()).toEqual({ actorsRegistered: 8, eventsRecorded: 9, corrections: 2 });
    const history = await graphql(
      service,
      `
        query ($id: ID!) {
          eventHistory(id: $id) {
            version
            type
            principal
            reason
            changes
            previous
          }
        }
      `,
      { id: demoIds.visit },
    );
    const [recorded, corrected] = history.data!.eventHistory;
    expect(recorded).toMatchObject({ version: 1, type: 'EventRecorded', principal: 'seed:demo' });
    expect(corrected).toMatchObject({
      version: 2,
      type: 'EventRevised',
      reason: expect.stringMatching(/Saudi Arabia/),
    });
    expect(corrected.previous.summary).toMatch(/Iran and Saudi Arabia/);
    expect(corrected.changes.summary).not.toMatch(/Saudi/);

    const agreement = await graphql(
      service,
      `
        query ($id: ID!) {
          eventHistory(id: $id) {
            type
            reason
            changes
          }
        }
      `,
      {
        id: demoIds.syriaConsultations,
      },
    );
    expect(agreement.data!.eventHistory[1]).toMatchObject({
      type: 'EventRevised',
      reason: expect.stringMatching(/three presidents/),
    });
    expect(agreement.data!.eventHistory[1].changes.agreement.partyIds).toEqual([
      demoIds.putin,
      demoIds.raisi,
      demoIds.erdogan,
    ]);
  });

  it('cites the five sources of the article', async () => {
    const { rows } = await db.pool.query<{ title: string }>(
      `SELECT DISTINCT s->>'title' AS title FROM events, jsonb_array_elements(data->'sources') s WHERE type = 'EventRecorded'`,
    );
    expect(rows.map((r) => r.title).sort()).toHaveLength(5);
  });

  it('is idempotent: a second run appends nothing', async () => {
    const { rows: before } = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(await seed()).toEqual({ actorsRegistered: 0, eventsRecorded: 0, corrections: 0 });
    const { rows: after } = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(after[0].n).toBe(before[0].n);
    expect(before[0].n).toBe(8 + 9 + 2);
  });
});
