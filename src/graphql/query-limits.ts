import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { admissionError, tokenLimitError, type AdmissionLimits } from './admission';

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
        async didResolveOperation({ request, document, schema }) {
          const refused = admissionError({ schema, document, operationName: request.operationName, variables: request.variables }, limits);
          if (refused) throw new GraphQLError(refused.message, { extensions: { ...refused.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/**
 * Apollo parses with parseOptions.maxTokens itself and reports the limit as GRAPHQL_PARSE_FAILED:
 * answered with the same refusal the WebSocket path gives (BAD_USER_INPUT with maxTokens).
 */
export function formatAdmissionErrors(limits: Partial<AdmissionLimits>) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return formatted;
    const refused = tokenLimitError(formatted, limits);
    return refused ? { message: refused.message, extensions: { ...refused.extensions } } : formatted;
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
