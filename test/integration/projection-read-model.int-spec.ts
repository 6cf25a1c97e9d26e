import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { LogNotifications } from '../../src/event-store/log-notifications';
import { ProjectionRunner } from '../../src/timelines/projection/projection-runner';
import { TimelineQueries } from '../../src/timelines/queries/timeline-queries';
import { CARD_DOC_KEYS, DOC_KEYS_NOT_IN_CARD } from '../../src/timelines/read-model/read-model-ddl';
import { TIMELINE_CHANGES_CHANNEL } from '../../src/timelines/projection/projection-keys';
import { parseTimelineChange, type TimelineChange } from '../../src/timelines/projection/timeline-change';
import { tehranIds as ids, tehranLog } from '../../src/timelines/projection/testing/tehran-log';
import { notificationsDelivered } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** What the projection writes for the seed article's log, row by row where it matters. */
let db: TestDatabase;
let store: PostgresEventStore;
let notifications: LogNotifications;
let runner: ProjectionRunner;
let listener: Client;
const announced: TimelineChange[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  notifications = new LogNotifications(db.url);
  await notifications.start();
  listener = new Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (message) => {
    const change = parseTimelineChange(message.payload ?? '');
    if (change) announced.push(change);
  });
  await listener.query(`LISTEN ${TIMELINE_CHANGES_CHANNEL}`);
  // Small batches, so that versions of one event are closed both in memory and in the database.
  runner = new ProjectionRunner({ connectionString: db.url, store, notifications, batchSize: 3, pollIntervalMs: 200 });
  runner.start();
  const log = tehranLog();
  log.commit();
  for (const transaction of log.take()) await store.appendBatch(transaction);
  await runner.whenCaughtUp(20_000);
  await notificationsDelivered(listener, db.pool, TIMELINE_CHANGES_CHANNEL);
});

afterAll(async () => {
  await runner?.stop();
  await listener?.end();
  await notifications?.stop();
  await db.drop();
});

const versions = async (eventId: string) =>
  (
    await db.pool.query(
      `SELECT version, position::text, recorded_from, recorded_to, retracted, kind, title, valid_from, valid_to, start_precision,
              location_country, cameo_code, cameo_root, topics, countries, actor_ids::text[], search::text, doc
         FROM rm_1.event_versions WHERE event_id = $1 ORDER BY version`,
      [eventId],
    )
  ).rows;

const participants = async (eventId: string, version: number) =>
  (
    await db.pool.query(
      `SELECT actor_id::text, roles, actor_country, valid_from, recorded_from, recorded_to, retracted
         FROM rm_1.event_participants WHERE event_id = $1 AND version = $2 ORDER BY actor_id`,
      [eventId, version],
    )
  ).rows;

describe('the timeline projection', () => {
  it('writes a version per change, each closed in record time by the next', async () => {
    const visit = await versions(ids.visit);
    expect(visit.map((v) => v.version)).toEqual([1, 2, 3, 4]); // recorded, revised, AP attached, CNN detached (EventTagged skipped)
    for (let i = 0; i < visit.length - 1; i += 1) expect(visit[i].recorded_to).toEqual(visit[i + 1].recorded_from);
    expect(visit.at(-1).recorded_to).toBe(Infinity);
    const { rows: events } = await db.pool.query(
      `SELECT global_position::text, recorded_at FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`event-${ids.visit}`],
    );
    expect(visit.map((v) => v.position)).toEqual(events.slice(0, 4).map((e) => e.global_position));
    expect(visit[0]).toMatchObject({
      kind: 'MEETING',
      title: 'Putin visits Tehran',
      valid_from: new Date('2022-07-18T19:30:00.000Z'), // 19 July in Tehran (UTC+04:30)
      valid_to: new Date('2022-07-19T19:30:00.000Z'),
      start_precision: 'DAY',
      location_country: 'IRN',
      cameo_code: '042',
      cameo_root: '04',
      topics: ['strategic-ties', 'ukraine'],
      countries: ['IRN', 'RUS'],
      actor_ids: [ids.putin, ids.raisi],
      retracted: false,
    });
    expect(visit[0].search).toContain("'tehran':3A");
    expect(visit[0].search).toContain("'saudi':");
    expect(visit[1].search).not.toContain("'saudi':");
    expect(visit[3].doc.sources.map((s: { publisher: string }) => s.publisher)).toEqual(['Reuters', 'AP']);
    expect(visit[1].doc).toMatchObject({ status: 'RECORDED', revisionCount: 1, eventId: ids.visit });
  });

  it('copies start, record time and retraction onto participant rows, with the actor country as known then', async () => {
    const summit = await versions(ids.summit);
    expect(summit.map((v) => [v.version, v.start_precision, v.valid_to.toISOString()])).toEqual([
      [1, 'DAY', '2022-07-19T19:30:00.000Z'],
      [2, 'DAY', '2022-07-20T19:30:00.000Z'], // end 20 July
      [3, 'MONTH', '2022-07-31T19:30:00.000Z'],
    ]);
    const first = await participants(ids.summit, 1);
    expect(first.find((p) => p.actor_id === ids.erdogan)).toMatchObject({
      actor_country: null,
      roles: ['PARTICIPANT'],
    });
    expect(summit[0].countries).toEqual(['IRN', 'RUS', 'SYR']); // Erdogan had no country yet
    const third = await participants(ids.summit, 3);
    expect(third.find((p) => p.actor_id === ids.erdogan)).toMatchObject({ actor_country: 'TUR' });
    expect(summit[2].countries).toEqual(['IRN', 'RUS', 'SYR', 'TUR']);
    for (const p of first) {
      expect(p.valid_from).toEqual(summit[0].valid_from);
      expect(p.recorded_from).toEqual(summit[0].recorded_from);
      expect(p.recorded_to).toEqual(summit[0].recorded_to);
    }
    expect(third.every((p) => p.recorded_to === Infinity)).toBe(true);
  });

  it('marks retracted versions, and their participant rows, until restored', async () => {
    const warning = await versions(ids.syriaWarning);
    expect(warning.map((v) => [v.version, v.retracted])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect((await participants(ids.syriaWarning, 2)).every((p) => p.retracted)).toBe(true);
    expect(warning[1].doc).toMatchObject({ status: 'RETRACTED', retractionReason: 'reported twice' });
  });

  it('keeps rows written before an actor merge as written; versions written after it name the survivor', async () => {
    // Merges are bitemporal (a page resolves them as known at its asOf): the merge rewrites no row.
    const visit = await versions(ids.importedVisit);
    expect(visit.map((v) => v.actor_ids)).toEqual([
      [ids.putinImported, ids.raisi], // recorded by the import, before the merge
      [ids.putin, ids.raisi], // the revision after it, joining roles under the survivor
    ]);
    expect(visit[0].doc.participants[0].actorId).toBe(ids.putinImported); // the doc keeps what was recorded
    expect(visit[1].doc.participants[0].actorId).toBe(ids.putin); // the revision records the survivor
    expect((await participants(ids.importedVisit, 1)).map((p) => p.actor_id).sort()).toEqual(
      [ids.putinImported, ids.raisi].sort(),
    );
    expect((await participants(ids.importedVisit, 2)).map((p) => p.actor_id).sort()).toEqual(
      [ids.putin, ids.raisi].sort(),
    );
    // Naming both Putins: two rows before the merge, one with both roles in the revision after it.
    const before = await participants(ids.importedStatement, 1);
    expect(before.find((p) => p.actor_id === ids.putinImported)).toMatchObject({ roles: ['SPEAKER'] });
    expect(before.find((p) => p.actor_id === ids.putin)).toMatchObject({ roles: ['MENTIONED'] });
    const after = await participants(ids.importedStatement, 2);
    expect(after.find((p) => p.actor_id === ids.putin)).toMatchObject({ roles: ['SPEAKER', 'MENTIONED'] });
    expect(after.find((p) => p.actor_id === ids.putinImported)).toBeUndefined();
    // No row naming the duplicate starts at or after the merge.
    const { rows } = await db.pool.query(
      `SELECT count(*) FILTER (WHERE p.recorded_from >= m.recorded_from)::int AS after_merge, count(*)::int AS n
         FROM rm_1.event_participants p
        CROSS JOIN (SELECT recorded_from FROM rm_1.actor_versions WHERE actor_id = $1 AND merged_into IS NOT NULL) m
        WHERE p.actor_id = $1`,
      [ids.putinImported],
    );
    expect(rows[0]).toEqual({ after_merge: 0, n: 2 }); // the visit and the statement, first versions
    const { rows: actors } = await db.pool.query(
      `SELECT actor_id::text, merged_into::text, search, aliases FROM rm_1.actors WHERE actor_id = ANY($1::uuid[]) ORDER BY name`,
      [[ids.putin, ids.putinImported]],
    );
    expect(actors).toEqual([
      { actor_id: ids.putinImported, merged_into: ids.putin, search: 'vladimir putin v. putin', aliases: ['V. Putin'] },
      {
        actor_id: ids.putin,
        merged_into: null,
        search: 'vladimir putin vladimir putin putin v. putin',
        aliases: ['VLADIMIR PUTIN', 'Putin', 'V. Putin'],
      },
    ]);
  });

  it('tracks agreement status changes as versions', async () => {
    const agreement = await versions(ids.syriaAgreement);
    expect(agreement.map((v) => v.doc.agreement.status)).toEqual(['SIGNED', 'IN_FORCE', 'SUSPENDED']);
  });

  it('counts skipped events in the checkpoint and announces each change once', async () => {
    const { rows } = await db.pool.query(
      `SELECT (SELECT position::text FROM rm_1.checkpoint) AS checkpoint, (SELECT max(global_position)::text FROM events) AS head`,
    );
    expect(rows[0].checkpoint).toBe(rows[0].head);
    const { rows: counts } = await db.pool.query(`SELECT count(*)::int AS n FROM rm_1.event_versions`);
    expect(announced.length).toBeGreaterThan(0);
    expect(announced.length).toBeLessThanOrEqual(counts[0].n);
    const last = new Map(announced.map((change) => [change.eventId, change]));
    expect(last.get(ids.syriaAgreement)).toMatchObject({ version: 3, change: 'STATUS' });
    expect(announced.find((change) => change.eventId === ids.visit)).toMatchObject({ version: 1, change: 'RECORDED' });
  });

  it('writes what a page reads on each version: the merged ids its doc names, and its card', async () => {
    const { rows } = await db.pool.query<{
      merged_ids: string[];
      actor_ids: string[];
      card: Record<string, unknown>;
      doc: Record<string, unknown> & { participants: { actorId: string }[] };
    }>(
      `SELECT merged_ids::text[], actor_ids::text[], card, doc FROM rm_1.event_versions WHERE event_id = $1 ORDER BY version`,
      [ids.importedVisit],
    );
    // Recorded under the duplicate before the merge: kept so (the revision after it records the survivor).
    expect(rows.map((row) => row.merged_ids)).toEqual([[], []]);
    for (const row of rows) {
      const named = row.doc.participants.map((p) => p.actorId).filter((id) => !row.actor_ids.includes(id));
      expect(row.merged_ids).toEqual([...new Set(named)]);
      expect(Object.keys(row.card).sort()).toEqual([...CARD_DOC_KEYS].sort());
      for (const key of CARD_DOC_KEYS) expect(row.card[key]).toEqual(row.doc[key]);
    }
    const { rows: none } = await db.pool.query(
      `SELECT count(*)::int AS n FROM rm_1.event_versions WHERE merged_ids IS NULL OR card IS NULL`,
    );
    expect(none[0].n).toBe(0);
  });

  it('answers a page from the card and merged ids as from the doc (rows written before they existed)', async () => {
    const page = (queries: TimelineQueries) =>
      queries.timeline({ actorIds: { anyOf: [ids.putin] } }, { first: 50, omitDocKeys: DOC_KEYS_NOT_IN_CARD });
    const fromCards = await page(new TimelineQueries(db.pool, async () => 'rm_1'));
    expect(fromCards.edges.length).toBeGreaterThan(3);
    const visit = fromCards.edges.find((edge) => edge.node.eventId === ids.importedVisit)!.node;
    expect(visit.participants.map((p) => p.actorId)).toEqual([ids.putin, ids.raisi]);
    expect(visit.doc.participants.map((p) => p.actorId)).toContain(ids.putin);
    // Recorded under the duplicate: shown as its survivor, the roles of both joined.
    const statement = fromCards.edges.find((edge) => edge.node.eventId === ids.importedStatement)!.node;
    expect(statement.participants.find((p) => p.actorId === ids.putin)?.roles).toEqual(['SPEAKER', 'MENTIONED']);
    expect(statement.doc.participants.map((p) => p.actorId)).not.toContain(ids.putinImported);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE rm_1.event_versions SET card = NULL, merged_ids = NULL');
      const fromDocs = await page(new TimelineQueries(client as never, async () => 'rm_1'));
      expect(fromDocs).toEqual(fromCards);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
