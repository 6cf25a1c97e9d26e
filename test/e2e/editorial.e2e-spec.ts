import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { actors, currenciesStatement, ids, syriaAgreement, tehranDay, visitWithSlip } from '../support/story';
import { apiKeyHeader, graphql, startTestApp, type GraphQLResponse } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let service: RunningService;
let admin: Record<string, string>;
let editor: Record<string, string>;
let reader: Record<string, string>;

const EVENT = `eventId version position event {
  id kind status title summary version revisionCount retractionReason cameoCode cameoLabel topics
  start { value precision timeZone intervalStart intervalEnd }
  location { placeName country coordinates { lat lon } }
  participants { actorId role actor { id actorId name status } }
  sources { sourceId publisher title excerpt }
  links { type targetEventId }
  statement { speakerId mode text language addresseeIds }
  agreement { partyIds status terms }
  agreementStatusHistory { from to reason }
}`;

const mutation = (name: string, selection = EVENT) =>
  `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`;

async function send(name: string, input: Record<string, unknown>, headers = editor, selection?: string) {
  return graphql(service, mutation(name, selection), { input }, headers);
}

async function ok(name: string, input: Record<string, unknown>, headers = editor, selection?: string) {
  const response = await send(name, input, headers, selection);
  expect(response.errors).toBeUndefined();
  return response.data![name];
}

async function logSize(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return rows[0]!.n;
}

/** A refused request answers with that code and appends nothing. */
async function refused(response: Promise<GraphQLResponse>, code: string): Promise<Record<string, any>> {
  const before = await logSize();
  const { errors, data } = await response;
  expect(errors?.[0]?.extensions?.code).toBe(code);
  expect(data === null || data === undefined || Object.values(data).every((value) => value === null)).toBe(true);
  expect(await logSize()).toBe(before);
  return { message: errors![0]!.message, ...errors![0]!.extensions };
}

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db);
  admin = await apiKeyHeader(service, 'admin', 'desk-admin');
  editor = await apiKeyHeader(service, 'editor', 'desk-editor');
  reader = await apiKeyHeader(service, 'reader', 'desk-reader');
  for (const actor of actors) await ok('registerActor', actor, editor, 'actorId version');
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

describe('actors', () => {
  it('registers an actor and answers with its version and state', async () => {
    const result = await ok(
      'registerActor',
      { kind: 'ORGANIZATION', name: 'Gulf Cooperation Council', cameoCode: 'IGOGCC', aliases: ['GCC'] },
      editor,
      'actorId version position actor { id actorId kind name aliases country cameoCode status }',
    );
    expect(result).toMatchObject({
      version: 1,
      actor: { kind: 'ORGANIZATION', name: 'Gulf Cooperation Council', aliases: ['GCC'], status: 'ACTIVE' },
    });
    expect(result.actorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.position).toMatch(/^\d+$/);
  });

  it('revises an actor with a reason, keeping roles over time', async () => {
    const result = await ok(
      'reviseActor',
      {
        actorId: ids.erdogan,
        reason: 'Add his office',
        roles: [
          {
            title: 'President',
            ofActorId: ids.turkey,
            from: { value: '2014-08-28', precision: 'DAY', timeZone: 'Europe/Istanbul' },
          },
        ],
      },
      editor,
      'version actor { roles { title ofActorId from { value precision timeZone } } }',
    );
    expect(result).toEqual({
      version: 2,
      actor: {
        roles: [
          {
            title: 'President',
            ofActorId: ids.turkey,
            from: { value: '2014-08-28', precision: 'DAY', timeZone: 'Europe/Istanbul' },
          },
        ],
      },
    });
  });

  it('refuses a bad country code, an unknown CAMEO actor code and an unknown role holder', async () => {
    const register = (input: Record<string, unknown>) => send('registerActor', input, editor, 'actorId');
    const country = await refused(register({ kind: 'STATE', name: 'Russia again', country: 'RU' }), 'BAD_USER_INPUT');
    expect(country.field).toBe('input.country');
    expect(country.message).toMatch(/ISO 3166-1 alpha-3/);
    const code = await refused(
      register({ kind: 'STATE', name: 'Nowhere', country: 'RUS', cameoCode: 'XXXGOV' }),
      'BAD_USER_INPUT',
    );
    expect(code.field).toBe('input.cameoCode');
    const holder = await refused(
      register({
        kind: 'PERSON',
        name: 'Someone',
        roles: [{ title: 'Envoy', ofActorId: '00000000-0000-4000-8000-000000000000', from: tehranDay }],
      }),
      'BAD_USER_INPUT',
    );
    expect(holder.field).toBe('input.roles.0.ofActorId');
    expect(holder.message).toMatch(/unknown actor id/);
  });
});

describe('diplomatic events', () => {
  let visitId: string;

  it('records the visit as first reported, with the sources that support it', async () => {
    // Topics as an editor might type them: stored normalised.
    const result = await ok('recordEvent', { ...visitWithSlip, topics: ['Syria', 'Ukraine', 'national currencies'] });
    visitId = result.eventId;
    expect(result.version).toBe(1);
    expect(result.event).toMatchObject({
      kind: 'MEETING',
      status: 'RECORDED',
      cameoCode: '042',
      topics: ['syria', 'ukraine', 'national-currencies'],
      start: {
        value: '2022-07-19',
        precision: 'DAY',
        timeZone: 'Asia/Tehran',
        intervalStart: '2022-07-18T19:30:00.000Z',
      },
      participants: [
        { actorId: ids.putin, role: 'GUEST', actor: { name: 'Vladimir Putin' } },
        { actorId: ids.iran, role: 'HOST', actor: { name: 'Iran' } },
      ],
    });
    expect(result.event.sources.map((s: { publisher: string }) => s.publisher)).toEqual(['CBS News', 'CNN']);
    expect(result.event.cameoLabel).toMatch(/visit/i);
  });

  it('records who, when, why and in answer to which request beside the event', async () => {
    const response = await graphql(
      service,
      mutation('recordEvent'),
      { input: { ...currenciesStatement } },
      { ...editor, 'x-request-id': 'req-currencies' },
    );
    expect(response.errors).toBeUndefined();
    const { rows } = await db.pool.query('SELECT metadata, recorded_at FROM events WHERE stream_id = $1', [
      `event-${response.data!.recordEvent.eventId}`,
    ]);
    expect(rows[0].metadata).toMatchObject({
      principal: 'apikey:desk-editor',
      role: 'editor',
      command: 'recordEvent',
      correlationId: 'req-currencies',
    });
    expect(rows[0].metadata.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0].recorded_at).toBeInstanceOf(Date);
  });

  it('corrects the slip with reviseEvent, keeping both versions in the history', async () => {
    const result = await ok('reviseEvent', {
      eventId: visitId,
      expectedVersion: 1,
      reason: 'The article’s “Iran and Saudi Arabia” is a slip: this trip went to Iran only',
      summary: 'Putin’s visit to Iran sends a strong message to the West.',
    });
    expect(result).toMatchObject({
      version: 2,
      event: { revisionCount: 1, summary: 'Putin’s visit to Iran sends a strong message to the West.' },
    });
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
            recordedAt
          }
        }
      `,
      { id: visitId },
    );
    expect(history.data!.eventHistory).toHaveLength(2);
    expect(history.data!.eventHistory[1]).toMatchObject({
      version: 2,
      type: 'EventRevised',
      principal: 'apikey:desk-editor',
      reason: expect.stringMatching(/slip/),
      changes: { summary: 'Putin’s visit to Iran sends a strong message to the West.' },
      previous: { summary: visitWithSlip.summary },
    });
  });

  it('answers a stale expectedVersion with CONFLICT carrying both versions', async () => {
    const conflict = await refused(
      send('reviseEvent', { eventId: visitId, expectedVersion: 1, reason: 'late edit', title: 'Putin in Tehran' }),
      'CONFLICT',
    );
    expect(conflict).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
  });

  it('refuses a revision that changes nothing, and one of an unknown event', async () => {
    await refused(
      send('reviseEvent', { eventId: visitId, expectedVersion: 2, reason: 'no-op', title: visitWithSlip.title }),
      'BAD_USER_INPUT',
    );
    await refused(
      send('reviseEvent', {
        eventId: '00000000-0000-4000-8000-000000000001',
        expectedVersion: 0,
        reason: 'x',
        title: 'y',
      }),
      'NOT_FOUND',
    );
  });

  it('attaches and detaches sources', async () => {
    const attached = await ok('attachSource', {
      eventId: visitId,
      source: {
        publisher: 'Reuters',
        title: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
        url: 'https://www.reuters.com/world/putin-iran-talks-2022-07-19/',
      },
    });
    expect(attached.version).toBe(3);
    const cnn = attached.event.sources.find((s: { publisher: string }) => s.publisher === 'CNN');
    const detached = await ok('detachSource', {
      eventId: visitId,
      sourceId: cnn.sourceId,
      reason: 'the Reuters report says the same',
    });
    expect(detached.event.sources.map((s: { publisher: string }) => s.publisher)).toEqual(['CBS News', 'Reuters']);
    const bad = await refused(
      send('attachSource', { eventId: visitId, source: { publisher: 'X', url: 'ftp://example.org/a' } }),
      'BAD_USER_INPUT',
    );
    expect(bad.field).toBe('input.source.url');
  });

  it('links a statement to the meeting it was made at', async () => {
    const statement = await ok('recordEvent', { ...currenciesStatement, title: 'Khamenei on national currencies (2)' });
    const linked = await ok('linkEvents', {
      eventId: statement.eventId,
      link: { type: 'PART_OF', targetEventId: visitId },
    });
    expect(linked.event.links).toEqual([{ type: 'PART_OF', targetEventId: visitId }]);
    const unknown = await refused(
      send('linkEvents', {
        eventId: statement.eventId,
        link: { type: 'FOLLOW_UP_OF', targetEventId: '00000000-0000-4000-8000-000000000002' },
      }),
      'BAD_USER_INPUT',
    );
    expect(unknown.field).toBe('input.link.targetEventId');
  });

  it('moves an agreement only along legal status transitions', async () => {
    const agreement = await ok('recordEvent', syriaAgreement);
    const inForce = await ok('changeAgreementStatus', {
      eventId: agreement.eventId,
      status: 'IN_FORCE',
      reason: 'a political commitment in force on signature',
    });
    expect(inForce.event.agreement.status).toBe('IN_FORCE');
    expect(inForce.event.agreementStatusHistory).toEqual([
      { from: 'SIGNED', to: 'IN_FORCE', reason: 'a political commitment in force on signature' },
    ]);
    const illegal = await refused(
      send('changeAgreementStatus', { eventId: agreement.eventId, status: 'PROPOSED' }),
      'BAD_USER_INPUT',
    );
    expect(illegal.field).toBe('input.status');
    expect(illegal.message).toMatch(/cannot go from IN_FORCE to PROPOSED/);
  });

  it('lets admins retract and restore, with a reason, and keeps the event in its history', async () => {
    const forbidden = await refused(send('retractEvent', { eventId: visitId, reason: 'test' }, editor), 'FORBIDDEN');
    expect(forbidden).toMatchObject({ requiredRole: 'admin', role: 'editor' });
    const retracted = await ok('retractEvent', { eventId: visitId, reason: 'Reuters withdrew the report' }, admin);
    expect(retracted.event).toMatchObject({ status: 'RETRACTED', retractionReason: 'Reuters withdrew the report' });
    await refused(send('retractEvent', { eventId: visitId, reason: 'again' }, admin), 'CONFLICT');
    await refused(send('attachSource', { eventId: visitId, source: { publisher: 'AP' } }), 'CONFLICT');
    const restored = await ok('restoreEvent', { eventId: visitId, reason: 'Reuters restored it' }, admin);
    expect(restored.event.status).toBe('RECORDED');
    const history = await graphql(
      service,
      `
        query ($id: ID!) {
          eventHistory(id: $id) {
            type
            reason
            principal
          }
        }
      `,
      { id: visitId },
    );
    expect(history.data!.eventHistory.slice(-2)).toEqual([
      { type: 'EventRetracted', reason: 'Reuters withdrew the report', principal: 'apikey:desk-admin' },
      { type: 'EventRestored', reason: 'Reuters restored it', principal: 'apikey:desk-admin' },
    ]);
  });
});

describe('every kind of bad input gets BAD_USER_INPUT with the field path, and appends nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      'unknown actor id',
      {
        ...visitWithSlip,
        participants: [
          { actorId: '00000000-0000-4000-8000-00000000000a', role: 'GUEST' },
          visitWithSlip.participants[1],
        ],
      },
      'input.participants.0.actorId',
      /unknown actor id/,
    ],
    [
      'bad country code',
      { ...visitWithSlip, location: { placeName: 'Tehran', country: 'IR' } },
      'input.location.country',
      /ISO 3166-1 alpha-3/,
    ],
    [
      'end before start',
      { ...visitWithSlip, end: { value: '2022-07-18', precision: 'DAY', timeZone: 'Asia/Tehran' } },
      'input.end',
      /before/,
    ],
    [
      'speaker not a participant',
      { ...currenciesStatement, statement: { ...currenciesStatement.statement, speakerId: ids.erdogan } },
      'input.statement.speakerId',
      /participant/,
    ],
    [
      'agreement with one party',
      { ...syriaAgreement, agreement: { ...syriaAgreement.agreement, partyIds: [ids.putin] } },
      'input.agreement.partyIds',
      /at least two/,
    ],
    ['unknown CAMEO code', { ...visitWithSlip, cameoCode: '999' }, 'input.cameoCode', /unknown CAMEO event code/],
    ['oversized text', { ...visitWithSlip, title: 'x'.repeat(301) }, 'input.title', /longer than 300/],
    [
      'precision that does not match the value',
      { ...visitWithSlip, start: { value: '2022-07', precision: 'DAY', timeZone: 'Asia/Tehran' } },
      'input.start.value',
      /DAY/,
    ],
    [
      'a time zone that does not exist',
      { ...visitWithSlip, start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Mars/Olympus' } },
      'input.start.timeZone',
      /time zone/,
    ],
  ];
  it.each(cases)('%s', async (_name, input, field, message) => {
    const error = await refused(send('recordEvent', input), 'BAD_USER_INPUT');
    expect(error.problems.map((p: { field: string }) => p.field)).toContain(field);
    expect(error.message).toMatch(message);
  });

  it('reports all problems of a command at once', async () => {
    const error = await refused(
      send('recordEvent', {
        ...visitWithSlip,
        title: '',
        cameoCode: '999',
        location: { placeName: 'Tehran', country: 'XX' },
      }),
      'BAD_USER_INPUT',
    );
    expect(error.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['input.title', 'input.cameoCode', 'input.location.country']),
    );
  });

  it('answers a malformed request (a missing required field) before it reaches the domain', async () => {
    const before = await logSize();
    const response = await graphql(
      service,
      mutation('recordEvent'),
      { input: { kind: 'MEETING', title: 'x' } },
      editor,
    );
    expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await logSize()).toBe(before);
  });
});

describe('who may write', () => {
  it('needs a key for every mutation', async () => {
    const error = await refused(send('recordEvent', visitWithSlip, {}), 'UNAUTHENTICATED');
    expect(error.message).toMatch(/needs an API key with role editor/);
  });

  it('refuses readers and lets editors do editor work only', async () => {
    await refused(send('recordEvent', visitWithSlip, reader), 'FORBIDDEN');
    await refused(
      send(
        'mergeActors',
        { duplicateId: ids.putinDuplicate, survivorId: ids.putin, reason: 'x' },
        editor,
        'survivor { version }',
      ),
      'FORBIDDEN',
    );
  });

  it('refuses an unknown key even where none is needed', async () => {
    const response = await graphql(
      service,
      '{ eventHistory(id: "x") { version } }',
      {},
      { authorization: 'Bearer dtl_nope' },
    );
    expect(response.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('idempotency keys', () => {
  it('answers a retry with the first result and appends nothing', async () => {
    const input = { ...currenciesStatement, title: 'Khamenei on currencies (retried)', idempotencyKey: 'retry-1' };
    const first = await ok('recordEvent', input);
    const before = await logSize();
    const again = await ok('recordEvent', input);
    expect(again).toEqual(first);
    expect(await logSize()).toBe(before);
  });

  it('lets concurrent retries run the command once', async () => {
    const input = { ...currenciesStatement, title: 'Khamenei on currencies (raced)', idempotencyKey: 'race-1' };
    const before = await logSize();
    const results = await Promise.all(Array.from({ length: 5 }, () => ok('recordEvent', input)));
    expect(new Set(results.map((r) => r.eventId)).size).toBe(1);
    expect(await logSize()).toBe(before + 1);
  });

  it('answers the same key with other input with CONFLICT', async () => {
    await ok('recordEvent', { ...currenciesStatement, title: 'first use', idempotencyKey: 'reused' });
    const error = await refused(
      send('recordEvent', { ...currenciesStatement, title: 'other input', idempotencyKey: 'reused' }),
      'CONFLICT',
    );
    expect(error.message).toMatch(/idempotency key "reused" was used already/);
  });

  it('keeps keys per principal', async () => {
    const input = { ...currenciesStatement, title: 'per principal', idempotencyKey: 'shared-key' };
    const byEditor = await ok('recordEvent', input, editor);
    const byAdmin = await ok('recordEvent', input, admin);
    expect(byAdmin.eventId).not.toBe(byEditor.eventId);
  });
});

describe('merging actors', () => {
  it('folds a duplicate into its survivor; events naming the duplicate resolve to the survivor', async () => {
    await ok(
      'registerActor',
      { actorId: ids.putinDuplicate, kind: 'PERSON', name: 'V. Putin', country: 'RUS' },
      editor,
      'version',
    );
    const event = await ok('recordEvent', {
      ...currenciesStatement,
      title: 'Statement addressed to the duplicate',
      participants: [
        { actorId: ids.khamenei, role: 'SPEAKER' },
        { actorId: ids.putinDuplicate, role: 'ADDRESSEE' },
      ],
      statement: { ...currenciesStatement.statement, addresseeIds: [ids.putinDuplicate] },
    });
    const merged = await ok(
      'mergeActors',
      { duplicateId: ids.putinDuplicate, survivorId: ids.putin, reason: 'the same person, entered twice' },
      admin,
      'duplicate { version actor { status mergedInto } } survivor { version actor { aliases } }',
    );
    expect(merged.duplicate.actor).toEqual({ status: 'MERGED', mergedInto: ids.putin });
    expect(merged.survivor.actor.aliases).toContain('V. Putin');
    const history = await graphql(
      service,
      `
        query ($id: ID!) {
          actorHistory(id: $id) {
            type
            reason
          }
        }
      `,
      { id: ids.putinDuplicate },
    );
    expect(history.data!.actorHistory.at(-1)).toEqual({
      type: 'ActorMerged',
      reason: 'the same person, entered twice',
    });
    // The event as recorded still names the duplicate; its actor is the survivor.
    const revised = await ok('reviseEvent', {
      eventId: event.eventId,
      expectedVersion: 1,
      reason: 'typo',
      title: 'Statement addressed to Putin',
    });
    const addressee = revised.event.participants.find((p: { role: string }) => p.role === 'ADDRESSEE');
    expect(addressee.actor).toMatchObject({ actorId: ids.putin, name: 'Vladimir Putin' });
    // New events naming the duplicate are recorded with the survivor.
    const later = await ok('recordEvent', {
      ...currenciesStatement,
      title: 'Later statement naming the duplicate',
      participants: [
        { actorId: ids.khamenei, role: 'SPEAKER' },
        { actorId: ids.putinDuplicate, role: 'ADDRESSEE' },
      ],
      statement: { ...currenciesStatement.statement, addresseeIds: [ids.putinDuplicate] },
    });
    expect(later.event.participants.map((p: { actorId: string }) => p.actorId)).toEqual([ids.khamenei, ids.putin]);
    const onMerged = await refused(
      send('reviseActor', { actorId: ids.putinDuplicate, reason: 'x', name: 'Y' }, editor, 'version'),
      'CONFLICT',
    );
    expect(onMerged.message).toMatch(new RegExp(ids.putin));
  });
});
