import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index of event versions by record time (`event_versions_recorded_idx`) in every read-model
 * generation; generations made since (by a rebuild) are created with it (see readModelDdl).
 *
 * timelineChanges answers what changed between two record times: the versions current at the
 * later one that were recorded after the earlier one, read in (recorded_from, event_id) order
 * from where a page starts, so that a page stops after its size. Built from the rows there are:
 * nothing is rewritten and no rebuild is needed. CREATE INDEX holds off the projector's inserts
 * into event_versions while it builds (seconds per million versions), as earlier index
 * migrations did.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class EventVersionsRecordedIndex1796300000000 implements MigrationInterface {
  name = 'EventVersionsRecordedIndex1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner))
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS event_versions_recorded_idx ON ${schema}.event_versions (recorded_from, event_id) INCLUDE (version, recorded_to)`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner))
      await queryRunner.query(`DROP INDEX IF EXISTS ${schema}.event_versions_recorded_idx`);
  }
}

/** The generations that have an event_versions table. */
async function generations(queryRunner: QueryRunner): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$' AND to_regclass(quote_ident(n.nspname) || '.event_versions') IS NOT NULL
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
