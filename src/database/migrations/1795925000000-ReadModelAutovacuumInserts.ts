import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Autovacuum after inserts of 2% of a table's rows (PostgreSQL's default: 20%) on the big tables of
 * every read-model generation, event_versions and event_participants; generations made since (by a
 * rebuild) are created so (see readModelDdl).
 *
 * The projector mostly inserts into them, and only VACUUM sets the visibility map that lets a
 * page's index-only scan skip the heap: at 20% of a million-row table, the pages the projector
 * added since the last vacuum (the newest events, the ones timelines show most) stayed unmarked
 * for some 200,000 inserts. Only the table options change: nothing is rewritten, so the migration
 * takes no time whatever the generation's size. Where autovacuum is off it changes nothing.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class ReadModelAutovacuumInserts1795925000000 implements MigrationInterface {
  name = 'ReadModelAutovacuumInserts1795925000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner)) {
      for (const table of ['event_versions', 'event_participants'])
        await queryRunner.query(`ALTER TABLE ${schema}.${table} SET (autovacuum_vacuum_insert_scale_factor = 0.02)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner)) {
      for (const table of ['event_versions', 'event_participants'])
        await queryRunner.query(`ALTER TABLE ${schema}.${table} RESET (autovacuum_vacuum_insert_scale_factor)`);
    }
  }
}

/** The generations that have both tables. */
async function generations(queryRunner: QueryRunner): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$'
        AND to_regclass(quote_ident(n.nspname) || '.event_versions') IS NOT NULL
        AND to_regclass(quote_ident(n.nspname) || '.event_participants') IS NOT NULL
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
