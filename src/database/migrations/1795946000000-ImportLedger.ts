import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The backfill ledger: one row for each input file whose every batch has been committed, by its
 * base name, size and sha256, so that a backfill of thousands of files stopped halfway goes on
 * where it stopped and never imports a file twice. Not part of the log: it says which files were
 * read, not what happened; deleting a row only lets its file be imported again (adding nothing
 * that is already there, as the events' ids derive from the source's).
 */
export class ImportLedger1795946000000 implements MigrationInterface {
  name = 'ImportLedger1795946000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE import_ledger (
         file_name text NOT NULL CHECK (file_name <> ''),
         size bigint NOT NULL CHECK (size >= 0),
         sha256 bytea NOT NULL CHECK (octet_length(sha256) = 32),
         format text NOT NULL,
         lines bigint NOT NULL,
         imported bigint NOT NULL,
         reports_attached bigint NOT NULL,
         already_present bigint NOT NULL,
         rejected bigint NOT NULL,
         correlation_id uuid NOT NULL,
         imported_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (file_name, sha256)
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE import_ledger`);
  }
}
