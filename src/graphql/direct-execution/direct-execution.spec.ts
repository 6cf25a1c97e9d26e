import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  execute,
  parse,
  validate,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { answerDirectly, answerResolversOnce } from './direct-execution.plugin';

/**
 * Answering directly, then graphql-js when the walk falls back, against graphql-js's execute
 * alone, on a small schema built for the edge cases (found in review): what each test says
 * graphql-js does, the two paths together must do too.
 */
const SDL = `
  type Child { name: String }
  type Obj {
    nn: String!
    s: String
    when: String
    slow: String
    child: Child
    children: [Child]
    items: [Int]
  }
  type Query { a: Obj b: Obj }
`;

function schemaWith(resolvers: Record<string, unknown>, slow?: () => PromiseLike<unknown>): GraphQLSchema {
  const schema = buildSchema(SDL);
  for (const name of ['a', 'b']) schema.getQueryType()!.getFields()[name]!.resolve = () => resolvers[name];
  const obj = schema.getType('Obj') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
  if (slow) obj.getFields().slow!.resolve = slow;
  return answerResolversOnce(schema);
}

/** As the plugin and Apollo do it: direct, else graphql-js with the same context. */
async function viaPlugin(schema: GraphQLSchema, query: string): Promise<ExecutionResult> {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const contextValue = {};
  const data = await answerDirectly(schema, document, operation, {}, contextValue);
  if (data !== undefined) return { data };
  return (await execute({ schema, document, contextValue })) as ExecutionResult;
}

async function reference(schema: GraphQLSchema, query: string): Promise<ExecutionResult> {
  return JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), contextValue: {} })));
}

const plain = (result: ExecutionResult) => JSON.parse(JSON.stringify(result));

describe('direct execution with its fallback, against graphql-js', () => {
  it('leaves no promise of a field resolver unobserved when it falls back (an unobserved rejection ends the process)', async () => {
    // A nested resolver answers with a promise that will reject; a later sibling is null in a
    // non-null position, a synchronous Fallback: the walk never awaits the first promise. With a
    // native promise that is an unhandledRejection, and process-exits.ts shuts the service down.
    const observed: boolean[] = [];
    const slow = (): PromiseLike<unknown> => {
      const index = observed.push(false) - 1;
      const rejected = new Promise((_, reject) => setTimeout(() => reject(new Error('nested refusal')), 5));
      return {
        then(onFulfilled, onRejected) {
          observed[index] = true;
          return rejected.then(onFulfilled, onRejected);
        },
      };
    };
    const expected = await reference(schemaWith({ a: { nn: null } }, slow), '{ a { slow nn } }');
    observed.length = 0;
    const result = await viaPlugin(schemaWith({ a: { nn: null } }, slow), '{ a { slow nn } }');
    expect(plain(result)).toEqual(expected);
    // One call: the direct walk's; graphql-js, taking over, is handed the same promise.
    expect(observed).toEqual([true]);
  });

  it('answers as graphql-js when a property getter throws (not an Apollo 500)', async () => {
    const a = {
      s: 'x',
      get when(): string {
        throw new RangeError('not a valid temporal point');
      },
    };
    const schema = schemaWith({ a });
    const ours = await viaPlugin(schema, '{ a { s when } }').catch((error: unknown) => ({ thrown: String(error) }));
    expect(plain(ours as ExecutionResult)).toEqual(await reference(schema, '{ a { s when } }'));
  });

  it('awaits a promise held by a plain property, as graphql-js does', async () => {
    const schema = schemaWith({ a: { child: Promise.resolve({ name: 'n' }) } });
    const expected = await reference(schema, '{ a { child { name } } }');
    expect(expected).toEqual({ data: { a: { child: { name: 'n' } } } });
    const ours = await viaPlugin(
      schemaWith({ a: { child: Promise.resolve({ name: 'n' }) } }),
      '{ a { child { name } } }',
    );
    expect(plain(ours)).toEqual(expected);
  });

  it('awaits promises in a list, as graphql-js does', async () => {
    const make = () => schemaWith({ a: { children: [Promise.resolve({ name: 'n' })] } });
    const expected = await reference(make(), '{ a { children { name } } }');
    expect(plain(await viaPlugin(make(), '{ a { children { name } } }'))).toEqual(expected);
  });

  it('hands graphql-js a root answer it has not consumed (a one-shot iterable)', async () => {
    const make = () =>
      schemaWith({
        a: {
          items: (function* () {
            yield 1;
            yield 2;
          })(),
        },
        b: { nn: null },
      });
    const query = '{ a { items } b { nn } }';
    expect(plain(await viaPlugin(make(), query))).toEqual(await reference(make(), query));
  });
});
