import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Actor versions in every read-model generation that lacks them (actors as known at a past moment:
 * `actor(id, asOf)`, the names on an `asOf` page). Generations made since (by a rebuild) have them.
 *
 * A generation migrated here holds one version per actor, its current state, from the record time
 * of its registration: an `asOf` answer then gives today's name for any moment the actor was
 * known. `npm run projections:rebuild` projects every version from the log.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class ReadModelActorVersions1795910000000 implements MigrationInterface {
  name = 'ReadModelActorVersions1795910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const outdated = (await queryRunner.query(
      `SELECT n.nspname AS schema FROM pg_namespace n
        WHERE n.nspname ~ '^rm_[0-9]+$'
          AND to_regclass(quote_ident(n.nspname) || '.actors') IS NOT NULL
          AND to_regclass(quote_ident(n.nspname) || '.actor_versions') IS NULL
        ORDER BY n.nspname`,
    )) as Array<{ schema: string }>;
    for (const { schema: s } of outdated) {
      await queryRunner.query(`CREATE TABLE ${s}.actor_versions (
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
     )`);
      await queryRunner.query(
        `ALTER TABLE ${s}.actor_versions ADD CONSTRAINT actor_versions_pkey PRIMARY KEY (actor_id, version)`,
      );
      await queryRunner.query(
        `INSERT INTO ${s}.actor_versions (actor_id, version, position, recorded_from, kind, name, country, merged_into, doc)
         SELECT a.actor_id, a.version, a.position,
                coalesce((SELECT e.recorded_at FROM events e WHERE e.stream_id = 'actor-' || a.actor_id::text
                           ORDER BY e.stream_version LIMIT 1), a.updated_at),
                a.kind, a.name, a.country, a.merged_into, a.doc
           FROM ${s}.actors a`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schemas = (await queryRunner.query(
      `SELECT nspname AS schema FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`,
    )) as Array<{ schema: string }>;
    for (const { schema: s } of schemas) await queryRunner.query(`DROP TABLE IF EXISTS ${s}.actor_versions`);
  }
}
