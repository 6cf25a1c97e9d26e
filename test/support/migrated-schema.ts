import type { Pool } from 'pg';

/**
 * The shape a migrated database has, as lines to compare with a snapshot: every column, constraint
 * and index of the service's tables (public and the read-model generations), the tables' storage
 * options (reloptions, such as autovacuum settings; only tables that have some), and the extensions
 * the indexes need. Ordinal positions are kept: a column added later by ALTER TABLE lands last, and that
 * is a difference a snapshot must see.
 */
export async function migratedSchema(pool: Pool): Promise<{
  extensions: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
  tableOptions: string[];
}> {
  const schemas = `(n.nspname = 'public' OR n.nspname ~ '^rm_[0-9]+$')`;
  const extensions = await pool.query<{ line: string }>(`SELECT extname AS line FROM pg_extension ORDER BY extname`);
  const columns = await pool.query<{ line: string }>(
    `SELECT format('%s.%s #%s %s %s %s default %s', c.table_schema, c.table_name, c.ordinal_position, c.column_name,
                   format_type(a.atttypid, a.atttypmod), CASE WHEN c.is_nullable = 'YES' THEN 'null' ELSE 'not null' END,
                   coalesce(c.column_default, '-')) AS line
       FROM information_schema.columns c
       JOIN pg_namespace n ON n.nspname = c.table_schema
       JOIN pg_class t ON t.relnamespace = n.oid AND t.relname = c.table_name
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = c.column_name
      WHERE ${schemas}
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
  );
  const constraints = await pool.query<{ line: string }>(
    `SELECT format('%s.%s %s: %s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)) AS line
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE ${schemas}
      ORDER BY n.nspname, t.relname, k.conname`,
  );
  const indexes = await pool.query<{ line: string }>(
    `SELECT format('%s.%s: %s', i.schemaname, i.indexname, i.indexdef) AS line
       FROM pg_indexes i JOIN pg_namespace n ON n.nspname = i.schemaname
      WHERE ${schemas}
      ORDER BY i.schemaname, i.indexname`,
  );
  const tableOptions = await pool.query<{ line: string }>(
    `SELECT format('%s.%s: %s', n.nspname, t.relname, array_to_string(t.reloptions, ', ')) AS line
       FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE ${schemas} AND t.relkind IN ('r', 'p') AND t.reloptions IS NOT NULL
      ORDER BY n.nspname, t.relname`,
  );
  const lines = (result: { rows: Array<{ line: string }> }) => result.rows.map((row) => row.line);
  return {
    extensions: lines(extensions),
    columns: lines(columns),
    constraints: lines(constraints),
    indexes: lines(indexes),
    tableOptions: lines(tableOptions),
  };
}
