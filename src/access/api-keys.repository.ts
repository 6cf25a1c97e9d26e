import type { Pool } from 'pg';
import { generateApiKey, hashApiKey, keyPrefix, type Role } from './api-key';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export class DuplicateKeyNameError extends Error {
  constructor(name: string) {
    super(`an active key named "${name}" exists already; revoke it first or choose another name`);
    this.name = 'DuplicateKeyNameError';
  }
}

interface Row {
  id: string;
  name: string;
  role: Role;
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toRecord = (row: Row): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  role: row.role,
  keyPrefix: row.key_prefix,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export class ApiKeysRepository {
  constructor(private readonly pool: Pool) {}

  /** Returns the record and the key itself, which is shown once and never stored. */
  async create(name: string, role: Role): Promise<{ record: ApiKeyRecord; key: string }> {
    const key = generateApiKey();
    try {
      const { rows } = await this.pool.query<Row>(
        `INSERT INTO api_keys (name, role, key_hash, key_prefix) VALUES ($1, $2, $3, $4)
         RETURNING id, name, role, key_prefix, created_at, revoked_at`,
        [name, role, hashApiKey(key), keyPrefix(key)],
      );
      return { record: toRecord(rows[0]!), key };
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'api_keys_active_name_idx')
        throw new DuplicateKeyNameError(name);
      throw error;
    }
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, name, role, key_prefix, created_at, revoked_at FROM api_keys ORDER BY created_at, name`,
    );
    return rows.map(toRecord);
  }

  /** Revokes the active key of that name; false when there is none. */
  async revoke(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL`,
      [name],
    );
    return (rowCount ?? 0) > 0;
  }

  async findActiveByKey(key: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<Row>(
      `SELECT id, name, role, key_prefix, created_at, revoked_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(key)],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async countActive(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL`,
    );
    return rows[0]!.n;
  }
}
