import type { ApolloDriverConfig } from '@nestjs/apollo';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COMPLEXITY = 20_000;
const DEFAULT_PAGE = 20;

/**
 * How deep an operation nests (fragments followed; introspection not counted, so that GraphiQL
 * keeps working): a timeline inside an actor inside a timeline ... would otherwise let one request
 * fan out without bound.
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, fragment.name.value])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** A connection field costs its page size times what each node costs. */
const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return undefined;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE;
  return 1 + childComplexity * Math.max(1, size);
};

/** Refuses operations nested too deep or costing too much, before they run, as BAD_USER_INPUT. */
/** As @nestjs/apollo types it (its ESM typings; importing @apollo/server here would give the CJS ones). */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

export function queryLimitsPlugin(maxDepth = MAX_QUERY_DEPTH, maxComplexity = MAX_QUERY_COMPLEXITY): ApolloPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (!operation) return;
          const depth = operationDepth(document, operation);
          if (depth > maxDepth) {
            throw new GraphQLError(`the query is ${depth} levels deep; at most ${maxDepth} are allowed`, {
              extensions: { code: 'BAD_USER_INPUT', depth, maxDepth },
            });
          }
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              operationName: request.operationName,
              query: document,
              variables: request.variables ?? {},
              estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            return; // invalid variables: execution reports them, with the usual BAD_USER_INPUT
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`the query costs about ${complexity}; at most ${maxComplexity} is allowed: ask for smaller pages or fewer fields`, {
              extensions: { code: 'BAD_USER_INPUT', complexity, maxComplexity },
            });
          }
        },
      };
    },
  };
}

/**
 * Apollo installs its cache-control plugin unless told not to, and that plugin wraps every field's
 * resolver to collect cache hints; nothing here gives any (no @cacheControl, no HTTP caching of
 * GraphQL answers), so it only cost time on every field of every page.
 */
export function noCacheControlPlugin(): ApolloPlugin {
  return ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin;
}
