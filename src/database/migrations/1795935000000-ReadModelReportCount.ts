import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_count` on every event version of every read-model generation: how many reports (rows of
 * GDELT or ICEWS that an import gathered into the event, see src/imports/clustering.ts) the version
 * carries, its first included. Generations made since (by a rebuild) have it (see readModelDdl).
 *
 * No version stored before this migration can have more than one report (ReportAttached did not
 * exist), so the default of 1 is every existing row's value: the column is added with it, which
 * PostgreSQL does without rewriting the table, so the migration takes no time whatever the
 * generation's size.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class ReadModelReportCount1795935000000 implements MigrationInterface {
  name = 'ReadModelReportCount1795935000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, false)) {
      await queryRunner.query(
        `ALTER TABLE ${schema}.event_versions ADD COLUMN report_count integer NOT NULL DEFAULT 1`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, true)) {
      await queryRunner.query(`ALTER TABLE ${schema}.event_versions DROP COLUMN report_count`);
    }
  }
}

/** The generations whose event_versions has (or lacks) report_count. */
async function generations(queryRunner: QueryRunner, withColumn: boolean): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$'
        AND to_regclass(quote_ident(n.nspname) || '.event_versions') IS NOT NULL
        AND ${withColumn ? '' : 'NOT '}EXISTS (
              SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = to_regclass(quote_ident(n.nspname) || '.event_versions')
                 AND a.attname = 'report_count' AND NOT a.attisdropped)
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
