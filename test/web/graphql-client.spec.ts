import { afterEach, describe, expect, it } from '@jest/globals';
import { errorsOf, graphql, GraphQLRequestError } from '../../web/shared/graphql';

/**
 * The pages' GraphQL client reads whatever came back: the errors the service gave, or, for an
 * answer that is not a GraphQL one (a proxy's error page, a JSON body without data), a message
 * that says what was received, never an empty one.
 */
const realFetch = globalThis.fetch;

function answer(status: number, body: string): void {
  globalThis.fetch = (async () => new Response(body, { status })) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

describe("the pages' graphql()", () => {
  it('resolves to the data', async () => {
    answer(200, JSON.stringify({ data: { ok: 1 } }));
    await expect(graphql<{ ok: number }>('{ ok }')).resolves.toEqual({ ok: 1 });
  });

  it("rejects with the service's errors and codes", async () => {
    answer(400, JSON.stringify({ errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT', field: 'x' } }] }));
    const error = await graphql('{ ok }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).status).toBe(400);
    expect(errorsOf(error)).toEqual([{ message: 'bad', extensions: { code: 'BAD_USER_INPUT', field: 'x' } }]);
  });

  it('says what came back when a JSON answer has neither data nor errors', async () => {
    answer(200, JSON.stringify({ message: 'gateway says hello' }));
    const error = await graphql('{ ok }').catch((e: unknown) => e);
    expect((error as Error).message).toBe('the service answered HTTP 200 without data or errors');
    expect(errorsOf(error)).toHaveLength(1);
  });

  it('says what came back when the answer is not JSON', async () => {
    answer(502, '<html>Bad gateway</html>');
    const error = await graphql('{ ok }').catch((e: unknown) => e);
    expect((error as Error).message).toBe('the service answered HTTP 502');
  });
});
