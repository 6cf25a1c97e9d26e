import type { ApolloDriverConfig } from '@nestjs/apollo';
import {
  getArgumentValues,
  getVariableValues,
  isObjectType,
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
import { PlanWalk } from './walk-plan';

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
 * way. The resolvers called by then have their answers (values or errors) kept for the request
 * (`resolverAnswers`), and the resolvers graphql-js calls (wrapped by answerResolversOnce) hand
 * them over instead of running again: nothing is read or waited for twice, and an error is the
 * one the resolver gave.
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
  const answers = resolverAnswersOf(context);
  const walk = new PlanWalk(
    context,
    infoFor,
    (node, source, answer) => answers && remember(answers, node, source, answer),
  );
  const data: Record<string, unknown> = {};
  for (const field of root.fields) {
    if (field.field === undefined) {
      data[field.responseName] = queryType.name;
      continue;
    }
    let answer: Promise<unknown>;
    try {
      const args = field.args ? { ...field.args } : getArgumentValues(field.field, field.fieldNodes[0]!, variables);
      const resolve =
        field.resolve ?? ((source: unknown) => (source as Record<string, unknown> | undefined)?.[field.field!.name]);
      answer = Promise.resolve(resolve(undefined, args, context, infoFor(field, root, [field.responseName])));
    } catch (error) {
      answer = Promise.reject(error);
    }
    if (answers) remember(answers, field.fieldNodes[0]!, ROOT, answer);
    walk.later(answer, data, field.responseName, field.value);
  }
  try {
    await walk.settle();
  } catch {
    // Any error, a Fallback or not: graphql-js answers it, with its own errors and formatting.
    walk.abandon();
    return undefined;
  }
  return data;
}

/**
 * The answers (promises) the resolvers gave the direct walk, per request: by first field node
 * (graphql-js gives a resolver the same node objects of the same document) and parent object (the
 * same objects of the same root answers; ROOT for a root field). When graphql-js takes over, the
 * resolvers it calls hand these over (answerResolversOnce) instead of running again: a page is
 * not read twice, a minPosition is not waited for twice, and an error is the resolver's own.
 * Kept on the request's context object, weakly: they go with the request.
 */
const ROOT = Symbol('root');
type ResolverAnswers = Map<FieldNode, Map<unknown, unknown>>;
const resolverAnswers = new WeakMap<object, ResolverAnswers>();

function resolverAnswersOf(context: unknown): ResolverAnswers | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  let answers = resolverAnswers.get(context);
  if (!answers) resolverAnswers.set(context, (answers = new Map()));
  return answers;
}

function remember(answers: ResolverAnswers, node: FieldNode, source: unknown, answer: unknown): void {
  let bySource = answers.get(node);
  if (!bySource) answers.set(node, (bySource = new Map()));
  bySource.set(source, answer);
}

/**
 * Every query field resolver (root fields and nested ones) hands over an answer answerDirectly
 * already has for the same request, field node and parent object. Mutation and subscription
 * fields are never answered directly and are left alone.
 */
export function answerResolversOnce(schema: GraphQLSchema): GraphQLSchema {
  const queryType = schema.getQueryType();
  const skipped = new Set([schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || skipped.has(type)) continue;
    const isRoot = type === queryType;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown> | undefined;
      if (!resolve) continue;
      field.resolve = (source, args, context, info) => {
        const answers = typeof context === 'object' && context !== null ? resolverAnswers.get(context) : undefined;
        const bySource = answers?.get(info.fieldNodes[0]!);
        const key = isRoot ? ROOT : source;
        if (bySource?.has(key)) return bySource.get(key);
        return resolve(source, args, context, info);
      };
    }
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
