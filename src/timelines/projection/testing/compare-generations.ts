import type { Queryable } from '../serial-queries';

/**
 * The one column allowed to differ between two generations projected from the same log: when
 * each checkpoint was last written (wall-clock time of that generation's last batch).
 */
const WALL_CLOCK_COLUMNS: Record<string, string[]> = { checkpoint: ['updated_at'] };

/**
 * Differences between two read-model generations, table by table, row by row in primary-key
 * order; [] when they are equal. Every table and column of either schema takes part.
 */
export async function generationDifferences(db: Queryable, a: string, b: string, sample = 3): Promise<string[]> {
  const differences: string[] = [];
  const tablesA = await tables(db, a);
  const tablesB = await tables(db, b);
  if (tablesA.join() !== tablesB.join())
    differences.push(`tables differ: ${a} has ${tablesA.join(', ')}; ${b} has ${tablesB.join(', ')}`);
  for (const table of tablesA.filter((t) => tablesB.includes(t))) {
    const columnsA = await columns(db, a, table);
    const columnsB = await columns(db, b, table);
    if (columnsA.join() !== columnsB.join()) {
      differences.push(`${table}: columns differ`);
      continue;
    }
    const key = await primaryKey(db, a, table);
    const compared = columnsA.filter((column) => !(WALL_CLOCK_COLUMNS[table] ?? []).includes(column));
    const rowsA = await rows(db, a, table, compared, key);
    const rowsB = await rows(db, b, table, compared, key);
    if (rowsA.length !== rowsB.length)
      differences.push(`${table}: ${rowsA.length} rows in ${a}, ${rowsB.length} in ${b}`);
    let shown = 0;
    for (let i = 0; i < Math.max(rowsA.length, rowsB.length) && shown < sample; i += 1) {
      if (rowsA[i] === rowsB[i]) continue;
      differences.push(`${table} row ${i}:\n  ${a}: ${rowsA[i]}\n  ${b}: ${rowsB[i]}`);
      shown += 1;
    }
  }
  return differences;
}

async function tables(db: Queryable, schema: string): Promise<string[]> {
  const { rows: found } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [schema],
  );
  return found.map((row) => row.table_name);
}

async function columns(db: Queryable, schema: string, table: string): Promise<string[]> {
  const { rows: found } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return found.map((row) => row.column_name);
}

async function primaryKey(db: Queryable, schema: string, table: string): Promise<string[]> {
  const { rows: found } = await db.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = ($1 || '.' || $2)::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [schema, table],
  );
  return found.map((row) => row.attname);
}

async function rows(
  db: Queryable,
  schema: string,
  table: string,
  columnList: string[],
  key: string[],
): Promise<string[]> {
  const { rows: found } = await db.query<{ row: string }>(
    `SELECT ROW(${columnList.map((c) => `t.${c}`).join(', ')})::text AS row FROM ${schema}.${table} t ORDER BY ${key.map((c) => `t.${c}`).join(', ')}`,
  );
  return found.map((row) => row.row);
}
