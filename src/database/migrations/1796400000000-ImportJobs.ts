import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import jobs started over GraphQL (`startImport`): one row per job, updated by the process that
 * runs it as it goes (progress, a heartbeat, then the summary or the error), so that any worker
 * or instance answers `importJob(id)` from here. Operational state like import_ledger, not part of
 * the log: a row says how an upload went, the events it appended are in the log; old finished
 * rows are deleted. The status stored is running, succeeded or failed; a running row whose
 * heartbeat is too old is shown as abandoned when read (its process died).
 */
export class ImportJobs1796400000000 implements MigrationInterface {
  name = 'ImportJobs1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE import_jobs (
         id uuid PRIMARY KEY,
         principal text NOT NULL,
         format text NOT NULL,
         dry_run boolean NOT NULL,
         all_events boolean NOT NULL,
         cluster text NOT NULL,
         content_bytes bigint NOT NULL CHECK (content_bytes >= 0),
         runner text NOT NULL,
         status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
         started_at timestamptz NOT NULL DEFAULT now(),
         heartbeat_at timestamptz NOT NULL DEFAULT now(),
         finished_at timestamptz,
         lines bigint NOT NULL DEFAULT 0,
         bytes_read bigint NOT NULL DEFAULT 0,
         imported bigint NOT NULL DEFAULT 0,
         already_present bigint NOT NULL DEFAULT 0,
         skipped bigint NOT NULL DEFAULT 0,
         rejected bigint NOT NULL DEFAULT 0,
         summary jsonb,
         error text,
         CHECK ((status = 'running') = (finished_at IS NULL))
       )`,
    );
    await queryRunner.query(`CREATE INDEX import_jobs_running_idx ON import_jobs (principal) WHERE status = 'running'`);
    await queryRunner.query(`CREATE INDEX import_jobs_started_idx ON import_jobs (started_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE import_jobs`);
  }
}
