import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index of merged actors by their survivor (`actors_survivor_idx`) in every read-model
 * generation; generations made since (by a rebuild) are created with it (see readModelDdl).
 *
 * Actor merges became bitemporal: the projector no longer moves a merged duplicate's participant
 * rows to its survivor, and a page finds an actor's events under every actor merged into it as
 * known at its asOf, looked up from the survivor through this index. Merged actors are few, so it
 * is small and built in moments; nothing is rewritten. Rows an older projector moved stay where
 * they are (they name the survivor: right now and after the merge, not before it) until
 * `npm run projections:rebuild`.
 *
 * The statements are written out here, not taken from readModelDdl: a migration must do the same
 * thing whenever it runs, whatever the DDL becomes later.
 */
export class ActorSurvivorIndex1795945000000 implements MigrationInterface {
  name = 'ActorSurvivorIndex1795945000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner))
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS actors_survivor_idx ON ${schema}.actors (merged_into, actor_id) WHERE merged_into IS NOT NULL`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner))
      await queryRunner.query(`DROP INDEX IF EXISTS ${schema}.actors_survivor_idx`);
  }
}

/** The generations that have an actors table. */
async function generations(queryRunner: QueryRunner): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$' AND to_regclass(quote_ident(n.nspname) || '.actors') IS NOT NULL
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}
