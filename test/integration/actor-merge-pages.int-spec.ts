import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ParticipantRole } from '../../src/diplomacy/events/event-types';
import {
  encodeTimelineCursor,
  TimelineQueries,
  type TimelineFilter,
  type TimelineNode,
} from '../../src/timelines/queries/index';
import { cardSql } from '../../src/timelines/read-model/read-model-ddl';
import { SPARSE_ROWS } from '../../src/timelines/queries/timeline-sql';
import type { Actor } from '../../src/diplomacy/actors/actor-types';
import {
  eventDoc,
  insertEvents,
  loadSyntheticReadModel,
  revised,
  syntheticActorId,
  type EventHistory,
} from '../support/read-model-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Pages, counts and buckets of actor filters under bitemporal actor merges, checked against a
 * brute-force reference: each side's group worked out here from the merges made (not by the
 * statements' CTEs), and the events read version by version with an EXISTS per side. The model is
 * synthetic and busy enough that a dyad's two groups both have SPARSE_ROWS rows or more: then a
 * dyad page merge-joins the survivors' ranges and reads each merged member's range apart (see
 * candidates in timeline-sql.ts), the way these cases are about.
 *
 * The merges, written as the projector writes them (actors row current, actor_versions bitemporal;
 * no participant row changes):
 *   T1: actor 150 into actor 4, actor 160 into actor 1;
 *   RENAMED: actor 2 renamed;
 *   T2: actor 4 into actor 2 (so 150 into 4 into 2, a chain).
 * The synthetic events were all recorded before the merges. A few more are written as the
 * projector writes them later (rows under the survivor known when written, merged_ids the ids of
 * the doc it replaced): some between T1 and T2, some after T2, and some first recorded before the
 * merges and revised after T2 (their first version under the duplicate, the second under the
 * survivor).
 */
const EVENTS = 30_000;
const ACTORS = 200;
const n = (i: number) => syntheticActorId(i);
const T1 = new Date('2024-01-01T00:00:00Z');
const RENAMED = new Date('2024-02-15T00:00:00Z');
const T2 = new Date('2024-03-01T00:00:00Z');
const MERGES: { from: string; into: string; at: Date }[] = [
  { from: n(150), into: n(4), at: T1 },
  { from: n(160), into: n(1), at: T1 },
  { from: n(4), into: n(2), at: T2 },
];
/** Every actor version this file writes (the others stay version 1, "Synthetic Actor i"). */
const VERSIONS: Record<string, { from: Date; name: string; mergedInto: string | null }[]> = {
  [n(150)]: [
    { from: new Date('2022-01-01T00:00:00Z'), name: 'Synthetic Actor 150', mergedInto: null },
    { from: T1, name: 'Synthetic Actor 150', mergedInto: n(4) },
  ],
  [n(160)]: [
    { from: new Date('2022-01-01T00:00:00Z'), name: 'Synthetic Actor 160', mergedInto: null },
    { from: T1, name: 'Synthetic Actor 160', mergedInto: n(1) },
  ],
  [n(1)]: [
    { from: new Date('2022-01-01T00:00:00Z'), name: 'Synthetic Actor 1', mergedInto: null },
    { from: T1, name: 'Synthetic Actor 1', mergedInto: null },
  ],
  [n(4)]: [
    { from: new Date('2022-01-01T00:00:00Z'), name: 'Synthetic Actor 4', mergedInto: null },
    { from: T1, name: 'Synthetic Actor 4', mergedInto: null },
    { from: T2, name: 'Synthetic Actor 4', mergedInto: n(2) },
  ],
  [n(2)]: [
    { from: new Date('2022-01-01T00:00:00Z'), name: 'Synthetic Actor 2', mergedInto: null },
    { from: RENAMED, name: 'Renamed Actor 2', mergedInto: null },
    { from: T2, name: 'Renamed Actor 2', mergedInto: null },
  ],
};
/** Record times to read at: half the events recorded; all, before the merges; between; after; now. */
const AS_OF: (Date | undefined)[] = [
  new Date('2023-01-01T04:00:00Z'),
  new Date('2023-06-01T00:00:00Z'),
  new Date('2024-02-01T00:00:00Z'),
  new Date('2024-04-01T00:00:00Z'),
  undefined,
];
const label = (asOf: Date | undefined) => asOf?.toISOString() ?? 'now';
const known = (at: Date, asOf: Date | undefined) => asOf === undefined || at.getTime() <= asOf.getTime();

/** The survivor of an actor as known at asOf: its merges known then followed. */
function survivorAt(id: string, asOf: Date | undefined): string {
  let current = id;
  for (;;) {
    const merge = MERGES.find((m) => m.from === current && known(m.at, asOf));
    if (!merge) return current;
    current = merge.into;
  }
}

/** The actors whose rows are the events of `id` as known at asOf: its survivor and those merged into it. */
function groupAt(id: string, asOf: Date | undefined): string[] {
  const survivor = survivorAt(id, asOf);
  return [survivor, ...MERGES.map((m) => m.from).filter((m) => m !== survivor && survivorAt(m, asOf) === survivor)];
}

/** [name, version, mergedInto] of an actor as known at asOf. */
function actorAt(id: string, asOf: Date | undefined): [string, number, string | null] {
  const versions = VERSIONS[id];
  if (!versions) {
    const i = [...Array(ACTORS).keys()].map((k) => k + 1).find((k) => n(k) === id)!;
    return [`Synthetic Actor ${i}`, 1, null];
  }
  const index = versions.map((v) => known(v.from, asOf)).lastIndexOf(true);
  return [versions[index]!.name, index + 1, versions[index]!.mergedInto];
}

type Side = { actor: string; roles?: ParticipantRole[] };
type Case = { name: string; filter: TimelineFilter; sides: Side[] };
const year2010to2013 = { from: '2010-01-01T00:00:00Z', to: '2013-01-01T00:00:00Z' };
const CASES: Case[] = [
  {
    name: 'dyad of two survivors, each with merged members',
    filter: { dyad: { actors: [n(1), n(2)] } },
    sides: [{ actor: n(1) }, { actor: n(2) }],
  },
  {
    name: 'dyad of two survivors, one with merged members, in a date range',
    filter: { dyad: { actors: [n(3), n(1)] }, dateRange: year2010to2013 },
    sides: [{ actor: n(3) }, { actor: n(1) }],
  },
  {
    name: 'dyad naming a duplicate at the end of a chain',
    filter: { dyad: { actors: [n(150), n(3)] } },
    sides: [{ actor: n(150) }, { actor: n(3) }],
  },
  {
    name: 'dyad naming the middle of a chain and the busiest',
    filter: { dyad: { actors: [n(1), n(4)] } },
    sides: [{ actor: n(1) }, { actor: n(4) }],
  },
  {
    // Once merged, one group on both sides: every event of it matches, a single participant row
    // standing for both sides (as before the statements changed; not "two different participants").
    name: 'dyad of an actor and one merged into it',
    filter: { dyad: { actors: [n(4), n(2)] } },
    sides: [{ actor: n(4) }, { actor: n(2) }],
  },
  {
    name: 'directed dyad of actors with roles',
    filter: {
      dyad: { from: { actor: n(1), roles: ['GUEST', 'PARTICIPANT'] }, to: { actor: n(2), roles: ['HOST'] } },
    },
    sides: [
      { actor: n(1), roles: ['GUEST', 'PARTICIPANT'] },
      { actor: n(2), roles: ['HOST'] },
    ],
  },
  {
    name: 'directed dyad of actors with roles, a duplicate named',
    filter: {
      dyad: { from: { actor: n(4), roles: ['HOST', 'SPEAKER'] }, to: { actor: n(160), roles: ['GUEST', 'ADDRESSEE'] } },
    },
    sides: [
      { actor: n(4), roles: ['HOST', 'SPEAKER'] },
      { actor: n(160), roles: ['GUEST', 'ADDRESSEE'] },
    ],
  },
  {
    name: 'allOf of two',
    filter: { actorIds: { allOf: [n(2), n(1)] } },
    sides: [{ actor: n(2) }, { actor: n(1) }],
  },
  {
    name: 'allOf of two, in roles',
    filter: { actorIds: { allOf: [n(1), n(4)], roles: ['PARTICIPANT', 'SIGNATORY', 'HOST'] } },
    sides: [
      { actor: n(1), roles: ['PARTICIPANT', 'SIGNATORY', 'HOST'] },
      { actor: n(4), roles: ['PARTICIPANT', 'SIGNATORY', 'HOST'] },
    ],
  },
  {
    name: 'allOf of three',
    filter: { actorIds: { allOf: [n(1), n(2), n(3)] } },
    sides: [{ actor: n(1) }, { actor: n(2) }, { actor: n(3) }],
  },
  {
    name: 'allOf of three, a duplicate third',
    filter: { actorIds: { allOf: [n(2), n(3), n(160)] } },
    sides: [{ actor: n(2) }, { actor: n(3) }, { actor: n(160) }],
  },
];

/** An event id of the ones written here: series w (between the merges), x (after), y (revised after). */
const written = (series: 'w' | 'x' | 'y', k: number) =>
  `${{ w: 'a1', x: 'b2', y: 'c3' }[series]}000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
const WRITTEN = 8;

/**
 * Versions written by the projector after (some of) the merges: insertEvents resolves the doc's
 * ids with the merges given (those known when the version was written), then merged_ids and the
 * card are set as the projector sets them.
 */
async function writeLater(histories: EventHistory[], merges: typeof MERGES): Promise<void> {
  const { rows } = await db.pool.query<{ doc: Actor }>(`SELECT doc FROM rm_1.actors`);
  const actors = rows.map(({ doc }) => ({
    ...doc,
    mergedInto: merges.find((m) => m.from === doc.actorId)?.into ?? null,
  }));
  await insertEvents(db.pool, 'rm_1', histories, actors);
}

async function writeEventsAfterMerges(): Promise<void> {
  const day = (k: number) => ({
    value: `2005-06-${String(1 + k).padStart(2, '0')}`,
    precision: 'DAY' as const,
    timeZone: 'UTC',
  });
  const between = new Date('2024-02-01T12:00:00Z');
  const after = new Date('2024-03-15T12:00:00Z');
  const w: EventHistory[] = [];
  const x: EventHistory[] = [];
  for (let k = 0; k < WRITTEN; k += 1) {
    w.push([
      {
        recordedAt: new Date(between.getTime() + k * 1000),
        doc: eventDoc({
          eventId: written('w', k),
          kind: 'MEETING',
          title: `Written between the merges ${k}`,
          start: day(k),
          participants: [
            { actorId: n(150), role: 'GUEST' },
            { actorId: n(3), role: 'HOST' },
            { actorId: n(1), role: 'PARTICIPANT' },
            { actorId: n(160), role: 'ADDRESSEE' },
          ],
        }),
      },
    ]);
    x.push([
      {
        recordedAt: new Date(after.getTime() + k * 1000),
        doc: eventDoc({
          eventId: written('x', k),
          kind: 'STATEMENT',
          title: `Written after the merges ${k}`,
          start: day(k),
          participants: [
            { actorId: n(160), role: 'GUEST' },
            { actorId: n(4), role: 'HOST' },
            { actorId: n(2), role: 'SPEAKER' },
            { actorId: n(3), role: 'PARTICIPANT' },
          ],
        }),
      },
    ]);
  }
  await writeLater(
    w,
    MERGES.filter((m) => m.at < between),
  );
  await writeLater(x, MERGES);
  // First recorded before the merges, under the duplicate; revised after T2, under its survivor.
  const y: EventHistory[] = [];
  for (let k = 0; k < WRITTEN; k += 1) {
    const first = eventDoc({
      eventId: written('y', k),
      kind: 'MEETING',
      title: `Revised after the merges ${k}`,
      start: day(k),
      participants: [
        { actorId: n(150), role: 'GUEST' },
        { actorId: n(1), role: 'HOST' },
      ],
    });
    y.push([
      { recordedAt: new Date('2023-05-01T00:00:00Z'), doc: first },
      { recordedAt: new Date(after.getTime() + k * 1000), doc: revised(first, { title: `Revised ${k}` }) },
    ]);
  }
  await writeLater(y, []);
  await db.pool.query(
    `UPDATE rm_1.event_participants SET actor_id = $2 WHERE event_id = ANY ($3::uuid[]) AND version = 2 AND actor_id = $1`,
    [n(150), n(2), y.map((history) => history[0]!.doc.eventId)],
  );
  await db.pool.query(
    `UPDATE rm_1.event_versions SET actor_ids = array_replace(actor_ids, $1, $2)
      WHERE event_id = ANY ($3::uuid[]) AND version = 2`,
    [n(150), n(2), y.map((history) => history[0]!.doc.eventId)],
  );
  // merged_ids: the doc's ids not among the version's actor_ids (the ones resolved); and the card.
  await db.pool.query(
    `UPDATE rm_1.event_versions ev
        SET merged_ids = ARRAY(SELECT DISTINCT (p ->> 'actorId')::uuid FROM jsonb_array_elements(ev.doc -> 'participants') p
                                WHERE (p ->> 'actorId')::uuid <> ALL (ev.actor_ids)),
            card = ${cardSql('ev.doc')}
      WHERE ev.event_id = ANY ($1::uuid[])`,
    [[...w, ...x, ...y].map((history) => history[0]!.doc.eventId)],
  );
  await db.pool.query('ANALYZE rm_1.event_versions, rm_1.event_participants');
}

let db: TestDatabase;
let queries: TimelineQueries;
/** Participant rows per actor (any version), as dyad_drive counts them. */
const rowsOf = new Map<string, number>();

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSyntheticReadModel(db.pool, 'rm_1', { events: EVENTS, actors: ACTORS });
  queries = new TimelineQueries(db.pool, async () => 'rm_1');
  let position = 1_000_000;
  for (const [id, versions] of Object.entries(VERSIONS)) {
    for (const [index, v] of versions.entries()) {
      const to = versions[index + 1]?.from.toISOString() ?? 'infinity';
      await db.pool.query(
        `INSERT INTO rm_1.actor_versions (actor_id, version, position, recorded_from, recorded_to, kind, name, country, merged_into, doc)
         SELECT a.actor_id, $2, $3, $4, $5, a.kind, $6, a.country, $7,
                a.doc || jsonb_build_object('name', $6::text, 'mergedInto', $7::uuid,
                                            'status', CASE WHEN $7::uuid IS NULL THEN 'ACTIVE' ELSE 'MERGED' END)
           FROM rm_1.actors a WHERE a.actor_id = $1`,
        [id, index + 1, (position += 1), v.from.toISOString(), to, v.name, v.mergedInto],
      );
    }
    const last = versions.at(-1)!;
    await db.pool.query(
      `UPDATE rm_1.actors SET version = $2, name = $3, merged_into = $4, updated_at = $5,
              doc = doc || jsonb_build_object('name', $3::text, 'mergedInto', $4::uuid)
        WHERE actor_id = $1`,
      [id, versions.length, last.name, last.mergedInto, last.from.toISOString()],
    );
  }
  await db.pool.query('ANALYZE rm_1.actors, rm_1.actor_versions');
  await writeEventsAfterMerges();
  const { rows } = await db.pool.query<{ actor_id: string; n: number }>(
    `SELECT actor_id, count(*)::int AS n FROM rm_1.event_participants GROUP BY actor_id`,
  );
  for (const row of rows) rowsOf.set(row.actor_id, row.n);
}, 600_000);
afterAll(() => db.drop());

type Reference = {
  eventId: string;
  year: string;
  cursor: string;
  /** Whether only a merged member's rows put it on some side (not its survivor's own). */
  viaMerged: boolean;
  participants: { actorId: string; role: string }[];
}[];

/** The events of a case as known at asOf, in timeline order, read version by version. */
async function reference(c: Case, asOf: Date | undefined): Promise<Reference> {
  const values: unknown[] = [];
  const add = (value: unknown) => `$${values.push(value)}`;
  const conditions = [
    asOf ? `ev.recorded_from <= ${add(asOf)} AND ev.recorded_to > ${add(asOf)}` : `ev.recorded_to = 'infinity'`,
    'NOT ev.retracted',
  ];
  const range = c.filter.dateRange;
  if (range?.from) conditions.push(`ev.valid_to > ${add(range.from)}::timestamptz`);
  if (range?.to) conditions.push(`ev.valid_from < ${add(range.to)}::timestamptz`);
  const onSide = (ids: string[], roles: string[] | undefined) =>
    `EXISTS (SELECT 1 FROM rm_1.event_participants x
        WHERE x.event_id = ev.event_id AND x.version = ev.version AND x.actor_id = ANY (${add(ids)}::uuid[])
          ${roles ? `AND x.roles && ${add(roles)}::text[]` : ''})`;
  for (const side of c.sides) conditions.push(onSide(groupAt(side.actor, asOf), side.roles));
  const bySurvivors = c.sides.map((side) => onSide([survivorAt(side.actor, asOf)], side.roles)).join(' AND ');
  const { rows } = await db.pool.query<{
    event_id: string;
    year: string;
    valid_from: string;
    via_merged: boolean;
    participants: Reference[number]['participants'];
  }>(
    `SELECT ev.event_id, to_char(ev.valid_from AT TIME ZONE 'UTC', 'YYYY') AS year,
            to_char(ev.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS valid_from,
            NOT (${bySurvivors}) AS via_merged, ev.doc -> 'participants' AS participants
       FROM rm_1.event_versions ev WHERE ${conditions.join(' AND ')}
      ORDER BY ev.valid_from, ev.event_id`,
    values,
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    year: row.year,
    cursor: encodeTimelineCursor({ validFrom: row.valid_from, eventId: row.event_id }),
    viaMerged: row.via_merged,
    participants: row.participants,
  }));
}

/** Which way the page statement takes (see dyad_drive): 3 is the survivors' join plus the merged members' ranges. */
function wayOf(c: Case, asOf: Date | undefined): 'sparse' | 'join' | 'join+merged' | 'not joined' {
  if (c.sides.length < 2) return 'not joined';
  const groups = c.sides.slice(0, 2).map((side) => groupAt(side.actor, asOf));
  const rows = groups.map((group) => group.reduce((sum, id) => sum + (rowsOf.get(id) ?? 0), 0));
  if (rows.some((count) => count < SPARSE_ROWS)) return 'sparse';
  return groups.every((group) => group.length === 1) ? 'join' : 'join+merged';
}

const PAGE = 30;
const ids = (page: { edges: { node: TimelineNode }[] }) => page.edges.map((edge) => edge.node.eventId);

/** The participants a node must show: each recorded id as its survivor known at asOf, named as known then. */
function expectParticipants(node: TimelineNode, row: Reference[number], asOf: Date | undefined): void {
  const roles = new Map<string, Set<string>>();
  for (const p of row.participants) {
    const id = survivorAt(p.actorId, asOf);
    roles.set(id, new Set([...(roles.get(id) ?? []), p.role]));
  }
  const expected = [...roles].map(([actorId, set]) => {
    const [name, version] = actorAt(actorId, asOf);
    return { actorId, roles: [...set].sort(), name, version, mergedInto: null };
  });
  const actual = node.participants.map((p) => ({
    actorId: p.actorId,
    roles: [...p.roles].sort(),
    name: p.actor?.name,
    version: p.actor?.version,
    mergedInto: p.actor?.mergedInto,
  }));
  const byId = (a: { actorId: string }, b: { actorId: string }) => a.actorId.localeCompare(b.actorId);
  expect({ eventId: node.eventId, participants: actual.sort(byId) }).toEqual({
    eventId: node.eventId,
    participants: expected.sort(byId),
  });
}

const ways: string[] = [];
/** How many events only a merged member's rows matched, for each case read the join+merged way. */
const viaMergedSeen: number[] = [];
/** How many of the events written after (some of) the merges each case matched. */
const laterSeen: number[] = [];

describe.each(CASES)('$name', (c) => {
  it.each(AS_OF.map((asOf) => [label(asOf), asOf] as const))(
    'as of %s: pages both ways with cursors, count and buckets match the reference',
    async (_label, asOf) => {
      ways.push(wayOf(c, asOf));
      const ref = await reference(c, asOf);
      const refIds = ref.map((row) => row.eventId);
      const byId = new Map(ref.map((row) => [row.eventId, row]));
      const options = asOf ? { asOf } : {};
      expect(refIds.length).toBeGreaterThan(0);

      // Forward, three pages, each order.
      for (const order of ['ASC', 'DESC'] as const) {
        const expected = order === 'ASC' ? refIds : [...refIds].reverse();
        const got: string[] = [];
        const cursors: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 3; page += 1) {
          const answer = await queries.timeline(c.filter, {
            ...options,
            order,
            first: PAGE,
            ...(after ? { after } : {}),
          });
          got.push(...ids(answer));
          cursors.push(...answer.edges.map((edge) => edge.cursor));
          expect(answer.pageInfo.hasNextPage).toBe(expected.length > (page + 1) * PAGE);
          for (const edge of answer.edges) expectParticipants(edge.node, byId.get(edge.node.eventId)!, asOf);
          if (!answer.pageInfo.hasNextPage) break;
          after = answer.pageInfo.endCursor!;
        }
        expect(got).toEqual(expected.slice(0, got.length));
        expect(got.length).toBe(Math.min(expected.length, 3 * PAGE));

        // Backwards from a cursor inside what was read, and a window between two cursors.
        const at = Math.min(got.length - 1, 2 * PAGE + 7);
        const back = await queries.timeline(c.filter, { ...options, order, last: PAGE, before: cursors[at]! });
        expect(ids(back)).toEqual(expected.slice(Math.max(0, at - PAGE), at));
        expect(back.pageInfo.hasPreviousPage).toBe(at > PAGE);
        const from = Math.min(3, at);
        const window = await queries.timeline(c.filter, {
          ...options,
          order,
          first: PAGE,
          after: cursors[from]!,
          before: cursors[at]!,
        });
        expect(ids(window)).toEqual(expected.slice(from + 1, Math.min(at, from + 1 + PAGE)));

        // The last page of the whole timeline.
        const last = await queries.timeline(c.filter, { ...options, order, last: PAGE });
        expect(ids(last)).toEqual(expected.slice(-PAGE));
        for (const edge of last.edges) expectParticipants(edge.node, byId.get(edge.node.eventId)!, asOf);
      }

      // Short pages just before (each order) the events found only under a merged member's rows,
      // wherever they are in the timeline.
      const viaMerged = ref.flatMap((row, index) => (row.viaMerged ? [index] : []));
      const later = ref.flatMap((row, index) => (/^(a1|b2|c3)000000/.test(row.eventId) ? [index] : []));
      const picked = [
        ...new Set([
          ...[0, 1, 2, 3, 4].map((k) => viaMerged[Math.floor((k * viaMerged.length) / 5)]),
          ...[0, 1, 2].map((k) => later[Math.floor((k * later.length) / 3)]),
        ]),
      ];
      for (const index of picked.filter((i) => i !== undefined)) {
        const forward = await queries.timeline(c.filter, {
          ...options,
          first: 3,
          ...(index > 0 ? { after: ref[index - 1]!.cursor } : {}),
        });
        expect(ids(forward)).toEqual(refIds.slice(index, index + 3));
        const backward = await queries.timeline(c.filter, {
          ...options,
          order: 'DESC',
          first: 3,
          ...(index + 1 < ref.length ? { after: ref[index + 1]!.cursor } : {}),
        });
        expect(ids(backward)).toEqual(refIds.slice(Math.max(0, index - 2), index + 1).reverse());
        for (const edge of forward.edges) expectParticipants(edge.node, byId.get(edge.node.eventId)!, asOf);
      }
      if (ways.at(-1) === 'join+merged') viaMergedSeen.push(viaMerged.length);
      laterSeen.push(later.length);

      expect(await queries.count(c.filter, options)).toBe(refIds.length);
      const buckets = await queries.buckets(c.filter, { ...options, bucket: 'YEAR' });
      const perYear = new Map<string, number>();
      for (const row of ref) perYear.set(row.year, (perYear.get(row.year) ?? 0) + 1);
      expect(buckets.map((b) => [b.bucketStart.slice(0, 4), b.total])).toEqual([...perYear]);
    },
    120_000,
  );
});

describe('the cases cover what they are about', () => {
  it('dyads take each way, and an event holds a duplicate and its survivor on one side', async () => {
    expect(ways).toContain('join');
    expect(ways.filter((way) => way === 'join+merged').length).toBeGreaterThanOrEqual(8);
    expect(ways).toContain('sparse');
    expect(viaMergedSeen.filter((count) => count > 0).length).toBeGreaterThanOrEqual(8);
    expect(laterSeen.filter((count) => count > 0).length).toBeGreaterThanOrEqual(10);
    const both = await reference(
      { name: 'both', filter: {}, sides: [{ actor: n(1) }, { actor: n(160) }, { actor: n(2) }] },
      new Date('2023-06-01T00:00:00Z'),
    );
    expect(both.length).toBeGreaterThan(0);
  });
});
