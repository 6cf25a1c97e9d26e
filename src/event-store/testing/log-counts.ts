import type { LogQueryable } from '../log-queries';

/** Events in the log by type, for tests that check what a run stored. */
export async function eventCountsByType(db: LogQueryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ type: string; n: string }>('SELECT type, count(*) AS n FROM events GROUP BY type');
  return Object.fromEntries(rows.map((row) => [row.type, Number(row.n)]));
}
