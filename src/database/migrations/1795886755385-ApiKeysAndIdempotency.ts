import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (only a hash of each key is stored) and the answers to mutations sent with an
 * idempotency key. Neither is history: they live beside the log, not in it.
 */
export class ApiKeysAndIdempotency1795886755385 implements MigrationInterface {
  name = 'ApiKeysAndIdempotency1795886755385';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
        role       text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
        key_hash   text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    // A name can be given again once its key is revoked.
    await queryRunner.query(`CREATE UNIQUE INDEX api_keys_active_name_idx ON api_keys (name) WHERE revoked_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        principal    text NOT NULL,
        key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        operation    text NOT NULL,
        request_hash text NOT NULL,
        -- NULL while the first request with this key is still being handled
        result       jsonb,
        claimed_at   timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TABLE api_keys`);
  }
}
