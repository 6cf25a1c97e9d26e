import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-model generations created before valid_to was repeated on participant rows: adds it, and
 * the indexes that find the events running into a date range (the INCLUDEd valid_to, GiST indexes
 * of the long events, actors_merged_idx). Generations created since (by the TimelineReadModel
 * migration on a new database, or by a rebuild) have them already and are left alone.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class ReadModelValidTimeIndexes1795898363695 implements MigrationInterface {
  name = 'ReadModelValidTimeIndexes1795898363695';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    const outdated = (await queryRunner.query(
      `SELECT n.nspname AS schema FROM pg_namespace n
        WHERE n.nspname ~ '^rm_[0-9]+$'
          AND to_regclass(quote_ident(n.nspname) || '.event_participants') IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                           WHERE c.table_schema = n.nspname AND c.table_name = 'event_participants' AND c.column_name = 'valid_to')`,
    )) as Array<{ schema: string }>;
    const long = `(valid_to - valid_from) > interval '768 hours'`;
    for (const { schema: s } of outdated) {
      await queryRunner.query(`ALTER TABLE ${s}.event_participants ADD COLUMN valid_to timestamptz`);
      await queryRunner.query(
        `UPDATE ${s}.event_participants p SET valid_to = v.valid_to
           FROM ${s}.event_versions v WHERE v.event_id = p.event_id AND v.version = p.version`,
      );
      await queryRunner.query(`ALTER TABLE ${s}.event_participants ALTER COLUMN valid_to SET NOT NULL`);
      await queryRunner.query(
        `DROP INDEX ${s}.event_versions_timeline_idx, ${s}.event_participants_actor_idx, ${s}.event_participants_country_idx`,
      );
      await queryRunner.query(`CREATE INDEX event_versions_timeline_idx ON ${s}.event_versions (valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted, kind, valid_to)`);
      await queryRunner.query(
        `CREATE INDEX event_versions_long_idx ON ${s}.event_versions USING gist (tstzrange(valid_from, valid_to)) WHERE ${long}`,
      );
      await queryRunner.query(`CREATE INDEX event_participants_actor_idx ON ${s}.event_participants (actor_id, valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)`);
      await queryRunner.query(`CREATE INDEX event_participants_country_idx ON ${s}.event_participants (actor_country, valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)`);
      await queryRunner.query(`CREATE INDEX event_participants_actor_long_idx ON ${s}.event_participants
        USING gist (actor_id, tstzrange(valid_from, valid_to)) WHERE ${long}`);
      await queryRunner.query(`CREATE INDEX event_participants_country_long_idx ON ${s}.event_participants
        USING gist (actor_country, tstzrange(valid_from, valid_to)) WHERE ${long}`);
      await queryRunner.query(`CREATE INDEX actors_merged_idx ON ${s}.actors (actor_id) WHERE merged_into IS NOT NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Back to the earlier shape: the indexes without valid_to, and no valid_to on participant rows.
    const schemas = (await queryRunner.query(
      `SELECT nspname AS schema FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`,
    )) as Array<{ schema: string }>;
    for (const { schema: s } of schemas) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${s}.event_versions_long_idx, ${s}.event_participants_actor_long_idx,
        ${s}.event_participants_country_long_idx, ${s}.actors_merged_idx, ${s}.event_versions_timeline_idx,
        ${s}.event_participants_actor_idx, ${s}.event_participants_country_idx`);
      await queryRunner.query(`ALTER TABLE ${s}.event_participants DROP COLUMN IF EXISTS valid_to`);
      await queryRunner.query(`CREATE INDEX event_versions_timeline_idx ON ${s}.event_versions (valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted, kind)`);
      await queryRunner.query(`CREATE INDEX event_participants_actor_idx ON ${s}.event_participants (actor_id, valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted)`);
      await queryRunner.query(`CREATE INDEX event_participants_country_idx ON ${s}.event_participants (actor_country, valid_from, event_id)
        INCLUDE (version, recorded_from, recorded_to, retracted)`);
    }
  }
}
