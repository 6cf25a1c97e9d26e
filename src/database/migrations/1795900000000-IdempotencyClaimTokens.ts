import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim on an idempotency key carries a token of its owner, so that an owner whose claim was
 * taken over (it looked abandoned) can no longer fill in or give back the new owner's claim; and
 * records are purged by age, hence the index.
 */
export class IdempotencyClaimTokens1795900000000 implements MigrationInterface {
  name = 'IdempotencyClaimTokens1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE idempotency_keys ADD COLUMN claim_token uuid NOT NULL DEFAULT gen_random_uuid()`,
    );
    await queryRunner.query(
      `CREATE INDEX idempotency_keys_age_idx ON idempotency_keys ((coalesce(completed_at, claimed_at)))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idempotency_keys_age_idx`);
    await queryRunner.query(`ALTER TABLE idempotency_keys DROP COLUMN claim_token`);
  }
}
