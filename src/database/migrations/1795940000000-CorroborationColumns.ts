import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many sources each event version has (`source_count`, a stored generated column computed
 * from the doc), and a partial index of the versions with two sources or more in timeline order,
 * for the timeline filter `minSources` (see read-model-ddl.ts). Generations made since (by a
 * rebuild) are created so.
 *
 * Unlike TimelinePageColumns, this rewrites each generation's event_versions (a stored generated
 * column is computed for every row as it is added) under an exclusive lock: a few seconds per
 * 100,000 versions, during which timeline reads of that generation wait. A generated column rather
 * than one the projector fills: old rows are right at once, and every writer of rows (the
 * projector, a rebuild, test fixtures) gets the same count without being told.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class CorroborationColumns1795940000000 implements MigrationInterface {
  name = 'CorroborationColumns1795940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, false)) {
      await queryRunner.query(
        `ALTER TABLE ${schema}.event_versions ADD COLUMN source_count integer NOT NULL
           GENERATED ALWAYS AS (CASE WHEN jsonb_typeof(doc -> 'sources') = 'array' THEN jsonb_array_length(doc -> 'sources') ELSE 0 END) STORED`,
      );
      await queryRunner.query(
        `CREATE INDEX event_versions_corroborated_idx ON ${schema}.event_versions (valid_from, event_id)
           INCLUDE (version, recorded_from, recorded_to, retracted, kind, valid_to, source_count) WHERE source_count > 1`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, true)) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${schema}.event_versions_corroborated_idx`);
      await queryRunner.query(`ALTER TABLE ${schema}.event_versions DROP COLUMN source_count`);
    }
  }
}

/** The generations whose event_versions has (or lacks) source_count. */
async function generations(queryRunner: QueryRunner, withColumn: boolean): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$'
        AND to_regclass(quote_ident(n.nspname) || '.event_versions') IS NOT NULL
        AND ${withColumn ? '' : 'NOT '}EXISTS (
              SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = to_regclass(quote_ident(n.nspname) || '.event_versions')
                 AND a.attname = 'source_count' AND NOT a.attisdropped)
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
