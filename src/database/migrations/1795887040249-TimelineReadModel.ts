import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readModelDdl } from '../../timelines/read-model/read-model-ddl';

/**
 * The first generation of the timeline read models (rm_1) and the pointer to the active one.
 * Rebuilds create later generations beside it at run time (projections:rebuild), from the same DDL.
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
    for (const statement of readModelDdl('rm_1')) await queryRunner.query(statement);
    await queryRunner.query(`INSERT INTO read_model_state (active_schema) VALUES ('rm_1')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read_model_state`);
    const schemas = (await queryRunner.query(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`)) as Array<{ nspname: string }>;
    for (const { nspname } of schemas) await queryRunner.query(`DROP SCHEMA ${nspname} CASCADE`);
  }
}
