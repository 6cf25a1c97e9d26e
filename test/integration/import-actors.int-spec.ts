import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { importedActorId } from '../../src/admin/import/import-batch';
import { ImportService } from '../../src/admin/import/import.service';
import {
  actorState,
  importFile,
  logCounts,
  mergeActors,
  registerActor,
  textStream,
} from '../../src/admin/import/testing/import-fixtures';
import { actorStreamId, eventStreamId } from '../../src/diplomacy';
import type { Actor } from '../../src/diplomacy/actors/actor-types';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { eventIdFor } from '../../src/imports';
import { FIXTURES } from '../../src/imports/testing/collect';
import { insertActors } from '../support/read-model-fixtures';
import { importDatabaseForEachTest } from '../support/import-database';
import type { TestDatabase } from '../support/test-database';

// Matching imported actor descriptors to existing actors: by CAMEO code, then by name or alias
// with the country, among actors of the same kind; merged actors resolve to their survivor.
const EXCERPT = join(FIXTURES, 'gdelt-excerpt.CSV');
const BRAZIL_VISITS_CHINA = eventStreamId(eventIdFor('GDELT', '881991178')); // line 12: BRAGOV 042 CHN
const CHINA_VISITS_BRAZIL = eventStreamId(eventIdFor('GDELT', '881991283')); // line 13: CHN 042 BRAGOV

let db: TestDatabase;
let store: PostgresEventStore;
let service: ImportService;
importDatabaseForEachTest((context) => ({ db, store, service } = context));

const participants = async (streamId: string) =>
  ((await store.readStream(streamId))[0]!.data as { participants: unknown[] }).participants;

describe('matching actors', () => {
  it('uses a registered actor with the CAMEO code, and one whose alias and country match, instead of registering them', async () => {
    const china = await registerActor(store, {
      kind: 'STATE',
      name: "People's Republic of China",
      country: 'CHN',
      cameoCode: 'CHN',
    });
    const brazilGov = await registerActor(store, {
      kind: 'ORGANIZATION',
      name: 'Brazilian federal government',
      aliases: ['Government (Brazil)'],
      country: 'BRA',
    });
    // A person coded BRAGOV is not the Brazilian government.
    await registerActor(store, { kind: 'PERSON', name: 'Jair Bolsonaro', country: 'BRA', cameoCode: 'BRAGOV' });

    const { summary } = await importFile(service, EXCERPT, { format: 'gdelt', cluster: 'none' });
    expect(summary).toMatchObject({ imported: 13, actorsMatched: 2 });
    expect(await participants(BRAZIL_VISITS_CHINA)).toEqual([
      { actorId: brazilGov, role: 'GUEST' },
      { actorId: china, role: 'HOST' },
    ]);
    expect(await participants(CHINA_VISITS_BRAZIL)).toEqual([
      { actorId: china, role: 'GUEST' },
      { actorId: brazilGov, role: 'HOST' },
    ]);
    expect(await store.streamVersion(actorStreamId(importedActorId('cameo:CHN')))).toBe(0);
    expect(await store.streamVersion(actorStreamId(importedActorId('cameo:BRAGOV')))).toBe(0);
  });

  it('records a merged actor as its survivor', async () => {
    const duplicate = await registerActor(store, {
      kind: 'STATE',
      name: 'China (imported)',
      country: 'CHN',
      cameoCode: 'CHN',
    });
    const survivor = await registerActor(store, { kind: 'STATE', name: 'China', country: 'CHN' });
    await mergeActors(store, duplicate, survivor);

    await importFile(service, EXCERPT, { format: 'gdelt', cluster: 'none' });
    expect(await participants(BRAZIL_VISITS_CHINA)).toContainEqual({ actorId: survivor, role: 'HOST' });
    expect(await participants(CHINA_VISITS_BRAZIL)).toContainEqual({ actorId: survivor, role: 'GUEST' });
  });

  it('matches actors the read model holds and those the log has beyond its checkpoint', async () => {
    // As if the projector had stored an actor and moved its checkpoint past everything logged so far.
    const chinaRow = randomUUID();
    await registerActor(store, { kind: 'STATE', name: 'Denmark', country: 'DNK', cameoCode: 'DNK' });
    await db.pool.query(
      `UPDATE rm_1.checkpoint SET (transaction_id, position) = (SELECT transaction_id, global_position FROM events ORDER BY global_position DESC LIMIT 1)`,
    );
    const row: Actor = {
      status: 'ACTIVE',
      actorId: chinaRow,
      kind: 'STATE',
      name: 'China',
      aliases: [],
      country: 'CHN',
      cameoCode: 'CHN',
      roles: [],
      mergedInto: null,
      absorbedActorIds: [],
    };
    await insertActors(db.pool, 'rm_1', [row]);
    // After the checkpoint: only in the log.
    const brazilGov = await registerActor(store, {
      kind: 'ORGANIZATION',
      name: 'Government (Brazil)',
      country: 'BRA',
      cameoCode: 'BRAGOV',
    });

    await importFile(service, EXCERPT, { format: 'gdelt', cluster: 'none' });
    expect(await participants(BRAZIL_VISITS_CHINA)).toEqual([
      { actorId: brazilGov, role: 'GUEST' },
      { actorId: chinaRow, role: 'HOST' },
    ]);
  });
});

describe('NDJSON, the service’s own format', () => {
  const ids = {
    putin: randomUUID(),
    raisi: randomUUID(),
    iran: randomUUID(),
    visit: randomUUID(),
    statement: randomUUID(),
  };
  const day = { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' };
  const lines = [
    {
      eventId: ids.visit,
      kind: 'MEETING',
      title: 'Putin visits Tehran',
      start: day,
      participants: [
        { actorId: ids.putin, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
        { actorId: ids.raisi, role: 'HOST', actor: { kind: 'PERSON', name: 'Ebrahim Raisi', country: 'IRN' } },
      ],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    },
    {
      eventId: ids.statement,
      kind: 'STATEMENT',
      title: 'Raisi on the visit',
      start: day,
      // Raisi by id alone: registered by the line above.
      participants: [
        { actorId: ids.raisi, role: 'SPEAKER' },
        {
          actorId: ids.iran,
          role: 'MENTIONED',
          actor: { kind: 'STATE', name: 'Iran', country: 'IRN', cameoCode: 'IRN' },
        },
      ],
      statement: { speakerId: ids.raisi, mode: 'PARAPHRASE', text: 'The talks were useful.', language: 'en' },
      links: [{ type: 'FOLLOW_UP_OF', targetEventId: ids.visit }],
    },
    {
      kind: 'MEETING',
      title: 'Talks with someone nobody registered',
      start: day,
      participants: [
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: '00000000-0000-4000-8000-000000000000', role: 'PARTICIPANT' },
      ],
      meeting: { format: 'PHONE', type: 'BILATERAL' },
    },
  ];
  const file = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;

  it('registers the described actors under their own ids and records the events, links included', async () => {
    // One line per batch: the statement links to the visit, and names Raisi, of the batch before.
    const lineByLine = new ImportService(db.pool, store, 1);
    const { summary, rejects } = await importFile(lineByLine, textStream(file), {
      format: 'ndjson',
      principal: 'apikey:admin',
    });
    expect(summary).toMatchObject({ lines: 3, imported: 2, rejected: 1, actorsCreated: 3, actorsMatched: 0 });
    expect(rejects).toEqual([
      {
        lineNumber: 3,
        code: 'DOMAIN_RULE',
        reason: expect.stringContaining('unknown actor id 00000000-0000-4000-8000-000000000000'),
        externalId: expect.any(String),
      },
    ]);
    expect(await actorState(store, ids.putin)).toMatchObject({
      status: 'ACTIVE',
      kind: 'PERSON',
      name: 'Vladimir Putin',
      country: 'RUS',
    });
    expect(await actorState(store, ids.iran)).toMatchObject({ kind: 'STATE', cameoCode: 'IRN' });
    const [statement] = await store.readStream(eventStreamId(ids.statement));
    expect(statement).toMatchObject({
      data: { statement: { speakerId: ids.raisi }, links: [{ type: 'FOLLOW_UP_OF', targetEventId: ids.visit }] },
      metadata: {
        principal: 'apikey:admin',
        provenance: { source: 'NDJSON', externalId: ids.statement, lineNumber: 2 },
      },
    });
    expect(await logCounts(db.pool)).toEqual({ ActorRegistered: 3, EventRecorded: 2 });

    const again = await importFile(service, textStream(file), { format: 'ndjson' });
    expect(again.summary).toMatchObject({ imported: 0, alreadyPresent: 2, rejected: 1, actorsCreated: 0 });
    expect(await logCounts(db.pool)).toEqual({ ActorRegistered: 3, EventRecorded: 2 });
  });

  it('matches a described actor to an existing one of that name and country rather than registering its id', async () => {
    const putin = await registerActor(store, { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' });
    await importFile(service, textStream(file), { format: 'ndjson' });
    expect(await participants(eventStreamId(ids.visit))).toContainEqual({ actorId: putin, role: 'GUEST' });
    expect(await store.streamVersion(actorStreamId(ids.putin))).toBe(0);
  });
});
