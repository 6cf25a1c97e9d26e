import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { actors, currenciesStatement, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Attacks on mergeEvents and splitEvent: every refusal has its code (and the field, for bad
 * input) and appends nothing.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;
let reader: Record<string, string>;
let meeting: string;
let otherMeeting: string;
let statement: string;

const UNKNOWN = '30717785-4055-48ed-96fd-9ba3925800c6';
const MERGE = 'mutation($input: MergeEventsInput!) { mergeEvents(input: $input) { survivor { eventId } } }';
const SPLIT = 'mutation($input: SplitEventInput!) { splitEvent(input: $input) { event { eventId } } }';

const logSize = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

/** Sent as `headers`, refused with `code` (on `field` when given), and nothing appended. */
async function refused(
  query: string,
  input: Record<string, unknown>,
  code: string,
  options: { headers?: Record<string, string>; field?: string } = {},
): Promise<string> {
  const before = await logSize();
  const { status, errors, data } = await graphql(service, query, { input }, options.headers ?? editor);
  expect(status).toBeLessThan(500);
  expect(errors).toHaveLength(1);
  expect(errors![0]!.extensions?.code).toBe(code);
  if (options.field) expect(errors![0]!.extensions?.field).toBe(options.field);
  expect(data === null || data === undefined || Object.values(data).every((value) => value === null)).toBe(true);
  expect(await logSize()).toBe(before);
  return errors![0]!.message;
}

const record = async (input: Record<string, unknown>) => {
  const response = await graphql(
    service,
    'mutation($input: RecordEventInput!) { recordEvent(input: $input) { eventId } }',
    { input },
    editor,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.recordEvent.eventId as string;
};

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  editor = await apiKeyHeader(service, 'editor');
  reader = await apiKeyHeader(service, 'reader');
  for (const actor of actors) {
    const registered = await graphql(
      service,
      'mutation($input: RegisterActorInput!) { registerActor(input: $input) { actorId } }',
      { input: actor },
      editor,
    );
    expect(registered.errors).toBeUndefined();
  }
  meeting = await record(visitWithSlip);
  otherMeeting = await record({ ...visitWithSlip, title: 'Putin arrives in Tehran' });
  statement = await record(currenciesStatement);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

const merge = (duplicateIds: unknown[], extra: Record<string, unknown> = {}) => ({
  survivorId: meeting,
  duplicateIds,
  reason: 'duplicate report',
  ...extra,
});

describe('who may merge and split', () => {
  it('refuses a request without a key', async () => {
    await refused(MERGE, merge([otherMeeting]), 'UNAUTHENTICATED', { headers: {} });
    await refused(SPLIT, { eventId: otherMeeting, reason: 'x' }, 'UNAUTHENTICATED', { headers: {} });
  });

  it('refuses a reader', async () => {
    await refused(MERGE, merge([otherMeeting]), 'FORBIDDEN', { headers: reader });
    await refused(SPLIT, { eventId: otherMeeting, reason: 'x' }, 'FORBIDDEN', { headers: reader });
  });
});

describe('what a merge is given', () => {
  it('refuses an empty list, more than 50 duplicates, and 10,000 of them', async () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(await refused(MERGE, merge(ids(51)), 'BAD_USER_INPUT', { field: 'input.duplicateIds' })).toContain(
      'at most 50 duplicates per merge, got 51',
    );
    await refused(MERGE, merge(ids(10_000)), 'BAD_USER_INPUT', { field: 'input.duplicateIds' });
    await refused(MERGE, merge([]), 'BAD_USER_INPUT', { field: 'input.duplicateIds' });
  });

  it('refuses ids that are not ids', async () => {
    await refused(MERGE, merge(['not-an-id']), 'BAD_USER_INPUT', { field: 'input.duplicateIds.0' });
    await refused(MERGE, merge([otherMeeting, 'x'.repeat(100_000)]), 'BAD_USER_INPUT', {
      field: 'input.duplicateIds.1',
    });
    await refused(MERGE, merge([otherMeeting], { survivorId: "'; DROP TABLE events; --" }), 'BAD_USER_INPUT', {
      field: 'input.survivorId',
    });
    await refused(MERGE, merge([otherMeeting.toUpperCase()]), 'BAD_USER_INPUT', { field: 'input.duplicateIds.0' });
    await refused(SPLIT, { eventId: '../event-x', reason: 'x' }, 'BAD_USER_INPUT', { field: 'input.eventId' });
  });

  it('refuses unknown events', async () => {
    await refused(MERGE, merge([UNKNOWN]), 'NOT_FOUND');
    await refused(MERGE, merge([otherMeeting], { survivorId: UNKNOWN }), 'NOT_FOUND');
    await refused(SPLIT, { eventId: UNKNOWN, reason: 'x' }, 'NOT_FOUND');
  });

  it('refuses a reason too long, empty, or with a NUL', async () => {
    await refused(MERGE, merge([otherMeeting], { reason: 'x'.repeat(2001) }), 'BAD_USER_INPUT', {
      field: 'input.reason',
    });
    await refused(MERGE, merge([otherMeeting], { reason: '  ' }), 'BAD_USER_INPUT', { field: 'input.reason' });
    await refused(MERGE, merge([otherMeeting], { reason: 'a\u0000b' }), 'BAD_USER_INPUT');
    await refused(SPLIT, { eventId: otherMeeting, reason: 'x'.repeat(2001) }, 'BAD_USER_INPUT', {
      field: 'input.reason',
    });
  });

  it('refuses merging an event into itself, one listed twice, and events of other kinds', async () => {
    await refused(MERGE, merge([meeting]), 'BAD_USER_INPUT', { field: 'input.duplicateIds.0' });
    await refused(MERGE, merge([otherMeeting, otherMeeting]), 'BAD_USER_INPUT', { field: 'input.duplicateIds.1' });
    expect(await refused(MERGE, merge([statement]), 'BAD_USER_INPUT', { field: 'input.duplicateIds.0' })).toContain(
      'kinds differ',
    );
  });

  it('refuses splitting an event that is not merged', async () => {
    await refused(SPLIT, { eventId: otherMeeting, reason: 'x' }, 'CONFLICT');
  });

  it('refuses an idempotency key reused for another merge', async () => {
    const first = await graphql(service, MERGE, { input: merge([otherMeeting], { idempotencyKey: 'k1' }) }, editor);
    expect(first.errors).toBeUndefined();
    await refused(MERGE, merge([otherMeeting], { idempotencyKey: 'k1', reason: 'another reason' }), 'CONFLICT');
  });
});
