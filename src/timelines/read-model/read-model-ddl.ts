/**
 * The read models of the timeline, created in a schema of their own (a "generation", rm_1, rm_2,
 * ...) so that `projections:rebuild` can build a new generation beside the live one and swap it in
 * (blue/green). `read_model_state.active_schema` names the generation queries read.
 *
 * Bitemporal: every version of every diplomatic event is a row of event_versions, current in record
 * time from recorded_from (inclusive) to recorded_to (exclusive; 'infinity' for the current one).
 * "As known at T" is `recorded_from <= T AND T < recorded_to`; "now" is `recorded_to = 'infinity'`.
 * Record times are effective ones (the latest insert time up to the version in the log's order,
 * see effectiveRecordTime), so they grow with the checkpoint, which keeps the latest (record_time).
 * Valid time (when it happened) is [valid_from, valid_to): the start's interval at its precision to
 * the end's (or the start's) interval end, in UTC; a date range matches when the intervals overlap.
 *
 * event_participants repeats each version's valid-time interval and record-time interval on every
 * participant row (one row per event version and actor), so that "the first 50 events of actor A in
 * 2022, as known at T" is answered from one index range; the actor's roles in the event are on the
 * row too ("the first 50 statements A made"). A row names the actor the version was written with
 * (after the actor merges known then): a later merge rewrites no row, and queries resolve merges
 * as known at their asOf (actors_survivor_idx, actor_versions; see timeline-sql.ts), so a merge
 * costs nothing however many rows the duplicate has, and an answer asOf before it stays as it was.
 *
 * What a timeline page reads of each version is on its row, small and ready to send: `card`, the
 * doc's members a page usually asks for (CARD_DOC_KEYS) as json text (sent as it is stored: no
 * TOAST to decompress, no jsonb to print), and `merged_ids`, the ids the doc names that the
 * projector replaced by their survivors when it wrote the version (so a page need not read the
 * doc's participants to find them). Neither holds an actor's name or anything a rename changes. Both are NULL in rows
 * written before they existed (see the migration TimelinePageColumns): a page then reads the doc.
 *
 * `report_count` is how many reports (imported rows gathered into the event, src/imports/clustering.ts)
 * the version carries, its first included: 1 for an event entered by hand or imported alone.
 *
 * Actors are bitemporal too: actor_versions keeps every version of an actor with its record-time
 * interval (a page asked as known at T names each actor as it was known at T); actors holds the
 * current one, for search, matching and current pages.
 *
 * A date range [from, to) matches the events that start inside it, found by a range scan of the
 * (driver, valid_from, event_id) indexes, and those that started before `from` and still run then.
 * Of the latter, a short one (valid time of at most LONG_SPAN) started less than LONG_SPAN before
 * `from`: the same indexes find it by a short range scan (valid_to is INCLUDEd to check it there).
 * A long one (a year, months of talks) may have started any time before: partial GiST indexes on
 * the valid-time range of the long events alone (few rows) find those that contain `from`.
 */
/** Events whose valid time is longer than this are "long" (in the GiST indexes); 32 days: any month, in any zone. */
export const LONG_SPAN_HOURS = 32 * 24;
export const LONG_SPAN_MS = LONG_SPAN_HOURS * 3_600_000;
const LONG_SPAN = `interval '${LONG_SPAN_HOURS} hours'`;

/** The partial-index predicate of the long events; a query must repeat it as is for the planner to use the index. */
export const longSpan = (alias: string) => `(${alias}.valid_to - ${alias}.valid_from) > ${LONG_SPAN}`;

/** The valid-time range the GiST indexes hold; a query must spell it the same way. */
export const validRange = (alias: string) => `tstzrange(${alias}.valid_from, ${alias}.valid_to)`;

/**
 * The doc members `card` holds: those every page carries (ALWAYS_CARRIED_DOC_KEYS of the queries)
 * and the few a timeline shows of each event. A page asking for nothing else is served the card.
 */
export const CARD_DOC_KEYS: readonly string[] = ['eventId', 'kind', 'status', 'participants', 'title', 'start', 'end'];

/** Doc members left out of the card (the rest of EVENT_DOC_KEYS; kept here so that this module imports nothing). */
export const DOC_KEYS_NOT_IN_CARD: readonly string[] = [
  'retractionReason',
  'agreementStatusHistory',
  'revisionCount',
  'attachedReports',
  'summary',
  'location',
  'topics',
  'sources',
  'cameoCode',
  'links',
  'meeting',
  'statement',
  'agreement',
  'mergedInto',
  'absorbed',
];

/** The card of a doc (a jsonb SQL expression), as json text. */
export const cardSql = (doc: string) => `((${doc}) - '{${DOC_KEYS_NOT_IN_CARD.join(',')}}'::text[])::json`;

/**
 * How many sources a version has, computed by PostgreSQL from its doc (a stored generated column,
 * so every writer of rows, the projector and test fixtures alike, gets it right): the length of
 * the doc's sources, whose ids are distinct (the decider keeps them so), 0 for a doc without any.
 * Immutable functions only, as a generated column requires; the migration CorroborationColumns
 * adds it to older generations with the same expression.
 */
export const SOURCE_COUNT_SQL = `CASE WHEN jsonb_typeof(doc -> 'sources') = 'array' THEN jsonb_array_length(doc -> 'sources') ELSE 0 END`;

/**
 * Events with two sources or more are few (an import gives one source per row): a partial index of
 * them alone, in timeline order, answers a `minSources` of 2 or more without walking the timeline.
 * A query must repeat the predicate as is for the planner to use it.
 */
export const corroborated = (alias: string) => `${alias}.source_count > 1`;

/**
 * The projector mostly inserts into event_versions and event_participants, and only VACUUM sets the
 * visibility map that lets a page's index-only scan skip the heap: autovacuum comes after inserts
 * of 2% of the rows, not PostgreSQL's 20% (the migration ReadModelAutovacuumInserts for generations
 * made before). A rebuild vacuums its generation itself before the swap.
 */
const INSERT_VACUUM = 'autovacuum_vacuum_insert_scale_factor = 0.02';

export function readModelDdl(schema: string): string[] {
  if (!/^rm_[0-9]+$/.test(schema)) throw new Error(`not a read-model schema name: ${schema}`);
  const s = schema;
  return [
    `CREATE SCHEMA ${s}`,
    `CREATE TABLE ${s}.event_versions (
       event_id         uuid        NOT NULL,
       version          integer     NOT NULL,
       position         bigint      NOT NULL,
       recorded_from    timestamptz NOT NULL,
       recorded_to      timestamptz NOT NULL DEFAULT 'infinity',
       retracted        boolean     NOT NULL,
       kind             text        NOT NULL,
       title            text        NOT NULL,
       valid_from       timestamptz NOT NULL,
       valid_to         timestamptz NOT NULL,
       start_precision  text        NOT NULL,
       location_country text,
       cameo_code       text        NOT NULL,
       cameo_root       text        NOT NULL,
       topics           text[]      NOT NULL,
       countries        text[]      NOT NULL,
       actor_ids        uuid[]      NOT NULL,
       search           tsvector    NOT NULL,
       doc              jsonb       NOT NULL,
       card             json,
       merged_ids       uuid[],
       report_count     integer     NOT NULL DEFAULT 1,
       source_count     integer     NOT NULL GENERATED ALWAYS AS (${SOURCE_COUNT_SQL}) STORED
     ) WITH (${INSERT_VACUUM})`,
    // Keys as statements of their own, so that a rebuild can add the ones it does not use while projecting afterwards.
    `ALTER TABLE ${s}.event_versions ADD CONSTRAINT event_versions_pkey PRIMARY KEY (event_id, version)`,
    `CREATE INDEX event_versions_timeline_idx ON ${s}.event_versions (valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, kind, valid_to)`,
    `CREATE INDEX event_versions_long_idx ON ${s}.event_versions USING gist (tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > ${LONG_SPAN}`,
    `CREATE INDEX event_versions_topics_idx ON ${s}.event_versions USING gin (topics)`,
    `CREATE INDEX event_versions_countries_idx ON ${s}.event_versions USING gin (countries)`,
    `CREATE INDEX event_versions_search_idx ON ${s}.event_versions USING gin (search)`,
    `CREATE INDEX event_versions_cameo_idx ON ${s}.event_versions (cameo_code, valid_from, event_id)`,
    `CREATE INDEX event_versions_corroborated_idx ON ${s}.event_versions (valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, kind, valid_to, source_count) WHERE source_count > 1`,
    // By record time: what changed between two moments (timelineChanges) is the versions recorded
    // between them, read in (recorded_from, event_id) order from where a page starts.
    `CREATE INDEX event_versions_recorded_idx ON ${s}.event_versions (recorded_from, event_id) INCLUDE (version, recorded_to)`,
    `CREATE TABLE ${s}.event_participants (
       event_id      uuid        NOT NULL,
       version       integer     NOT NULL,
       actor_id      uuid        NOT NULL,
       roles         text[]      NOT NULL,
       actor_country text,
       valid_from    timestamptz NOT NULL,
       valid_to      timestamptz NOT NULL,
       recorded_from timestamptz NOT NULL,
       recorded_to   timestamptz NOT NULL,
       retracted     boolean     NOT NULL
     ) WITH (${INSERT_VACUUM})`,
    `ALTER TABLE ${s}.event_participants ADD CONSTRAINT event_participants_pkey PRIMARY KEY (event_id, version, actor_id)`,
    // roles INCLUDEd: a question by role checks them on the index entry, and the range stays an
    // index-only scan in key order that stops after a page.
    `CREATE INDEX event_participants_actor_idx ON ${s}.event_participants (actor_id, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, valid_to, roles)`,
    `CREATE INDEX event_participants_country_idx ON ${s}.event_participants (actor_country, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, valid_to, roles)`,
    // btree_gist (created by the migration) for the equality on the driver's column.
    `CREATE INDEX event_participants_actor_long_idx ON ${s}.event_participants USING gist (actor_id, tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > ${LONG_SPAN}`,
    `CREATE INDEX event_participants_country_long_idx ON ${s}.event_participants USING gist (actor_country, tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > ${LONG_SPAN}`,
    `CREATE TABLE ${s}.actors (
       actor_id    uuid PRIMARY KEY,
       kind        text        NOT NULL,
       name        text        NOT NULL,
       aliases     text[]      NOT NULL,
       country     text,
       cameo_code  text,
       merged_into uuid,
       version     integer     NOT NULL,
       position    bigint      NOT NULL,
       updated_at  timestamptz NOT NULL,
       search      text        NOT NULL,
       doc         jsonb       NOT NULL
     )`,
    `CREATE INDEX actors_name_idx ON ${s}.actors (lower(name), actor_id)`,
    // search: lower-cased name and aliases, for substring search (pg_trgm, created by the migration)
    `CREATE INDEX actors_search_idx ON ${s}.actors USING gin (search gin_trgm_ops)`,
    `CREATE INDEX actors_cameo_idx ON ${s}.actors (cameo_code) WHERE cameo_code IS NOT NULL`,
    // The merged duplicates, few: a filter follows the actor it is given to its survivor.
    `CREATE INDEX actors_merged_idx ON ${s}.actors (actor_id) WHERE merged_into IS NOT NULL`,
    // ... and by their survivor: a page finds an actor's events under the actors merged into it.
    `CREATE INDEX actors_survivor_idx ON ${s}.actors (merged_into, actor_id) WHERE merged_into IS NOT NULL`,
    // Every version of every actor, current in record time from recorded_from to recorded_to like
    // event_versions: "the actor as known at T". The actors table above is the current version.
    `CREATE TABLE ${s}.actor_versions (
       actor_id      uuid        NOT NULL,
       version       integer     NOT NULL,
       position      bigint      NOT NULL,
       recorded_from timestamptz NOT NULL,
       recorded_to   timestamptz NOT NULL DEFAULT 'infinity',
       kind          text        NOT NULL,
       name          text        NOT NULL,
       country       text,
       merged_into   uuid,
       doc           jsonb       NOT NULL
     )`,
    `ALTER TABLE ${s}.actor_versions ADD CONSTRAINT actor_versions_pkey PRIMARY KEY (actor_id, version)`,
    `CREATE TABLE ${s}.checkpoint (
       id             boolean PRIMARY KEY DEFAULT true CHECK (id),
       transaction_id xid8        NOT NULL,
       position       bigint      NOT NULL,
       updated_at     timestamptz NOT NULL DEFAULT now(),
       -- the effective record time of the event at the checkpoint (see effectiveRecordTime)
       record_time    timestamptz
     )`,
    `INSERT INTO ${s}.checkpoint (transaction_id, position) VALUES ('0', 0)`,
  ];
}
