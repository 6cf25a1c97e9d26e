import type { QueryResult, QueryResultRow } from 'pg';

/** A pool or one connection: both answer plain queries. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

/**
 * One connection whose queries run strictly in the order they were sent, so that a caller may
 * send a statement and go on working (mapping the next batch) before it is done: later queries
 * wait for it. pg's own queueing of queries on a busy client is deprecated.
 */
export class SerialQueries implements Queryable {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly connection: Queryable) {}

  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>> {
    const run = () => this.connection.query<Row>(text, values);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
