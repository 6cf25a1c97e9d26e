import type { ApolloDriverConfig } from '@nestjs/apollo';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ResponsePath,
} from 'graphql';
import { objectPlan, UnsupportedSelection, type FieldPlan, type ObjectPlan } from './selection-plan';
import { Fallback, PlanWalk } from './walk-plan';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** Queries of this process answered directly, and left to graphql-js (mutations are not counted). */
export const directExecutionCounts = { direct: 0, fallback: 0 };

/**
 * Queries answered by walking a selection plan (selection-plan.ts, walk-plan.ts) instead of
 * graphql-js's execute: the same resolvers, called with the same arguments, context and resolve
 * info, and the same answer, at a fraction of the CPU per field (see the README's bench:timeline
 * section for the figures). Apollo's `responseForOperation` hook runs after parsing, validation
 * and admission (queryLimitsPlugin) and before execution: what it answers is sent as it is, so only
 * answers without errors are given here.
 *
 * Every other case runs through graphql-js as before: mutations (a retry could apply them twice),
 * selections the plan does not model, variables graphql-js would refuse, and any error along the
 * way. The root fields' resolvers have run by then: their answers (values or errors) are kept for
 * the request (`rootAnswers`), and the root resolvers graphql-js calls (wrapped by
 * answerRootFieldsOnce) hand them over instead of running again: a page is never read twice, and
 * an error is the one the resolver gave. Nested resolvers (totalCount, an actor's aliases) may
 * run again in that case; they only read.
 *
 * Why not graphql-jit, which does this by generating JavaScript from the operation: measured
 * here, and dropped because a crafted string literal in a query ran code (README, "The read side").
 * This one generates no code: it is an interpreter over the validated document.
 */
export function directExecutionPlugin(): ApolloPlugin {
  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const { operation, document, schema, contextValue } = requestContext;
          if (!operation || operation.operation !== 'query') return null;
          const data = await answerDirectly(
            schema as GraphQLSchema,
            document as DocumentNode,
            operation as OperationDefinitionNode,
            requestContext.request.variables ?? {},
            contextValue,
          );
          if (data === undefined) {
            directExecutionCounts.fallback += 1;
            return null;
          }
          directExecutionCounts.direct += 1;
          // As ApolloServer's own answer to a query with no errors: no status or headers of its own.
          return {
            http: { headers: new Map(), status: undefined },
            body: { kind: 'single', singleResult: { data } },
          } as never;
        },
      };
    },
  };
}

/** The answer's `data`, or undefined where graphql-js must run the operation. */
export async function answerDirectly(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
  context: unknown,
): Promise<Record<string, unknown> | undefined> {
  const queryType = schema.getQueryType();
  if (!queryType) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 50 });
  if (coerced.errors) return undefined;
  const variables = coerced.coerced;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;

  let root: ObjectPlan;
  try {
    root = objectPlan({ schema, fragments, variables }, queryType, [operation.selectionSet]);
  } catch (error) {
    if (error instanceof UnsupportedSelection) return undefined;
    // getArgumentValues refusing an argument: graphql-js says so with its own error.
    return undefined;
  }

  const infoFor = (field: FieldPlan, parent: ObjectPlan, path: readonly (string | number)[]): GraphQLResolveInfo => ({
    fieldName: field.field!.name,
    fieldNodes: field.fieldNodes,
    returnType: field.field!.type,
    parentType: parent.type,
    path: responsePath(path, parent.type.name),
    schema,
    fragments,
    rootValue: undefined,
    operation,
    variableValues: variables,
  });
  const walk = new PlanWalk(context, infoFor);
  const data: Record<string, unknown> = {};
  const answers = rootAnswersOf(context);
  for (const field of root.fields) {
    if (field.field === undefined) {
      data[field.responseName] = queryType.name;
      continue;
    }
    let answer: Promise<unknown>;
    try {
      const args = field.args ?? getArgumentValues(field.field, field.fieldNodes[0]!, variables);
      const resolve =
        field.resolve ?? ((source: unknown) => (source as Record<string, unknown> | undefined)?.[field.field!.name]);
      answer = Promise.resolve(resolve(undefined, args, context, infoFor(field, root, [field.responseName])));
    } catch (error) {
      answer = Promise.reject(error);
    }
    answers?.set(field.fieldNodes[0]!, answer);
    walk.later(answer, data, field.responseName, field.value);
  }
  try {
    await walk.settle();
  } catch (error) {
    if (error instanceof Fallback) return undefined;
    throw error;
  }
  // Every root answer was used here: none is left for graphql-js to take.
  answers?.clear();
  return data;
}

/**
 * The root fields' answers of one request, by their first field node (graphql-js gives the root
 * resolver the same node objects of the same document). Kept on the request's context object,
 * weakly: they go with the request.
 */
const rootAnswers = new WeakMap<object, Map<FieldNode, Promise<unknown>>>();

function rootAnswersOf(context: unknown): Map<FieldNode, Promise<unknown>> | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  let answers = rootAnswers.get(context);
  if (!answers) rootAnswers.set(context, (answers = new Map()));
  return answers;
}

/** Root query resolvers that hand over an answer answerDirectly already has, each once. */
export function answerRootFieldsOnce(schema: GraphQLSchema): GraphQLSchema {
  const queryType = schema.getQueryType();
  if (!queryType) return schema;
  for (const field of Object.values(queryType.getFields())) {
    const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown> | undefined;
    if (!resolve) continue;
    field.resolve = (source, args, context, info) => {
      const answers = typeof context === 'object' && context !== null ? rootAnswers.get(context) : undefined;
      const answer = answers?.get(info.fieldNodes[0]!);
      if (answer === undefined) return resolve(source, args, context, info);
      answers!.delete(info.fieldNodes[0]!);
      return answer;
    };
  }
  return schema;
}

/** graphql-js's path of a field: each step's key; typename, as graphql-js gives it, on the last. */
function responsePath(keys: readonly (string | number)[], typename: string): ResponsePath {
  let path: ResponsePath | undefined;
  keys.forEach((key, i) => {
    path = { prev: path, key, typename: i === keys.length - 1 ? typename : undefined };
  });
  return path!;
}
