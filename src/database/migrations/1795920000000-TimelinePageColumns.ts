import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a timeline page reads of each event version, on its row (see read-model-ddl.ts): `card`,
 * the doc members pages usually ask for as json text, and `merged_ids`, the ids the doc names that
 * were replaced by their survivors. Generations made since (by a rebuild) have both.
 *
 * Only the columns are added (no row is rewritten, so the migration takes no time whatever the
 * generation's size): NULL in both means "not known", and a page then reads the doc as it did
 * before, so answers are the same. Rows the projector writes from now on have them; run
 * `npm run projections:rebuild` to give every row the cheaper page.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class TimelinePageColumns1795920000000 implements MigrationInterface {
  name = 'TimelinePageColumns1795920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, false)) {
      await queryRunner.query(
        `ALTER TABLE ${schema}.event_versions ADD COLUMN card json, ADD COLUMN merged_ids uuid[]`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, true)) {
      await queryRunner.query(`ALTER TABLE ${schema}.event_versions DROP COLUMN card, DROP COLUMN merged_ids`);
    }
  }
}

/** The generations whose event_versions has (or lacks) the page columns. */
async function generations(queryRunner: QueryRunner, withColumns: boolean): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$'
        AND to_regclass(quote_ident(n.nspname) || '.event_versions') IS NOT NULL
        AND ${withColumns ? '' : 'NOT '}EXISTS (
              SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = to_regclass(quote_ident(n.nspname) || '.event_versions')
                 AND a.attname = 'card' AND NOT a.attisdropped)
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
