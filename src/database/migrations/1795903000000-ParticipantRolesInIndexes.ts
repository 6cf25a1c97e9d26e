import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Questions by role ("statements made by X") check the participant row's roles as the actor's or
 * the country's index range is read. With the roles INCLUDEd in those indexes the check is made on
 * the index entry: the range stays an index-only scan in key order that stops after a page of
 * matches. Without them the planner, which cannot know how many of one actor's rows have a role,
 * may read the actor's whole range from the heap to sort it. Generations created since (a rebuild,
 * readModelDdl) have the roles already and are left alone.
 *
 * Each new index is built beside the old one and takes its name, so reads keep an index meanwhile.
 * The statements are written out here, not taken from readModelDdl (see ReadModelValidTimeIndexes).
 */
export class ParticipantRolesInIndexes1795903000000 implements MigrationInterface {
  name = 'ParticipantRolesInIndexes1795903000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, false)) {
      await replace(
        queryRunner,
        schema,
        'actor',
        'INCLUDE (version, recorded_from, recorded_to, retracted, valid_to, roles)',
      );
      await replace(
        queryRunner,
        schema,
        'country',
        'INCLUDE (version, recorded_from, recorded_to, retracted, valid_to, roles)',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const schema of await generations(queryRunner, true)) {
      await replace(queryRunner, schema, 'actor', 'INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)');
      await replace(
        queryRunner,
        schema,
        'country',
        'INCLUDE (version, recorded_from, recorded_to, retracted, valid_to)',
      );
    }
  }
}

/** The generations whose actor index does (or does not) hold the roles. */
async function generations(queryRunner: QueryRunner, withRoles: boolean): Promise<string[]> {
  const rows = (await queryRunner.query(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname ~ '^rm_[0-9]+$'
        AND to_regclass(quote_ident(n.nspname) || '.event_participants_actor_idx') IS NOT NULL
        AND ${withRoles ? '' : 'NOT '}EXISTS (
              SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
               WHERE i.indexrelid = to_regclass(quote_ident(n.nspname) || '.event_participants_actor_idx')
                 AND a.attname = 'roles')
      ORDER BY n.nspname`,
  )) as Array<{ schema: string }>;
  return rows.map((row) => row.schema);
}

async function replace(
  queryRunner: QueryRunner,
  s: string,
  driver: 'actor' | 'country',
  include: string,
): Promise<void> {
  const column = driver === 'actor' ? 'actor_id' : 'actor_country';
  await queryRunner.query(
    `CREATE INDEX event_participants_${driver}_idx_next ON ${s}.event_participants (${column}, valid_from, event_id) ${include}`,
  );
  await queryRunner.query(`DROP INDEX ${s}.event_participants_${driver}_idx`);
  await queryRunner.query(
    `ALTER INDEX ${s}.event_participants_${driver}_idx_next RENAME TO event_participants_${driver}_idx`,
  );
}
