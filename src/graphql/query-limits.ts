import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { admissionError, tokenLimitError, type AdmissionLimits } from './admission';
import { toClientError } from './client-errors';
import { refusedArgument } from './client-errors';

/** As @nestjs/apollo types it (its ESM typings; importing @apollo/server here would give the CJS ones). */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * Apollo's hook into the shared admission path (admission.ts): refused after validation, before
 * anything runs. Apollo answers an error thrown here with HTTP 500 unless told otherwise: a
 * refusal of the client's document is a 400, as Apollo's own validation errors are.
 */
export function queryLimitsPlugin(limits: Partial<AdmissionLimits>): ApolloPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError(
              'subscriptions are served over graphql-ws (a WebSocket at /graphql), not over HTTP',
              {
                extensions: { code: 'BAD_USER_INPUT', field: 'query', http: { status: 400 } },
              },
            );
          }
          const refused = admissionError(
            { schema, document, operationName: request.operationName, variables: request.variables },
            limits,
          );
          if (refused)
            throw new GraphQLError(refused.message, { extensions: { ...refused.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * What Apollo answers for each error. Apollo parses with parseOptions.maxTokens itself and reports
 * the limit as GRAPHQL_PARSE_FAILED: answered with the same refusal the WebSocket path gives
 * (BAD_USER_INPUT with maxTokens). Nest runs exception filters on root fields only, so an error
 * thrown in a nested field resolver arrives here raw: it goes through the same mapping
 * (client-errors.ts), never out as INTERNAL_SERVER_ERROR with PostgreSQL's text.
 */
export function formatClientErrors(limits: Partial<AdmissionLimits>) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
      const refused = tokenLimitError(formatted, limits);
      return refused ? { message: refused.message, extensions: { ...refused.extensions } } : formatted;
    }
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (!original || original instanceof GraphQLError) return argumentCoercionError(formatted) ?? formatted;
    const mapped = toClientError(original);
    return {
      message: mapped.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...mapped.extensions },
    };
  };
}

/** Apollo codes graphql-js's argument refusals INTERNAL_SERVER_ERROR (see refusedArgument). */
function argumentCoercionError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return undefined;
  const argument = refusedArgument(formatted.message);
  if (argument === undefined) return undefined;
  return { ...formatted, extensions: { code: 'BAD_USER_INPUT', field: argument } };
}

/**
 * Apollo installs its cache-control plugin unless told not to, and that plugin wraps every field's
 * resolver to collect cache hints; nothing here gives any (no @cacheControl, no HTTP caching of
 * GraphQL answers), so it only cost time on every field of every page.
 */
export function noCacheControlPlugin(): ApolloPlugin {
  return ApolloServerPluginCacheControlDisabled() as unknown as ApolloPlugin;
}
