import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { admissionError } from './admission';

/** As @nestjs/apollo types it (its ESM typings; importing @apollo/server here would give the CJS ones). */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** Apollo's hook into the shared admission path (admission.ts): refused before anything runs. */
export function queryLimitsPlugin(): ApolloPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const refused = admissionError({ schema, document, operationName: request.operationName, variables: request.variables });
          if (refused) throw refused;
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
