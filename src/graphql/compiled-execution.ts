import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import {
  execute,
  getOperationAST,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How many operations are remembered (seen once, compiled, or not compilable); least recently used go first. */
export const COMPILED_OPERATIONS = 500;

/** One execution: what graphql-js `execute` takes, and the key of the operation (its text's hash). */
export interface OperationRequest {
  /** The document's text or its hash (Apollo's queryHash): operations are told apart by it and operationName. */
  key: string;
  document: DocumentNode;
  operationName?: string | null | undefined;
  /** The operation the request runs, when the caller has it already (Apollo has). */
  operation?: OperationDefinitionNode | null | undefined;
  variableValues?: Record<string, unknown> | null | undefined;
  contextValue?: unknown;
}

type Compile = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string,
) => CompiledQuery | ExecutionResult;

/** Seen once (run by graphql-js), compiled, or refused by the compiler (graphql-js for good). */
type Entry = { state: 'seen' } | { state: 'compiled'; query: CompiledQuery } | { state: 'not-compilable' };

/**
 * Queries run by graphql-jit: an operation is compiled into one JavaScript function (field by
 * field, with default resolvers inlined as property reads) the second time it is asked, once,
 * and kept in an LRU of COMPILED_OPERATIONS; the first sighting, and any operation jit cannot
 * compile, runs through graphql-js `execute`. A page of 50 events resolves some 800 fields, and
 * graphql-js pays for each one a resolve-info object, a path and promise bookkeeping: compiled,
 * Node spends noticeably less CPU per page (README, "Benchmarks").
 *
 * Answers keep graphql-js's shape: jit reports errors with a GraphQLError of its own (built with
 * `new Function` code), and each is rebuilt here as a graphql-js GraphQLError with the same
 * message, path, locations, extensions and originalError, so that formatError (client-errors.ts)
 * and Nest's exception mapping see what they always saw. A request whose variables jit refuses
 * is answered by graphql-js, with graphql-js's words. Mutations stay on graphql-js (their cost is
 * the write; their serial execution stays graphql-js's own), and subscriptions never come here:
 * they are served by src/subscriptions-server on graphql-js.
 *
 * graphql-jit before 1.0 generates its code with `new Function`: the code is generated from the
 * schema and the (parsed, validated, admitted) document's shape, never from client text spliced
 * into source: names and literals it embeds go through JSON.stringify.
 */
export class CompiledExecution {
  private readonly operations = new Map<string, Entry>();
  private readonly maxOperations: number;
  private readonly compile: Compile;

  constructor(
    private readonly schema: GraphQLSchema,
    options: { maxOperations?: number; compile?: Compile } = {},
  ) {
    this.maxOperations = options.maxOperations ?? COMPILED_OPERATIONS;
    this.compile =
      options.compile ?? ((schema, document, operationName) => compileQuery(schema, document, operationName));
  }

  /** Operations remembered (seen once, compiled or refused by the compiler), at most maxOperations. */
  get size(): number {
    return this.operations.size;
  }

  /** Whether the operation runs compiled now (for tests and diagnostics). */
  isCompiled(key: string, operationName?: string | null): boolean {
    return this.operations.get(entryKey(key, operationName))?.state === 'compiled';
  }

  execute(request: OperationRequest): Promise<ExecutionResult> | ExecutionResult {
    const query = this.compiledFor(request);
    if (!query) return this.interpret(request);
    const result = query.query(undefined, request.contextValue, request.variableValues ?? {});
    return isPromise(result) ? result.then((r) => this.answer(r, request)) : this.answer(result, request);
  }

  private answer(result: ExecutionResult, request: OperationRequest): Promise<ExecutionResult> | ExecutionResult {
    // No data at all: the variables were refused before anything ran. graphql-js says why in its
    // own words (what clients and tests have always read).
    if (!('data' in result)) return this.interpret(request);
    if (!result.errors) return result;
    return { ...result, errors: result.errors.map(asGraphQLJsError) };
  }

  private interpret(request: OperationRequest): Promise<ExecutionResult> | ExecutionResult {
    return execute({
      schema: this.schema,
      document: request.document,
      operationName: request.operationName,
      variableValues: request.variableValues,
      contextValue: request.contextValue,
    });
  }

  /** The compiled query on the second sighting on (compiled then, once), or nothing. */
  private compiledFor(request: OperationRequest): CompiledQuery | undefined {
    const key = entryKey(request.key, request.operationName);
    const entry = this.operations.get(key);
    if (entry) {
      // Least recently used first: a hit moves to the end.
      this.operations.delete(key);
      this.operations.set(key, entry);
      if (entry.state === 'compiled') return entry.query;
      if (entry.state === 'not-compilable') return undefined;
      const compiled = this.tryCompile(request);
      this.operations.set(key, compiled ? { state: 'compiled', query: compiled } : { state: 'not-compilable' });
      return compiled;
    }
    this.operations.set(key, { state: 'seen' });
    if (this.operations.size > this.maxOperations) {
      const oldest = this.operations.keys().next().value;
      if (oldest !== undefined) this.operations.delete(oldest);
    }
    return undefined;
  }

  private tryCompile(request: OperationRequest): CompiledQuery | undefined {
    const operation = request.operation ?? getOperationAST(request.document, request.operationName);
    if (operation?.operation !== 'query') return undefined;
    try {
      const compiled = this.compile(this.schema, request.document, request.operationName ?? undefined);
      return isCompiledQuery(compiled) ? compiled : undefined;
    } catch {
      // Whatever jit cannot compile, graphql-js runs: the answer is the same, only slower.
      return undefined;
    }
  }
}

/** No name (the document's only operation) and an empty name (refused by graphql-js) differ. */
function entryKey(key: string, operationName: string | null | undefined): string {
  return `${operationName ?? '\u0001'}\u0000${key}`;
}

function isPromise<T>(value: Promise<T> | T): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * A graphql-js GraphQLError for one jit reports: same message, path, locations and extensions
 * (extensions.code included), and the error a resolver threw as originalError.
 */
export function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  // graphql-js derives locations from AST nodes, which jit's errors do not keep: theirs are kept.
  if (error.locations) Object.assign(rebuilt, { locations: error.locations });
  return rebuilt;
}

/**
 * What Apollo Server 5 calls a gateway (@apollo/server-gateway-interface, typed here by what is
 * used): it hands Apollo the schema and an executor. Apollo still parses, validates, runs the
 * plugins' request hooks (admission: queryLimitsPlugin, formatError, Nest's hooks) and writes the
 * answer; only execution is ours.
 *
 * In gateway mode Apollo does not wrap the schema's resolvers for plugins' willResolveField
 * hooks (per-field hooks: tracing, cache control). Nothing here uses them: the cache-control
 * plugin is disabled (noCacheControlPlugin), there is no usage reporting or inline tracing, and
 * metrics are taken per HTTP request (observability/http-metrics.middleware.ts). A plugin that
 * needs willResolveField would have to go without this gateway.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, execution = new CompiledExecution(schema)) {
  type Listener = (schemaContext: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void;
  const listeners = new Set<Listener>();
  return {
    execution,
    onSchemaLoadOrUpdate(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        executor: async (requestContext: {
          request: { variables?: Record<string, unknown>; operationName?: string };
          queryHash: string;
          document: DocumentNode;
          operation: OperationDefinitionNode | undefined;
          context: unknown;
        }): Promise<ExecutionResult> =>
          execution.execute({
            key: requestContext.queryHash,
            document: requestContext.document,
            // The name the client sent, as Apollo's own execution uses: requestContext.operationName
            // is the resolved operation's (null when none resolved, where graphql-js must refuse
            // the request's name, not run the document's only operation).
            operationName: requestContext.request.operationName,
            operation: requestContext.operation,
            variableValues: requestContext.request.variables,
            contextValue: requestContext.context,
          }),
      };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/**
 * Nest's Apollo driver with the compiled execution: the schema Nest built (sorted, transformed)
 * is known only here, when the driver starts, so the gateway is made from it then. Apollo is
 * given both `schema` and `gateway`; with a gateway it takes the schema from the gateway (the same
 * object) and executes through it.
 */
@Injectable()
export class CompiledApolloDriver extends ApolloDriver {
  override async start(options: ApolloDriverConfig): Promise<void> {
    const schema = (options as { schema?: GraphQLSchema }).schema;
    if (!schema) throw new Error('CompiledApolloDriver: Nest gave the driver no schema');
    Object.assign(options, { gateway: compiledExecutionGateway(schema) });
    await super.start(options);
  }
}
