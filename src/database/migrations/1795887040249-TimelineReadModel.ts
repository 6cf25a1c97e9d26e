import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generation rm_1 as readModelDdl('rm_1') wrote it when this migration last changed (150483f),
 * written out: a migration must do the same thing whenever it runs, so a later change to
 * readModelDdl (which rebuilds still use for new generations) needs a migration of its own, and
 * cannot reach back into this one. test/fixtures/migrations/1795887040249.sql holds what up issued
 * before it was frozen, and the migration spec keeps the two equal.
 */
export const TIMELINE_READ_MODEL_RM_1 = [
  `CREATE SCHEMA rm_1`,
  `CREATE TABLE rm_1.event_versions (
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
       doc              jsonb       NOT NULL
     )`,
  `ALTER TABLE rm_1.event_versions ADD CONSTRAINT event_versions_pkey PRIMARY KEY (event_id, version)`,
  `CREATE INDEX event_versions_timeline_idx ON rm_1.event_versions (valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, kind, valid_to)`,
  `CREATE INDEX event_versions_long_idx ON rm_1.event_versions USING gist (tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > interval '768 hours'`,
  `CREATE INDEX event_versions_topics_idx ON rm_1.event_versions USING gin (topics)`,
  `CREATE INDEX event_versions_countries_idx ON rm_1.event_versions USING gin (countries)`,
  `CREATE INDEX event_versions_search_idx ON rm_1.event_versions USING gin (search)`,
  `CREATE INDEX event_versions_cameo_idx ON rm_1.event_versions (cameo_code, valid_from, event_id)`,
  `CREATE TABLE rm_1.event_participants (
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
     )`,
  `ALTER TABLE rm_1.event_participants ADD CONSTRAINT event_participants_pkey PRIMARY KEY (event_id, version, actor_id)`,
  `CREATE INDEX event_participants_actor_idx ON rm_1.event_participants (actor_id, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)`,
  `CREATE INDEX event_participants_country_idx ON rm_1.event_participants (actor_country, valid_from, event_id)
       INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)`,
  `CREATE INDEX event_participants_actor_long_idx ON rm_1.event_participants USING gist (actor_id, tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > interval '768 hours'`,
  `CREATE INDEX event_participants_country_long_idx ON rm_1.event_participants USING gist (actor_country, tstzrange(valid_from, valid_to))
       WHERE (valid_to - valid_from) > interval '768 hours'`,
  `CREATE TABLE rm_1.actors (
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
  `CREATE INDEX actors_name_idx ON rm_1.actors (lower(name), actor_id)`,
  `CREATE INDEX actors_search_idx ON rm_1.actors USING gin (search gin_trgm_ops)`,
  `CREATE INDEX actors_cameo_idx ON rm_1.actors (cameo_code) WHERE cameo_code IS NOT NULL`,
  `CREATE INDEX actors_merged_idx ON rm_1.actors (actor_id) WHERE merged_into IS NOT NULL`,
  `CREATE TABLE rm_1.checkpoint (
       id             boolean PRIMARY KEY DEFAULT true CHECK (id),
       transaction_id xid8        NOT NULL,
       position       bigint      NOT NULL,
       updated_at     timestamptz NOT NULL DEFAULT now()
     )`,
  `INSERT INTO rm_1.checkpoint (transaction_id, position) VALUES ('0', 0)`,
] as const;

/**
 * The first generation of the timeline read models (rm_1) and the pointer to the active one.
 * Rebuilds create later generations beside it at run time (projections:rebuild), from readModelDdl.
 */
export class TimelineReadModel1795887040249 implements MigrationInterface {
  name = 'TimelineReadModel1795887040249';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // GiST indexes on (actor, valid-time range) need btree_gist for the actor's equality.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`
      CREATE TABLE read_model_state (
        id            boolean PRIMARY KEY DEFAULT true CHECK (id),
        active_schema text        NOT NULL CHECK (active_schema ~ '^rm_[0-9]+$'),
        swapped_at    timestamptz NOT NULL DEFAULT now()
      )`);
    for (const statement of TIMELINE_READ_MODEL_RM_1) await queryRunner.query(statement);
    await queryRunner.query(`INSERT INTO read_model_state (active_schema) VALUES ('rm_1')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read_model_state`);
    const schemas = (await queryRunner.query(
      `SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`,
    )) as Array<{ nspname: string }>;
    for (const { nspname } of schemas) await queryRunner.query(`DROP SCHEMA ${nspname} CASCADE`);
  }
}
