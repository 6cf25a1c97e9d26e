import type { Pool } from 'pg';

/** A statement as the pool was asked for it: text and values, or a config with a name. */
export type RecordedStatement = { name?: string; text: string; values: unknown[] };

/**
 * Records every statement the pool runs into `statements`, at the pool's query method, so that a
 * test or a bench can explain exactly what a read sent.
 */
export function recordStatements(pool: Pool, statements: RecordedStatement[]): void {
  const query = pool.query.bind(pool) as (text: unknown, values?: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: typeof query }).query = (text: unknown, values?: unknown[]) => {
    const config =
      typeof text === 'string'
        ? { text, values: values ?? [] }
        : (text as { name?: string; text: string; values?: unknown[] });
    statements.push({ ...config, values: config.values ?? [] });
    return query(text, values);
  };
}

/** A node of PostgreSQL's EXPLAIN (FORMAT JSON) plan, with the members the plan tests read. */
export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Index Cond'?: string;
  Alias?: string;
  Plans?: PlanNode[];
};

/** The plan of a statement run with its values (ANALYZE, so row counts are real). */
export async function explainAnalyze(pool: Pool, statement: { text: string; values: unknown[] }): Promise<PlanNode> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
    statement.values,
  );
  return rows[0]!['QUERY PLAN'][0].Plan;
}

export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

export const indexesUsed = (plan: PlanNode) =>
  new Set(planNodes(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])));

/** Whole-table reads of the event tables; a small actors table may be read whole by choice. */
export const seqScans = (plan: PlanNode) =>
  planNodes(plan)
    .filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] !== 'actors')
    .map((n) => n['Relation Name']);

/** Rows read from the nodes that pass `keep`, over all loops: how far the scans walked. */
export const rowsRead = (plan: PlanNode, keep: (node: PlanNode) => boolean) =>
  planNodes(plan)
    .filter(keep)
    .reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1), 0);

/** Rows read from one index over all loops. */
export const rowsFrom = (plan: PlanNode, index: string) => rowsRead(plan, (n) => n['Index Name'] === index);
