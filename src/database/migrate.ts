import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';

const MIGRATION_LOCK_KEY = 7_356_201_001;

/**
 * Several instances may start at once against one database: the first runs the migrations under
 * a session advisory lock, the others wait for it and then find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const pool = pgPool(dataSource);
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
}

/** The `pg` pool under TypeORM's postgres driver: the event store shares it. */
export function pgPool(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the TypeORM data source is not connected to PostgreSQL');
  return pool;
}
