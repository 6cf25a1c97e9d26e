import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * One bad line among good ones (text PostgreSQL cannot store) used to fail the append of its whole
 * batch: the import must reject that line, with its number, and import the others.
 */
const IMPORT = `
  mutation Import($content: String!, $dryRun: Boolean) {
    importEvents(format: NDJSON, content: $content, dryRun: $dryRun) {
      lines imported rejected rejects { lineNumber code reason }
    }
  }`;

const PUTIN = 'bb83f452-ada1-4d01-8211-936646194367';
const RAISI = 'ae792064-cb82-4b4f-8da2-df3d3b54ca82';

const meeting = (day: number, title: string) => ({
  kind: 'MEETING',
  title,
  start: { value: `2022-07-${String(day).padStart(2, '0')}`, precision: 'DAY', timeZone: 'Asia/Tehran' },
  participants: [
    { actorId: PUTIN, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
    { actorId: RAISI, role: 'HOST', actor: { kind: 'PERSON', name: 'Ebrahim Raisi', country: 'IRN' } },
  ],
  meeting: { format: 'IN_PERSON', type: 'VISIT' },
});

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

describe('an NDJSON import with one NUL line among good ones', () => {
  // JSON.stringify writes the NUL as the escape \u0000: the line is valid JSON, its text is not storable.
  const lines = [
    meeting(1, 'Putin visits Tehran (1)'),
    meeting(2, 'Putin visits Tehran (2)'),
    meeting(3, 'Putin visits Tehran\u0000 (3)'),
    meeting(4, 'Putin visits Tehran (4)'),
    {
      ...meeting(5, 'Putin visits Tehran (5)'),
      participants: [
        meeting(5, '').participants[0],
        { actorId: RAISI, role: 'HOST', actor: { kind: 'PERSON', name: 'Ebrahim\uD800 Raisi', country: 'IRN' } },
      ],
    },
    meeting(6, 'Putin visits Tehran (6)'),
  ].map((line) => JSON.stringify(line));
  const content = `${lines.join('\n')}\n`;

  it('imports the good lines and rejects the bad ones with their numbers and reasons', async () => {
    const before = await logSize();
    const { errors, data } = await graphql(service, IMPORT, { content }, admin);

    expect(errors).toBeUndefined();
    expect(data!.importEvents).toMatchObject({ lines: 6, imported: 4, rejected: 2 });
    expect(data!.importEvents.rejects).toEqual([
      { lineNumber: 3, code: 'UNSTORABLE_TEXT', reason: 'title must not contain the NUL character (\\u0000)' },
      {
        lineNumber: 5,
        code: 'UNSTORABLE_TEXT',
        reason: 'participants.1.actor.name must be valid Unicode (it holds a lone surrogate)',
      },
    ]);
    // Four meetings and the two actors they name.
    expect(await logSize()).toBe(before + 6);
    const { rows } = await db.pool.query<{ title: string }>(
      `SELECT data->>'title' AS title FROM events WHERE type = 'EventRecorded' ORDER BY data->>'title'`,
    );
    expect(rows.map((row) => row.title)).toEqual([
      'Putin visits Tehran (1)',
      'Putin visits Tehran (2)',
      'Putin visits Tehran (4)',
      'Putin visits Tehran (6)',
    ]);

    const innocent = await graphql(service, '{ timeline(first: 1) { edges { cursor } } }');
    expect(innocent.errors).toBeUndefined();
  });

  it('a dry run reports the same rejects and appends nothing', async () => {
    const before = await logSize();
    const { errors, data } = await graphql(service, IMPORT, { content, dryRun: true }, admin);
    expect(errors).toBeUndefined();
    expect(data!.importEvents.rejects.map((reject: { lineNumber: number }) => reject.lineNumber)).toEqual([3, 5]);
    expect(await logSize()).toBe(before);
  });
});
