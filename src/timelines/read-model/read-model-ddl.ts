/**
 * The read models of the timeline, created in a schema of their own (a "generation", rm_1, rm_2,
 * ...) so that `projections:rebuild` can build a new generation beside the live one and swap it in
 * (blue/green). `read_model_state.active_schema` names the generation queries read.
 *
 * Bitemporal: every version of every diplomatic event is a row of event_versions, current in record
 * time from recorded_from (inclusive) to recorded_to (exclusive; 'infinity' for the current one).
 * "As known at T" is `recorded_from <= T AND T < recorded_to`; "now" is `recorded_to = 'infinity'`.
 * Valid time (when it happened) is [valid_from, valid_to): the start's interval at its precision to
 * the end's (or the start's) interval end, in UTC; a date range matches when the intervals overlap.
 *
 * event_participants repeats each version's start and record-time interval on every participant row
 * (one row per event version and actor), so that "the first 50 events of actor A in 2022, as known at
 * T" is answered from one index (see ../shared/notes/read-model-facts.md).
 */
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
       PRIMARY KEY (event_id, version)
     )`,
    `CREATE INDEX event_versions_timeline_idx ON ${s}.event_versions (valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, kind)`,
    `CREATE INDEX event_versions_topics_idx ON ${s}.event_versions USING gin (topics)`,
    `CREATE INDEX event_versions_countries_idx ON ${s}.event_versions USING gin (countries)`,
    `CREATE INDEX event_versions_search_idx ON ${s}.event_versions USING gin (search)`,
    `CREATE INDEX event_versions_cameo_idx ON ${s}.event_versions (cameo_code, valid_from, event_id)`,
    `CREATE TABLE ${s}.event_participants (
       event_id      uuid        NOT NULL,
       version       integer     NOT NULL,
       actor_id      uuid        NOT NULL,
       roles         text[]      NOT NULL,
       actor_country text,
       valid_from    timestamptz NOT NULL,
       recorded_from timestamptz NOT NULL,
       recorded_to   timestamptz NOT NULL,
       retracted     boolean     NOT NULL,
       PRIMARY KEY (event_id, version, actor_id)
     )`,
    `CREATE INDEX event_participants_actor_idx ON ${s}.event_participants (actor_id, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted)`,
    `CREATE INDEX event_participants_country_idx ON ${s}.event_participants (actor_country, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted)`,
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
    `CREATE TABLE ${s}.checkpoint (
       id             boolean PRIMARY KEY DEFAULT true CHECK (id),
       transaction_id xid8        NOT NULL,
       position       bigint      NOT NULL,
       updated_at     timestamptz NOT NULL DEFAULT now()
     )`,
    `INSERT INTO ${s}.checkpoint (transaction_id, position) VALUES ('0', 0)`,
  ];
}
