/**
 * Rows for the timeline read model (rm_N), written as the projector writes them, so query tests
 * need not run the projector: one event_versions row per version of an event, one
 * event_participants row per (version, actor), one actors row per actor. Also a set-based
 * generator of many synthetic events for plan checks and measurements.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Actor } from '../../src/diplomacy/actors/actor-types';
import { evolveEvent, initialEventState } from '../../src/diplomacy/events/event-decider';
import {
  PARTICIPANT_ROLES,
  type DiplomaticEvent,
  type DiplomaticEventState,
  type EventRecorded,
  type Participant,
} from '../../src/diplomacy/events/event-types';
import { temporalInterval, type TemporalPoint } from '../../src/diplomacy/temporal';
import {
  currenciesStatementRecorded,
  ids as storyIds,
  recordedBy,
  recordKhameneiTalks,
  recordSyriaWarning,
  summitRecorded,
  syriaAgreementRecorded,
  visitRecorded,
} from '../../src/diplomacy/testing/tehran-2022';
import { tehranActors } from '../../src/diplomacy/story/tehran-2022';

// ---- the loader -----------------------------------------------------------------------------

/** One version of an event: its state after a change, current in record time from recordedAt. */
export type EventVersionFixture = { recordedAt: Date; doc: DiplomaticEvent };

/** Versions oldest first; each stays current until the next one is recorded. */
export type EventHistory = EventVersionFixture[];

let position = 0;

function quoteSchema(schema: string): string {
  if (!/^rm_[0-9]+$/.test(schema)) throw new Error(`not a read-model schema: ${schema}`);
  return `"${schema}"`;
}

export async function insertActors(pool: Pool, schema: string, actors: Actor[]): Promise<void> {
  const rows = actors.map((actor) => ({
    actor_id: actor.actorId,
    kind: actor.kind,
    name: actor.name,
    aliases: actor.aliases,
    country: actor.country,
    cameo_code: actor.cameoCode,
    merged_into: actor.mergedInto,
    version: 1,
    position: (position += 1),
    updated_at: '2022-07-01T00:00:00Z',
    search: [actor.name, ...actor.aliases].join(' ').toLowerCase(),
    doc: actor,
  }));
  await pool.query(
    `INSERT INTO ${quoteSchema(schema)}.actors (actor_id, kind, name, aliases, country, cameo_code, merged_into, version, position, updated_at, search, doc)
     SELECT r.actor_id, r.kind, r.name, r.aliases, r.country, r.cameo_code, r.merged_into, r.version, r.position, r.updated_at, r.search, r.doc
       FROM jsonb_to_recordset($1::jsonb) AS r (actor_id uuid, kind text, name text, aliases text[], country text, cameo_code text,
            merged_into uuid, version int, position bigint, updated_at timestamptz, search text, doc jsonb)`,
    [JSON.stringify(rows)],
  );
}

/**
 * Event versions and their participant rows, as the projector wrote them before actor merges were
 * bitemporal (a generation migrated from then): participant rows and actor_ids name the survivor
 * of a merged actor (the doc keeps the id as recorded), roles in PARTICIPANT_ROLES order,
 * countries those of the (surviving) actors. Pages must answer such rows as before; the projector
 * now keeps rows written before a merge as they were (test/integration/actor-merge-as-of.int-spec.ts).
 */
export async function insertEvents(
  pool: Pool,
  schema: string,
  histories: EventHistory[],
  actors: Actor[],
): Promise<void> {
  const byId = new Map(actors.map((actor) => [actor.actorId, actor]));
  const countryOf = (actorId: string) => byId.get(actorId)?.country ?? null;
  const resolve = (actorId: string): string => {
    let current = actorId;
    for (let hops = 0; hops < 8; hops += 1) {
      const next = byId.get(current)?.mergedInto;
      if (!next) break;
      current = next;
    }
    return current;
  };
  const versions: Record<string, unknown>[] = [];
  const participants: Record<string, unknown>[] = [];
  for (const history of histories) {
    history.forEach(({ recordedAt, doc }, index) => {
      const version = index + 1;
      const recordedTo = history[index + 1]?.recordedAt.toISOString() ?? 'infinity';
      const validFrom = temporalInterval(doc.start).from;
      const validTo = temporalInterval(doc.end ?? doc.start).to;
      const retracted = doc.status === 'RETRACTED';
      const rolesByActor = new Map<string, string[]>();
      for (const p of doc.participants) {
        const actorId = resolve(p.actorId);
        const roles = new Set([...(rolesByActor.get(actorId) ?? []), p.role]);
        rolesByActor.set(
          actorId,
          [...roles].sort((a, b) => roleRank(a) - roleRank(b)),
        );
      }
      const countries = new Set<string>();
      for (const actorId of rolesByActor.keys()) {
        const country = countryOf(actorId);
        if (country) countries.add(country);
      }
      if (doc.location?.country) countries.add(doc.location.country);
      versions.push({
        event_id: doc.eventId,
        version,
        position: (position += 1),
        recorded_from: recordedAt.toISOString(),
        recorded_to: recordedTo,
        retracted,
        kind: doc.kind,
        title: doc.title,
        valid_from: validFrom,
        valid_to: validTo,
        start_precision: doc.start.precision,
        location_country: doc.location?.country ?? null,
        cameo_code: doc.cameoCode,
        cameo_root: doc.cameoCode.slice(0, 2),
        topics: doc.topics,
        countries: [...countries].sort(),
        actor_ids: [...rolesByActor.keys()],
        summary: doc.summary,
        statement_text: doc.statement?.text ?? null,
        doc,
      });
      for (const [actorId, roles] of rolesByActor) {
        participants.push({
          event_id: doc.eventId,
          version,
          actor_id: actorId,
          roles,
          actor_country: countryOf(actorId),
          valid_from: validFrom,
          valid_to: validTo,
          recorded_from: recordedAt.toISOString(),
          recorded_to: recordedTo,
          retracted,
        });
      }
    });
  }
  const s = quoteSchema(schema);
  await pool.query(
    `INSERT INTO ${s}.event_versions (event_id, version, position, recorded_from, recorded_to, retracted, kind, title, valid_from, valid_to,
            start_precision, location_country, cameo_code, cameo_root, topics, countries, actor_ids, search, doc)
     SELECT r.event_id, r.version, r.position, r.recorded_from, r.recorded_to, r.retracted, r.kind, r.title, r.valid_from, r.valid_to,
            r.start_precision, r.location_country, r.cameo_code, r.cameo_root, r.topics, r.countries, r.actor_ids,
            setweight(to_tsvector('english', r.title), 'A')
              || setweight(to_tsvector('english', r.summary || ' ' || coalesce(r.statement_text, '') || ' ' || array_to_string(r.topics, ' ')), 'B'),
            r.doc
       FROM jsonb_to_recordset($1::jsonb) AS r (event_id uuid, version int, position bigint, recorded_from timestamptz, recorded_to timestamptz,
            retracted boolean, kind text, title text, valid_from timestamptz, valid_to timestamptz, start_precision text,
            location_country text, cameo_code text, cameo_root text, topics text[], countries text[], actor_ids uuid[],
            summary text, statement_text text, doc jsonb)`,
    [JSON.stringify(versions)],
  );
  await pool.query(
    `INSERT INTO ${s}.event_participants (event_id, version, actor_id, roles, actor_country, valid_from, valid_to, recorded_from, recorded_to, retracted)
     SELECT r.event_id, r.version, r.actor_id, r.roles, r.actor_country, r.valid_from, r.valid_to, r.recorded_from, r.recorded_to, r.retracted
       FROM jsonb_to_recordset($1::jsonb) AS r (event_id uuid, version int, actor_id uuid, roles text[], actor_country text,
            valid_from timestamptz, valid_to timestamptz, recorded_from timestamptz, recorded_to timestamptz, retracted boolean)`,
    [JSON.stringify(participants)],
  );
}

const roleRank = (role: string) => (PARTICIPANT_ROLES as readonly string[]).indexOf(role);

// ---- building docs --------------------------------------------------------------------------

export function stateOf(recorded: EventRecorded): DiplomaticEvent {
  return evolveEvent(initialEventState(), recorded) as DiplomaticEvent;
}

/** The state after a revision: the changed fields, and one more revision counted. */
export function revised(doc: DiplomaticEvent, changes: Partial<DiplomaticEvent>): DiplomaticEvent {
  const next: DiplomaticEventState = evolveEvent(doc, {
    type: 'EventRevised',
    data: { eventId: doc.eventId, changes, previous: {}, reason: 'corrected' },
  });
  return next as DiplomaticEvent;
}

export function retracted(doc: DiplomaticEvent, reason: string): DiplomaticEvent {
  return evolveEvent(doc, { type: 'EventRetracted', data: { eventId: doc.eventId, reason } }) as DiplomaticEvent;
}

/** A plain event, for the synthetic ones: everything not given is empty. */
export function eventDoc(
  fields: Pick<DiplomaticEvent, 'eventId' | 'kind' | 'title' | 'start' | 'participants'> & Partial<DiplomaticEvent>,
): DiplomaticEvent {
  return {
    status: 'RECORDED',
    summary: '',
    end: null,
    location: null,
    topics: [],
    sources: [],
    cameoCode: { MEETING: '040', STATEMENT: '010', AGREEMENT: '057' }[fields.kind],
    links: [],
    meeting: fields.kind === 'MEETING' ? { format: 'IN_PERSON', type: 'BILATERAL' } : null,
    statement: null,
    agreement: null,
    retractionReason: null,
    agreementStatusHistory: [],
    revisionCount: 0,
    ...fields,
  };
}

function actor(fields: Pick<Actor, 'actorId' | 'kind' | 'name' | 'country'> & Partial<Actor>): Actor {
  return {
    status: 'ACTIVE',
    aliases: [],
    cameoCode: null,
    roles: [],
    mergedInto: null,
    absorbedActorIds: [],
    ...fields,
  };
}

const point = (value: string, precision: TemporalPoint['precision'], timeZone = 'UTC'): TemporalPoint => ({
  value,
  precision,
  timeZone,
});

// ---- the Tehran story of 19 July 2022, and synthetic events around it ------------------------

export const ids = {
  ...storyIds,
  /** The slip in the article: "Putin's visit to Iran and Saudi Arabia". Recorded, then retracted. */
  riyadhVisit: '0d9c1a8e-4f49-4c3e-9d7e-2b1c3a4d5e6f',
  caspianForum: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
  /** A year-precision event: 2021 in Moscow. */
  tradeTalks2021: '2b7e3c1d-0a9f-4e8d-b7c6-5d4e3f2a1b0c',
  /** A month-precision event: January 2023, UTC. */
  phoneCall2023: '3c8f4d2e-1b0a-4f9e-a8d7-6e5f4a3b2c1d',
  /** A minute-precision event: 2019-09-16T14:30 in Moscow. */
  ankaraStatement2019: '4d9a5e3f-2c1b-4a0f-b9e8-7f6a5b4c3d2e',
  /** Three days: 2020-02-03 to 2020-02-05 in Almaty. */
  astanaRound2020: '5eab6f4a-3d2c-4b1a-8c0f-8a7b6c5d4e3f',
} as const;

/** Record times: the day after the visit, a correction a day later, a retraction in August. */
export const recordTimes = {
  first: new Date('2022-07-19T18:00:00Z'),
  corrected: new Date('2022-07-20T09:00:00Z'),
  retracted: new Date('2022-08-01T12:00:00Z'),
  synthetic: new Date('2022-06-01T00:00:00Z'),
} as const;

/** An actor of the Tehran story as the read model holds it, with what its later history changed. */
function storyActor(actorId: string, changes: Partial<Actor> = {}): Actor {
  const registered = tehranActors.find((candidate) => candidate.actorId === actorId);
  if (!registered) throw new Error(`no actor ${actorId} in the Tehran story`);
  const { aliases = [], country = null, cameoCode = null, roles = [], ...fields } = registered;
  return actor({ ...fields, aliases, country, cameoCode, roles, ...changes });
}

export function storyActors(): Actor[] {
  return [
    storyActor(ids.putin, {
      aliases: ['VLADIMIR PUTIN', 'Putin', 'V. Putin'],
      cameoCode: 'RUSGOV',
      absorbedActorIds: [ids.putinImported],
    }),
    actor({
      actorId: ids.putinImported,
      kind: 'PERSON',
      name: 'VLADIMIR PUTIN',
      aliases: ['Putin', 'V. Putin'],
      country: 'RUS',
      status: 'MERGED',
      mergedInto: ids.putin,
    }),
    storyActor(ids.khamenei, { cameoCode: 'IRNGOV' }),
    storyActor(ids.raisi, { cameoCode: 'IRNGOV' }),
    storyActor(ids.erdogan, { aliases: ['Tayyip Erdogan', 'Erdoğan'], cameoCode: 'TURGOV' }),
    storyActor(ids.russia),
    storyActor(ids.iran),
    storyActor(ids.turkey),
    storyActor(ids.syria),
    // Wildcards in a name, for the search's escaping.
    actor({
      actorId: ids.caspianForum,
      kind: 'ORGANIZATION',
      name: 'Caspian 5_Summit',
      aliases: ['Caspian Five'],
      country: null,
    }),
  ];
}

/**
 * The six events of the article with their real record history, plus the article's slip (a visit
 * to Saudi Arabia, later retracted) and synthetic events across other years and precisions.
 */
export function storyEvents(): EventHistory[] {
  const { first, corrected, retracted: retractedAt, synthetic } = recordTimes;

  const visit = stateOf(visitRecorded());
  // Recorded by an import before the two Putins were merged: the doc keeps the duplicate's id, the
  // participant rows name Putin (moved there, as the projector did before merges were bitemporal).
  const talksRecorded = stateOf(recordedBy(recordKhameneiTalks()));
  const talks: DiplomaticEvent = {
    ...talksRecorded,
    participants: talksRecorded.participants.map((p): Participant =>
      p.actorId === ids.putin ? { ...p, actorId: ids.putinImported } : p,
    ),
  };
  // First known only as "July 2022", made precise by the correction.
  const summitPrecise = stateOf(summitRecorded());
  const summitRough: DiplomaticEvent = { ...summitPrecise, start: point('2022-07', 'MONTH', 'Asia/Tehran') };
  const warning = stateOf(recordedBy(recordSyriaWarning()));
  const riyadh = eventDoc({
    eventId: ids.riyadhVisit,
    kind: 'MEETING',
    title: 'Putin visits Saudi Arabia',
    summary: 'Putin’s visit to Iran and Saudi Arabia sends a strong message to the West.',
    start: point('2022-07-20', 'DAY', 'Asia/Riyadh'),
    location: { placeName: 'Riyadh', country: 'SAU' },
    participants: [{ actorId: ids.putin, role: 'GUEST' }],
    topics: ['strategic-ties'],
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
  });

  return [
    [
      { recordedAt: first, doc: visit },
      {
        recordedAt: corrected,
        doc: revised(visit, {
          summary: 'Putin’s visit to Iran sends a strong message to the West about Moscow’s plans.',
        }),
      },
    ],
    [{ recordedAt: first, doc: talks }],
    [
      { recordedAt: first, doc: summitRough },
      { recordedAt: corrected, doc: revised(summitRough, { start: summitPrecise.start }) },
    ],
    [{ recordedAt: first, doc: stateOf(currenciesStatementRecorded()) }],
    [{ recordedAt: first, doc: warning }],
    [{ recordedAt: corrected, doc: stateOf(syriaAgreementRecorded()) }],
    [
      { recordedAt: first, doc: riyadh },
      { recordedAt: retractedAt, doc: retracted(riyadh, 'Putin did not go to Saudi Arabia on this trip') },
    ],
    [
      {
        recordedAt: synthetic,
        doc: eventDoc({
          eventId: ids.tradeTalks2021,
          kind: 'MEETING',
          title: 'Russia and Turkey hold trade talks',
          start: point('2021', 'YEAR', 'Europe/Moscow'),
          participants: [
            { actorId: ids.russia, role: 'PARTICIPANT' },
            { actorId: ids.turkey, role: 'PARTICIPANT' },
          ],
          topics: ['trade'],
        }),
      },
    ],
    [
      {
        recordedAt: synthetic,
        doc: eventDoc({
          eventId: ids.phoneCall2023,
          kind: 'MEETING',
          title: 'Erdogan and Raisi speak by phone',
          start: point('2023-01', 'MONTH'),
          participants: [
            { actorId: ids.erdogan, role: 'PARTICIPANT' },
            { actorId: ids.raisi, role: 'PARTICIPANT' },
          ],
          meeting: { format: 'PHONE', type: 'BILATERAL' },
        }),
      },
    ],
    [
      {
        recordedAt: synthetic,
        doc: eventDoc({
          eventId: ids.ankaraStatement2019,
          kind: 'STATEMENT',
          title: 'Putin calls for Syrian territorial integrity in Ankara',
          start: point('2019-09-16T14:30', 'MINUTE', 'Europe/Moscow'),
          location: { placeName: 'Ankara', country: 'TUR' },
          participants: [
            { actorId: ids.putin, role: 'SPEAKER' },
            { actorId: ids.syria, role: 'MENTIONED' },
          ],
          topics: ['syria'],
          statement: {
            speakerId: ids.putin,
            mode: 'PARAPHRASE',
            text: 'The territorial integrity of Syria must be preserved.',
            language: 'en',
            addresseeIds: [],
          },
        }),
      },
    ],
    [
      {
        recordedAt: synthetic,
        doc: eventDoc({
          eventId: ids.astanaRound2020,
          kind: 'AGREEMENT',
          title: 'Astana-format guarantors agree on Idlib de-escalation',
          start: point('2020-02-03', 'DAY', 'Asia/Almaty'),
          end: point('2020-02-05', 'DAY', 'Asia/Almaty'),
          location: { placeName: 'Nur-Sultan', country: 'KAZ' },
          participants: [
            { actorId: ids.russia, role: 'SIGNATORY' },
            { actorId: ids.iran, role: 'SIGNATORY' },
            { actorId: ids.turkey, role: 'SIGNATORY' },
            { actorId: ids.syria, role: 'MENTIONED' },
          ],
          topics: ['syria', 'de-escalation'],
          cameoCode: '057',
          agreement: {
            partyIds: [ids.russia, ids.iran, ids.turkey],
            terms: 'De-escalation in Idlib.',
            status: 'SIGNED',
          },
        }),
      },
    ],
  ];
}

/**
 * Phone calls between Putin and Erdogan, two a day from 2020-03-01 (UTC), for paging: the two
 * of a day tie on valid_from, and the later-numbered one has the smaller id, so only the id
 * breaks the tie the right way.
 */
export function pagingSeries(count: number): { ids: string[]; histories: EventHistory[] } {
  const histories: EventHistory[] = [];
  for (let n = 0; n < count; n += 1) {
    const dayOfMarch = 1 + Math.floor(n / 2);
    const eventId = `c0000000-0000-4000-8000-${String(n % 2 === 0 ? 500 + n : 100 + n).padStart(12, '0')}`;
    histories.push([
      {
        recordedAt: recordTimes.synthetic,
        doc: eventDoc({
          eventId,
          kind: n % 3 === 2 ? 'STATEMENT' : 'MEETING',
          title: `Putin and Erdogan call ${n + 1}`,
          start: point(`2020-03-${String(dayOfMarch).padStart(2, '0')}`, 'DAY'),
          participants: [
            { actorId: ids.putin, role: 'PARTICIPANT' },
            { actorId: ids.erdogan, role: 'PARTICIPANT' },
          ],
          topics: ['syria'],
          meeting: n % 3 === 2 ? null : { format: 'PHONE', type: 'BILATERAL' },
          statement:
            n % 3 === 2
              ? {
                  speakerId: ids.putin,
                  mode: 'PARAPHRASE',
                  text: 'On Idlib.',
                  language: 'en',
                  addresseeIds: [ids.erdogan],
                }
              : null,
        }),
      },
    ]);
  }
  // In timeline order: by day, then by id.
  const ordered = histories
    .map((history) => history[0]!.doc)
    .sort((a, b) => a.start.value.localeCompare(b.start.value) || a.eventId.localeCompare(b.eventId))
    .map((doc) => doc.eventId);
  return { ids: ordered, histories };
}

export async function loadStory(
  pool: Pool,
  schema = 'rm_1',
  options: { pagingEvents?: number } = {},
): Promise<{ paging: string[] }> {
  const actors = storyActors();
  await insertActors(pool, schema, actors);
  const series = pagingSeries(options.pagingEvents ?? 24);
  await insertEvents(pool, schema, [...storyEvents(), ...series.histories], actors);
  await pool.query(
    `ANALYZE ${quoteSchema(schema)}.event_versions, ${quoteSchema(schema)}.event_participants, ${quoteSchema(schema)}.actors`,
  );
  return { paging: series.ids };
}

// ---- many synthetic events, set-based ----------------------------------------------------------

export type SyntheticOptions = {
  events: number;
  actors: number;
  /** Events span this many days from 2000-01-01. */
  days?: number;
};

/** The id of the n-th synthetic actor (1-based); actor 1 is the busiest, as a head of state is. */
export const syntheticActorId = (n: number) => uuidFromSeed(`actor-${n}`);

function uuidFromSeed(seed: string): string {
  // Mirrors md5(seed)::uuid in the generator.
  return createHash('md5')
    .update(seed)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

/**
 * Like the measured model in read-model-facts.md, smaller: skewed actor popularity (actor n takes
 * part about 1/n^(2/3) as often as actor 1), 2-4 participants, 5% month-precision starts, 6%
 * corrections and 1.5% retractions as extra versions. Rows are made by SQL, not one by one.
 */
export async function loadSyntheticReadModel(pool: Pool, schema: string, options: SyntheticOptions): Promise<void> {
  const s = quoteSchema(schema);
  const days = options.days ?? 9000;
  const client: PoolClient = await pool.connect();
  try {
    // The test server commits asynchronously; VACUUM cannot set hint bits, so cannot mark pages
    // all-visible, until the commit is flushed, and index-only scans would visit the heap.
    await client.query('SET synchronous_commit = on');
    await client.query('SELECT setseed(0.42)');
    await client.query(
      `INSERT INTO ${s}.actors (actor_id, kind, name, aliases, country, cameo_code, merged_into, version, position, updated_at, search, doc)
       SELECT md5('actor-' || i)::uuid, k.kind, 'Synthetic Actor ' || i, ARRAY['SA' || i], c.country, NULL, NULL, 1, i, now(),
              lower('Synthetic Actor ' || i || ' SA' || i),
              jsonb_build_object('status', 'ACTIVE', 'actorId', md5('actor-' || i)::uuid, 'kind', k.kind, 'name', 'Synthetic Actor ' || i,
                'aliases', jsonb_build_array('SA' || i), 'country', c.country, 'cameoCode', NULL, 'roles', '[]'::jsonb,
                'mergedInto', NULL, 'absorbedActorIds', '[]'::jsonb)
         FROM generate_series(1, $1::int) AS i
        CROSS JOIN LATERAL (SELECT CASE WHEN i % 10 = 0 THEN 'STATE' ELSE 'PERSON' END AS kind) k
        CROSS JOIN LATERAL (SELECT (ARRAY['RUS','IRN','TUR','SYR','USA','CHN','FRA','DEU','GBR','ISR','SAU','EGY','IRQ','IND','BRA','ZAF','JPN','KOR','UKR','KAZ'])[1 + i % 20] AS country) c`,
      [options.actors],
    );
    await client.query(
      `CREATE TEMP TABLE gen_events AS
       SELECT i, md5('event-' || i)::uuid AS event_id,
              timestamptz '2000-01-01 00:00:00Z' + make_interval(days => floor(random() * $2::int)::int, hours => floor(random() * 24)::int) AS at,
              random() < 0.05 AS month_precision,
              (ARRAY['MEETING','STATEMENT','AGREEMENT'])[1 + floor(random() * 3)::int] AS kind,
              2 + floor(random() * 3)::int AS size,
              (ARRAY['strategic-ties','syria','trade','energy','security','ukraine','nuclear','migration'])[1 + floor(random() * 8)::int] AS topic
         FROM generate_series(1, $1::int) AS i`,
      [options.events, days],
    );
    await client.query(
      `CREATE TEMP TABLE gen_parts AS
       SELECT DISTINCT ON (e.i, a.n) e.i, a.n, md5('actor-' || a.n)::uuid AS actor_id, a.role
         FROM gen_events e
        CROSS JOIN LATERAL (
          SELECT 1 + floor($1::int * power(random(), 3))::int AS n,
                 (ARRAY['HOST','GUEST','PARTICIPANT','SPEAKER','ADDRESSEE','SIGNATORY'])[1 + floor(random() * 6)::int] AS role
            FROM generate_series(1, e.size) AS g) a`,
      [options.actors],
    );
    await client.query(
      `CREATE TEMP TABLE gen_event_parts AS
       SELECT p.i,
              array_agg(p.actor_id ORDER BY p.n) AS actor_ids,
              array_agg(a.country ORDER BY p.n) AS countries,
              jsonb_agg(jsonb_build_object('actorId', p.actor_id, 'role', p.role) ORDER BY p.n) AS participants
         FROM gen_parts p JOIN ${s}.actors a ON a.actor_id = p.actor_id
        GROUP BY p.i`,
    );
    // Every event has version 1; some a correction (v2), some then a retraction (v2 or v3).
    await client.query(
      `CREATE TEMP TABLE gen_versions AS
       WITH v AS (
         SELECT e.*, 1 AS version, false AS retracted FROM gen_events e
         UNION ALL SELECT e.*, 2, false FROM gen_events e WHERE e.i % 16 = 0
         UNION ALL SELECT e.*, CASE WHEN e.i % 16 = 0 THEN 3 ELSE 2 END, true FROM gen_events e WHERE e.i % 67 = 0)
       SELECT v.*,
              timestamptz '2023-01-01 00:00:00Z' + make_interval(secs => v.i) + make_interval(days => v.version - 1) AS recorded_from,
              CASE WHEN v.version < 1 + (v.i % 16 = 0)::int + (v.i % 67 = 0)::int
                   THEN timestamptz '2023-01-01 00:00:00Z' + make_interval(secs => v.i) + make_interval(days => v.version)
                   ELSE 'infinity' END AS recorded_to,
              CASE WHEN v.month_precision THEN date_trunc('month', v.at, 'UTC') ELSE date_trunc('day', v.at, 'UTC') END AS valid_from,
              CASE WHEN v.month_precision THEN date_trunc('month', v.at, 'UTC') + interval '1 month' ELSE date_trunc('day', v.at, 'UTC') + interval '1 day' END AS valid_to
         FROM v`,
    );
    await client.query('ANALYZE gen_versions, gen_parts, gen_event_parts');
    await client.query(
      `INSERT INTO ${s}.event_versions (event_id, version, position, recorded_from, recorded_to, retracted, kind, title, valid_from, valid_to,
              start_precision, location_country, cameo_code, cameo_root, topics, countries, actor_ids, search, doc)
       SELECT v.event_id, v.version, v.i * 4 + v.version, v.recorded_from, v.recorded_to, v.retracted, v.kind, 'Synthetic event ' || v.i,
              v.valid_from, v.valid_to, CASE WHEN v.month_precision THEN 'MONTH' ELSE 'DAY' END, loc.country, cameo.code, left(cameo.code, 2),
              ARRAY[v.topic], (SELECT array_agg(DISTINCT c) FROM unnest(parts.countries || loc.country) c WHERE c IS NOT NULL), parts.actor_ids,
              setweight(to_tsvector('english', 'Synthetic event ' || v.i), 'A') || setweight(to_tsvector('english', v.topic), 'B'),
              jsonb_build_object('status', CASE WHEN v.retracted THEN 'RETRACTED' ELSE 'RECORDED' END, 'eventId', v.event_id, 'kind', v.kind,
                'title', 'Synthetic event ' || v.i, 'summary', '',
                'start', jsonb_build_object('value', to_char(v.valid_from AT TIME ZONE 'UTC', CASE WHEN v.month_precision THEN 'YYYY-MM' ELSE 'YYYY-MM-DD' END),
                                            'precision', CASE WHEN v.month_precision THEN 'MONTH' ELSE 'DAY' END, 'timeZone', 'UTC'),
                'end', NULL, 'location', jsonb_build_object('placeName', 'Capital of ' || loc.country, 'country', loc.country),
                'participants', parts.participants, 'topics', jsonb_build_array(v.topic), 'sources', '[]'::jsonb, 'cameoCode', cameo.code,
                'links', '[]'::jsonb, 'meeting', NULL, 'statement', NULL, 'agreement', NULL,
                'retractionReason', CASE WHEN v.retracted THEN 'synthetic' END, 'agreementStatusHistory', '[]'::jsonb, 'revisionCount', v.version - 1)
         FROM gen_versions v
        CROSS JOIN LATERAL (SELECT CASE v.kind WHEN 'MEETING' THEN '040' WHEN 'STATEMENT' THEN '010' ELSE '057' END AS code) cameo
        CROSS JOIN LATERAL (SELECT (ARRAY['RUS','IRN','TUR','SYR','USA','CHN','FRA','DEU','GBR','ISR'])[1 + v.i % 10] AS country) loc
        JOIN gen_event_parts parts ON parts.i = v.i`,
    );
    await client.query(
      `INSERT INTO ${s}.event_participants (event_id, version, actor_id, roles, actor_country, valid_from, valid_to, recorded_from, recorded_to, retracted)
       SELECT v.event_id, v.version, p.actor_id, ARRAY[p.role], a.country, v.valid_from, v.valid_to, v.recorded_from, v.recorded_to, v.retracted
         FROM gen_versions v JOIN gen_parts p ON p.i = v.i JOIN ${s}.actors a ON a.actor_id = p.actor_id`,
    );
    await client.query('DROP TABLE gen_versions, gen_event_parts, gen_parts, gen_events');
    await client.query(`VACUUM ANALYZE ${s}.event_versions`);
    await client.query(`VACUUM ANALYZE ${s}.event_participants`);
    await client.query(`VACUUM ANALYZE ${s}.actors`);
  } finally {
    client.release();
  }
}
