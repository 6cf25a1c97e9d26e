import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '../../src/event-store/event-store';
import type { RunningService } from '../../src/service';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { apiKeyHeader, graphql, startTestApp, mutation } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Actors on the read side come from the read model, as known now or at a past moment; mutation
 * answers come from the log. The service runs without a projector: the test projects when it
 * chooses (a ProjectionRunner run until caught up), so that the log can be ahead of the read model.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;

const RAISI = '6f1d3c52-2b0e-4c59-9a53-0f4f2d8f7a01';
const IRAN = '6f1d3c52-2b0e-4c59-9a53-0f4f2d8f7a02';
const LATECOMER = '6f1d3c52-2b0e-4c59-9a53-0f4f2d8f7a03';
let meetingId: string;
let registeredAt: Date;
let renamedAt: Date;
let head = '0';

async function project(): Promise<void> {
  const runner = new ProjectionRunner({ connectionString: db.url, store: new PostgresEventStore(db.pool) });
  runner.start();
  try {
    await runner.whenCaughtUp(30_000);
  } finally {
    await runner.stop();
  }
}

async function mutate(name: string, input: Record<string, unknown>, answer: string) {
  const answered = await mutation(service, editor, name, input, answer);
  head = answered.position;
  return answered;
}

async function query(text: string, variables: Record<string, unknown> = {}) {
  const response = await graphql(service, text, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

const recordedAt = async (type: string, streamId: string): Promise<Date> =>
  (
    await db.pool.query<{ at: Date }>(`SELECT recorded_at AS at FROM events WHERE type = $1 AND stream_id = $2`, [
      type,
      streamId,
    ])
  ).rows[0]!.at;
const justBefore = (at: Date) => new Date(at.getTime() - 1).toISOString();

const ACTOR = `query($id: ID!, $asOf: DateTime, $p: String) { actor(id: $id, asOf: $asOf, minPosition: $p) { actorId name aliases status version } }`;
const PAGE = `query($asOf: DateTime, $p: String) { timeline(asOf: $asOf, minPosition: $p) { edges { node { title participants { actorId actor { name aliases } } } } } }`;
const EVENT = `query($id: ID!, $asOf: DateTime) { event(id: $id, asOf: $asOf) { title participants { actor { name aliases } } } }`;
const EVENT_ID = `query($id: ID!, $asOf: DateTime) { event(id: $id, asOf: $asOf) { id } }`;

/** The participants' names and aliases on a page: "name (alias, alias)". */
const named = (data: Record<string, any>) =>
  data.timeline.edges.flatMap(
    (edge: { node: { participants: Array<{ actor: { name: string; aliases: string[] } }> } }) =>
      edge.node.participants.map((p) => `${p.actor.name} (${p.actor.aliases.join(', ')})`),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { runProjector: false });
  editor = await apiKeyHeader(service, 'editor');
  await mutate(
    'registerActor',
    { actorId: RAISI, kind: 'PERSON', name: 'Ebrahim Raisi', aliases: ['Raisi'], country: 'IRN' },
    'actorId',
  );
  await mutate('registerActor', { actorId: IRAN, kind: 'STATE', name: 'Iran', country: 'IRN' }, 'actorId');
  meetingId = (
    await mutate(
      'recordEvent',
      {
        kind: 'MEETING',
        title: 'Raisi chairs a cabinet meeting',
        start: { value: '2022-07-18', precision: 'DAY', timeZone: 'Asia/Tehran' },
        participants: [
          { actorId: RAISI, role: 'PARTICIPANT' },
          { actorId: IRAN, role: 'PARTICIPANT' },
        ],
        meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
      },
      'eventId',
    )
  ).eventId;
  await project();
  registeredAt = await recordedAt('ActorRegistered', `actor-${RAISI}`);
}, 60_000);

afterAll(async () => {
  await service?.shutdown();
  await db?.drop();
});

describe('with the log ahead of the read model (projector paused)', () => {
  it('answers mutations from the log', async () => {
    const revised = await mutate(
      'reviseActor',
      { actorId: RAISI, reason: 'full name', name: 'Seyyed Ebrahim Raisi', aliases: ['Raisi', 'Raeisi'] },
      'actor { name aliases version }',
    );
    expect(revised.actor).toEqual({ name: 'Seyyed Ebrahim Raisi', aliases: ['Raisi', 'Raeisi'], version: 2 });
    renamedAt = await recordedAt('ActorRevised', `actor-${RAISI}`);

    // The event's participants in the answer: the renamed actor, read from the log.
    const event = await mutate(
      'reviseEvent',
      { eventId: meetingId, expectedVersion: 1, reason: 'where', title: 'Raisi chairs a cabinet meeting in Tehran' },
      'event { participants { actor { name aliases } } }',
    );
    expect(event.event.participants.map((p: { actor: { name: string } }) => p.actor.name)).toEqual([
      'Seyyed Ebrahim Raisi',
      'Iran',
    ]);

    // An actor the read model has never seen, in the answer that names it.
    await mutate('registerActor', { actorId: LATECOMER, kind: 'PERSON', name: 'Hossein Amir-Abdollahian' }, 'actorId');
    const statement = await mutate(
      'recordEvent',
      {
        kind: 'STATEMENT',
        title: 'Amir-Abdollahian speaks of Raisi',
        start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
        participants: [
          { actorId: LATECOMER, role: 'SPEAKER' },
          { actorId: RAISI, role: 'MENTIONED' },
        ],
        statement: { speakerId: LATECOMER, mode: 'PARAPHRASE', text: 'The president is in Tehran.', language: 'en' },
      },
      'event { participants { actor { name } } }',
    );
    expect(statement.event.participants.map((p: { actor: { name: string } }) => p.actor.name)).toEqual([
      'Hossein Amir-Abdollahian',
      'Seyyed Ebrahim Raisi',
    ]);
  });

  it('answers reads from the read model: nothing of what is not projected yet', async () => {
    expect((await query(ACTOR, { id: RAISI })).actor).toMatchObject({
      name: 'Ebrahim Raisi',
      aliases: ['Raisi'],
      version: 1,
    });
    const missing = await graphql(service, ACTOR, { id: LATECOMER });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });

    const page = await query(PAGE);
    expect(page.timeline.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual([
      'Raisi chairs a cabinet meeting',
    ]);
    // Names come with the page, aliases are loaded afterwards: both from the read model.
    expect(named(page)).toEqual(['Ebrahim Raisi (Raisi)', 'Iran ()']);
    expect((await query(EVENT, { id: meetingId })).event.participants[0].actor).toEqual({
      name: 'Ebrahim Raisi',
      aliases: ['Raisi'],
    });
  });

  it('answers reads with what was written once it is projected (minPosition)', async () => {
    await project();
    expect((await query(ACTOR, { id: RAISI, p: head })).actor).toMatchObject({
      name: 'Seyyed Ebrahim Raisi',
      aliases: ['Raisi', 'Raeisi'],
      version: 2,
    });
    expect(named(await query(PAGE, { p: head }))).toEqual([
      'Seyyed Ebrahim Raisi (Raisi, Raeisi)',
      'Iran ()',
      'Hossein Amir-Abdollahian ()',
      'Seyyed Ebrahim Raisi (Raisi, Raeisi)',
    ]);
  });
});

describe('actors as known at a past moment', () => {
  it('actor(id, asOf) answers the version current then', async () => {
    expect((await query(ACTOR, { id: RAISI, asOf: justBefore(renamedAt) })).actor).toEqual({
      actorId: RAISI,
      name: 'Ebrahim Raisi',
      aliases: ['Raisi'],
      status: 'ACTIVE',
      version: 1,
    });
    expect((await query(ACTOR, { id: RAISI, asOf: renamedAt.toISOString() })).actor).toMatchObject({
      name: 'Seyyed Ebrahim Raisi',
      version: 2,
    });
    expect((await query(ACTOR, { id: RAISI })).actor).toMatchObject({ name: 'Seyyed Ebrahim Raisi', version: 2 });
  });

  it('actor(id, asOf) before the actor was registered is NOT_FOUND', async () => {
    const { errors } = await graphql(service, ACTOR, { id: RAISI, asOf: justBefore(registeredAt) });
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(errors![0]!.message).toContain('was known at');
  });

  it('names the participants of an asOf page as they were known then, before and after a rename', async () => {
    expect(named(await query(PAGE, { asOf: justBefore(renamedAt) }))).toEqual(['Ebrahim Raisi (Raisi)', 'Iran ()']);
    expect(named(await query(PAGE, { asOf: renamedAt.toISOString() }))).toEqual([
      'Seyyed Ebrahim Raisi (Raisi, Raeisi)',
      'Iran ()',
    ]);
    expect((await query(EVENT, { id: meetingId, asOf: justBefore(renamedAt) })).event.participants[0].actor).toEqual({
      name: 'Ebrahim Raisi',
      aliases: ['Raisi'],
    });
    expect((await query(EVENT, { id: meetingId })).event.participants[0].actor).toEqual({
      name: 'Seyyed Ebrahim Raisi',
      aliases: ['Raisi', 'Raeisi'],
    });
  });

  it('node(id) of an old event version names its participants as known when it was recorded', async () => {
    const NODE = `query($id: ID!) { node(id: $id) { ... on DiplomaticEvent { version participants { actor { name aliases } } } } }`;
    const first = (await query(EVENT_ID, { id: meetingId, asOf: justBefore(renamedAt) })).event.id as string;
    const current = (await query(EVENT_ID, { id: meetingId })).event.id as string;
    expect((await query(NODE, { id: first })).node).toEqual({
      version: 1,
      participants: [
        { actor: { name: 'Ebrahim Raisi', aliases: ['Raisi'] } },
        { actor: { name: 'Iran', aliases: [] } },
      ],
    });
    expect((await query(NODE, { id: current })).node.participants[0].actor).toEqual({
      name: 'Seyyed Ebrahim Raisi',
      aliases: ['Raisi', 'Raeisi'],
    });
  });
});
