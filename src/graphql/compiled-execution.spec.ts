import { describe, expect, it } from '@jest/globals';
import {
  execute,
  GraphQLBoolean,
  GraphQLError,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type DocumentNode,
  type ExecutionResult,
} from 'graphql';
import { compileQuery } from 'graphql-jit';
import { asGraphQLJsError, CompiledExecution } from './compiled-execution';

const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  fields: () => ({
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: GraphQLString },
    // A GraphQLError with a code, thrown by a resolver (as errors.ts's notFound is).
    owner: {
      type: GraphQLString,
      resolve: async () => {
        throw new GraphQLError('no owner known', { extensions: { code: 'NOT_FOUND', field: 'owner' } });
      },
    },
    // Anything else thrown (as a pg error would be): formatError maps it by originalError.
    price: {
      type: GraphQLInt,
      resolve: () => {
        throw Object.assign(new Error('relation "prices" does not exist'), { code: '42P01' });
      },
    },
    mandatory: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
  }),
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))),
        args: { first: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, args: { first: number }) =>
          Array.from({ length: args.first }, (_, i) => ({ id: `item-${i}`, name: `Item ${i}` })),
      },
      greeting: {
        type: GraphQLString,
        args: { name: { type: GraphQLString } },
        resolve: (_root, args: { name?: string }, context: { greeting?: string }) =>
          `${context?.greeting ?? 'hello'} ${args.name ?? 'you'}`,
      },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: { touch: { type: GraphQLBoolean, resolve: () => true } },
  }),
});

function request(query: string, variableValues?: Record<string, unknown>, contextValue: unknown = {}) {
  const document = parse(query);
  return { key: query, document, variableValues, contextValue };
}

/** What graphql-js answers for the same request: the reference. */
async function reference(document: DocumentNode, variableValues?: Record<string, unknown>, contextValue: unknown = {}) {
  return execute({ schema, document, variableValues, contextValue }) as Promise<ExecutionResult>;
}

/** The answer as it goes on the wire (toJSON: message, locations, path, extensions). */
function wire(result: ExecutionResult) {
  return JSON.parse(JSON.stringify(result)) as unknown;
}

function countingCompile() {
  const calls = { count: 0 };
  const compile = (s: GraphQLSchema, d: DocumentNode, name?: string) => {
    calls.count += 1;
    return compileQuery(s, d, name);
  };
  return { calls, compile };
}

describe('CompiledExecution', () => {
  it('runs the first sighting through graphql-js and compiles on the second, once', async () => {
    const { calls, compile } = countingCompile();
    const execution = new CompiledExecution(schema, { compile });
    const page = request('query Page($n: Int!) { items(first: $n) { id name } greeting(name: "Ada") }', { n: 3 });
    const expected = wire(await reference(page.document, page.variableValues));

    expect(wire(await execution.execute(page))).toEqual(expected);
    expect(calls.count).toBe(0);
    expect(execution.isCompiled(page.key)).toBe(false);

    for (let i = 0; i < 5; i += 1) expect(wire(await execution.execute(page))).toEqual(expected);
    expect(calls.count).toBe(1);
    expect(execution.isCompiled(page.key)).toBe(true);
  });

  it('gives the compiled query the request context and variables', async () => {
    const execution = new CompiledExecution(schema);
    const asked = request('query Hi($who: String) { greeting(name: $who) }', { who: 'Ada' }, { greeting: 'salaam' });
    await execution.execute(asked);
    expect(await execution.execute(asked)).toEqual({ data: { greeting: 'salaam Ada' } });
    expect(execution.isCompiled(asked.key)).toBe(true);
    expect(await execution.execute({ ...asked, variableValues: { who: 'Bo' }, contextValue: {} })).toEqual({
      data: { greeting: 'hello Bo' },
    });
  });

  it('answers errors as graphql-js GraphQLErrors: message, path, locations, extensions.code, originalError', async () => {
    const execution = new CompiledExecution(schema);
    const failing = request('{ items(first: 2) { id owner price } }');
    const expected = await reference(failing.document);
    expect(expected.errors).toHaveLength(4);

    await execution.execute(failing);
    const compiled = await execution.execute(failing);
    expect(execution.isCompiled(failing.key)).toBe(true);
    expect(wire(compiled)).toEqual(wire(expected));
    for (const error of compiled.errors ?? []) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error.constructor).toBe(GraphQLError);
      expect(error.locations?.length).toBe(1);
    }
    const notFound = compiled.errors!.find((error) => error.message === 'no owner known')!;
    expect(notFound.extensions).toEqual({ code: 'NOT_FOUND', field: 'owner' });
    expect(notFound.path).toEqual(['items', 0, 'owner']);
    expect(notFound.originalError).toBeInstanceOf(GraphQLError);
    const database = compiled.errors!.find((error) => error.message.startsWith('relation'))!;
    expect(database.originalError).toMatchObject({ code: '42P01' });
    expect(database.path).toEqual(['items', 0, 'price']);
  });

  it('answers a null in a non-null field as graphql-js does', async () => {
    const execution = new CompiledExecution(schema);
    const nulled = request('{ items(first: 1) { id mandatory } greeting }');
    const expected = wire(await reference(nulled.document));
    await execution.execute(nulled);
    expect(wire(await execution.execute(nulled))).toEqual(expected);
    expect(execution.isCompiled(nulled.key)).toBe(true);
  });

  it('answers refused variables in graphql-js words, also once compiled', async () => {
    const execution = new CompiledExecution(schema);
    const good = request('query Page($n: Int!) { items(first: $n) { id } }', { n: 1 });
    await execution.execute(good);
    await execution.execute(good);
    expect(execution.isCompiled(good.key)).toBe(true);
    for (const variableValues of [{ n: 'many' }, {}, { n: 2 ** 40 }]) {
      const expected = wire(await reference(good.document, variableValues));
      expect(wire(await execution.execute({ ...good, variableValues }))).toEqual(expected);
    }
  });

  it('runs through graphql-js for good when the compiler throws, trying once', async () => {
    let attempts = 0;
    const execution = new CompiledExecution(schema, {
      compile: () => {
        attempts += 1;
        throw new Error('cannot compile this');
      },
    });
    const page = request('{ items(first: 2) { id name owner } }');
    const expected = wire(await reference(page.document));
    for (let i = 0; i < 4; i += 1) expect(wire(await execution.execute(page))).toEqual(expected);
    expect(attempts).toBe(1);
    expect(execution.isCompiled(page.key)).toBe(false);
  });

  it('runs through graphql-js when the compiler answers with errors instead of a query', async () => {
    const execution = new CompiledExecution(schema, {
      compile: () => ({ errors: [new GraphQLError('not supported')] }),
    });
    const page = request('{ greeting }');
    await execution.execute(page);
    expect(await execution.execute(page)).toEqual({ data: { greeting: 'hello you' } });
    expect(execution.isCompiled(page.key)).toBe(false);
  });

  it('leaves mutations to graphql-js', async () => {
    const { calls, compile } = countingCompile();
    const execution = new CompiledExecution(schema, { compile });
    const touch = request('mutation { touch }');
    for (let i = 0; i < 3; i += 1) expect(await execution.execute(touch)).toEqual({ data: { touch: true } });
    expect(calls.count).toBe(0);
  });

  it('tells operations of one document apart by operationName', async () => {
    const execution = new CompiledExecution(schema);
    const both = request('query A { greeting } query B { items(first: 1) { id } }');
    await execution.execute({ ...both, operationName: 'A' });
    await execution.execute({ ...both, operationName: 'A' });
    expect(execution.isCompiled(both.key, 'A')).toBe(true);
    expect(execution.isCompiled(both.key, 'B')).toBe(false);
    expect(await execution.execute({ ...both, operationName: 'B' })).toEqual({ data: { items: [{ id: 'item-0' }] } });
    expect(await execution.execute({ ...both, operationName: 'B' })).toEqual({ data: { items: [{ id: 'item-0' }] } });
    expect(execution.isCompiled(both.key, 'B')).toBe(true);
  });

  it('refuses an operation name the document lacks, even the empty one, as graphql-js does', async () => {
    const execution = new CompiledExecution(schema);
    const only = request('query Only { greeting }');
    for (let i = 0; i < 2; i += 1) await execution.execute({ ...only, operationName: null });
    expect(execution.isCompiled(only.key, null)).toBe(true);
    for (const operationName of ['', 'Other']) {
      const expected = wire(
        (await execute({ schema, document: only.document, operationName, contextValue: {} })) as ExecutionResult,
      );
      expect(expected).toMatchObject({ errors: [{ message: `Unknown operation named "${operationName}".` }] });
      for (let i = 0; i < 3; i += 1)
        expect(wire(await execution.execute({ ...only, operationName }))).toEqual(expected);
      expect(execution.isCompiled(only.key, operationName)).toBe(false);
    }
  });

  it('keeps at most maxOperations, forgetting the least recently used', async () => {
    const { calls, compile } = countingCompile();
    const execution = new CompiledExecution(schema, { maxOperations: 3, compile });
    const ops = [1, 2, 3, 4, 5].map((n) => request(`{ items(first: ${n}) { id } }`));
    for (const op of ops.slice(0, 3)) {
      await execution.execute(op);
      await execution.execute(op);
    }
    expect(calls.count).toBe(3);
    // ops[0] is used again: ops[1] is now the least recently used.
    await execution.execute(ops[0]!);
    await execution.execute(ops[3]!);
    expect(execution.size).toBe(3);
    expect(execution.isCompiled(ops[0]!.key)).toBe(true);
    expect(execution.isCompiled(ops[1]!.key)).toBe(false);
    expect(execution.isCompiled(ops[2]!.key)).toBe(true);
    for (const op of ops) await execution.execute(op);
    expect(execution.size).toBe(3);
    // A forgotten operation starts over: seen once, compiled on its next sighting.
    await execution.execute(ops[1]!);
    await execution.execute(ops[1]!);
    expect(execution.isCompiled(ops[1]!.key)).toBe(true);
    expect(execution.size).toBe(3);
  });

  it('holds 500 operations by default', async () => {
    const execution = new CompiledExecution(schema);
    for (let n = 0; n < 600; n += 1)
      await execution.execute(request(`{ items(first: ${n % 3}) { id } a${n}: greeting }`));
    expect(execution.size).toBe(500);
  });
});

describe('asGraphQLJsError', () => {
  it('keeps a graphql-js error as it is', () => {
    const error = new GraphQLError('x', { extensions: { code: 'FORBIDDEN' } });
    expect(asGraphQLJsError(error)).toBe(error);
  });
});
