import { expect } from '@jest/globals';
import type { RunningService } from '../../src/service';
import { graphql, type GraphQLResponse } from './test-app';
import type { TestDatabase } from './test-database';

/** PostgreSQL's own words, which no answer to a client may carry. */
export const POSTGRES_TEXT = /invalid input syntax|out of range|SQLSTATE|syntax error|relation/i;

const logSize = async (db: TestDatabase) =>
  Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

/**
 * An attack test's expectation: the request is refused below 500 with one error of this code (and
 * field), in words of ours, nothing is appended, and an innocent query is answered right after
 * (`innocentHolds` checks its data further).
 */
export async function expectRefused(
  context: { db: TestDatabase; service: RunningService; innocent: string; innocentHolds?: (data: any) => void },
  attack: () => Promise<GraphQLResponse>,
  code: string,
  field?: string,
): Promise<void> {
  const before = await logSize(context.db);
  const { status, errors } = await attack();
  expect(status).toBeLessThan(500);
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  expect(error!.extensions).toMatchObject({ code, ...(field === undefined ? {} : { field }) });
  expect(error!.message).not.toMatch(POSTGRES_TEXT);
  expect(await logSize(context.db)).toBe(before);
  const innocent = await graphql(context.service, context.innocent);
  expect(innocent.errors).toBeUndefined();
  context.innocentHolds?.(innocent.data);
}
