import { Pool, type QueryConfig } from 'pg';
import { omittedDocKeys, pageStatement, type BarePage } from './bare-timeline';
import { cpuTicks } from './proc-cpu';
import { readMeta } from './timeline-database';

/** What one page statement costs PostgreSQL (see measureStatement). */
export interface StatementFigures {
  /** Median of EXPLAIN ANALYZE's execution and planning times, in ms. */
  executionMs: number;
  planningMs: number;
  /** Plain pg clients running the statement as sent, together. */
  perSecond: number;
  p50Ms: number;
  /** utime + stime of the clients' backends per statement, in ms (NaN when /proc cannot tell). */
  cpuMs: number;
  /** JSON of the answer's rows. */
  bytes: number;
  /** Rows the statement answers (a page statement: one; its json holds the events). */
  sample: unknown[];
  /** For a prepared statement: how many times each plan kind ran on one connection. */
  plans?: { generic_plans: string; custom_plans: string };
  /** EXPLAIN (ANALYZE, BUFFERS), when asked for. */
  plan?: string;
}

/**
 * A statement's values as the argument list of EXECUTE, which takes literals (every parameter of
 * a page statement is cast in its text): arrays as array literals, dates in ISO form.
 */
export function executeArguments(client: { escapeLiteral(text: string): string }, values: unknown[]): string {
  const literal = (value: unknown): string =>
    Array.isArray(value)
      ? `{${value.map((item) => `"${String(item)}"`).join(',')}}`
      : value instanceof Date
        ? value.toISOString()
        : String(value);
  return values.map((value) => client.escapeLiteral(literal(value))).join(', ');
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/**
 * A statement as the service sends it (prepared or not): EXPLAIN ANALYZE's median execution and
 * planning time of `explains`, then `connections` plain pg clients running it for `seconds`, with
 * the PostgreSQL backends' CPU time per statement (from /proc, when the server runs on this machine).
 */
export async function measureStatement(
  pool: Pool,
  statement: QueryConfig & { values: unknown[] },
  options: { connections: number; seconds: number; explains?: number; withPlan?: boolean; label?: string },
): Promise<StatementFigures> {
  const { text, values } = statement;
  const asSent: QueryConfig = {
    ...statement,
    name: statement.name ? `bench_${options.label ?? ''}${statement.name}` : undefined,
  };
  const clients = await Promise.all(Array.from({ length: options.connections }, () => pool.connect()));
  try {
    const pids: number[] = [];
    for (const client of clients) {
      pids.push((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
      for (let i = 0; i < 10; i += 1) await client.query(asSent);
    }
    const sample = (await clients[0]!.query(asSent)).rows;
    const executions: number[] = [];
    const plannings: number[] = [];
    for (let i = 0; i < (options.explains ?? 15); i += 1) {
      const { rows } = await clients[0]!.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, TIMING OFF) ${text}`,
        values,
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      executions.push(Number(/Execution Time: ([\d.]+)/.exec(plan)![1]));
      plannings.push(Number(/Planning Time: ([\d.]+)/.exec(plan)![1]));
    }
    // A prepared statement's plan as PostgreSQL runs it after the first five: generic, unless
    // the generic plan costs more than the custom ones did (`plans` tells which ran).
    const explain = async (mode: string) => {
      const client = clients[0]!;
      if (mode === 'auto') {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      // plan_cache_mode applies to prepared statements: EXPLAIN EXECUTE one (every parameter is
      // cast in the text; EXECUTE takes its values as literals).
      await client.query(`SET plan_cache_mode = ${mode}`);
      await client.query(`PREPARE bench_explained AS ${text}`);
      try {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_explained (${executeArguments(client, values)})`,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('DEALLOCATE bench_explained');
        await client.query('RESET plan_cache_mode');
      }
    };
    const plan = options.withPlan
      ? statement.name
        ? `custom plan:\n${await explain('force_custom_plan')}\ngeneric plan:\n${await explain('force_generic_plan')}`
        : await explain('auto')
      : undefined;
    const before = pids.map(cpuTicks);
    const latencies: number[] = [];
    const until = Date.now() + options.seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (Date.now() < until) {
          const started = process.hrtime.bigint();
          await client.query(asSent);
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }),
    );
    const ticks = pids.map(cpuTicks).reduce((sum, after, i) => sum + after - before[i]!, 0);
    const plans = asSent.name
      ? (
          await clients[1 % clients.length]!.query<{ generic_plans: string; custom_plans: string }>(
            'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
            [asSent.name],
          )
        ).rows[0]
      : undefined;
    latencies.sort((a, b) => a - b);
    return {
      executionMs: median(executions),
      planningMs: median(plannings),
      perSecond: latencies.length / options.seconds,
      p50Ms: latencies[Math.floor(latencies.length / 2)]!,
      cpuMs: (ticks * 10) / latencies.length,
      bytes: Buffer.byteLength(JSON.stringify(sample)),
      sample,
      ...(plans ? { plans } : {}),
      ...(plan ? { plan } : {}),
    };
  } finally {
    for (const client of clients) client.release(true);
  }
}

/**
 * The database bench:timeline built (BENCH_TIMELINE_DATABASE, default dtl_bench_timeline, on
 * DATABASE_URL's server; nothing is rebuilt or migrated): its stored params, its active read-model
 * schema, and a pool of `connections`, for the benchmarks that measure page statements alone.
 */
export async function openBenchReadModel<Params>(
  connections: number,
): Promise<{ url: string; params: Params; pool: Pool; schema: string }> {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/${process.env.BENCH_TIMELINE_DATABASE ?? 'dtl_bench_timeline'}`;
  const url = server.toString();
  const params = await readMeta<Params>(url, 'params');
  if (!params) throw new Error(`no bench params in ${url}: run bench:timeline on it first`);
  const pool = new Pool({ connectionString: url, max: connections });
  try {
    const { rows } = await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
    return { url, params, pool, schema: rows[0]!.active_schema };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** A page's statement as the service builds it (leaving out the doc members its query does not ask for), measured. */
export async function measurePage(
  pool: Pool,
  schema: string,
  page: BarePage,
  options: Parameters<typeof measureStatement>[2],
): Promise<{ statement: Awaited<ReturnType<typeof pageStatement>>; figures: StatementFigures }> {
  const statement = await pageStatement(schema, page.filter, {
    ...page.options,
    omitDocKeys: omittedDocKeys(page.query),
  });
  return { statement, figures: await measureStatement(pool, statement, options) };
}
