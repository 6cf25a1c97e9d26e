import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { GraphQLErrorsFilter } from './graphql-errors.filter';
import { answerCarriedFields } from './carried-fields';
import { plainFields } from './plain-fields';
import { answerResolversOnce, directExecutionPlugin } from './direct-execution/direct-execution.plugin';
import { admissionLimits } from './admission';
import { formatClientErrors, noCacheControlPlugin, queryLimitsPlugin } from './query-limits';

export const SCHEMA_FILE = join(process.cwd(), 'src', 'schema.gql');

/** HTTP requests carry their own req (with pino's request id); graphql-ws has its own server. */
function graphqlContext(arg: { req?: unknown; res?: unknown }): { req: unknown; res?: unknown } {
  return { req: arg.req, res: arg.res };
}

/**
 * Code-first GraphQL at /graphql. In development the schema is written to src/schema.gql, which
 * is committed so that every schema change shows in review (a test checks it is current).
 */
@Module({})
export class AppGraphQLModule {
  static forRoot(config: AppConfig): DynamicModule {
    const limits = admissionLimits(config);
    return {
      module: AppGraphQLModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: config.nodeEnv === 'development' ? SCHEMA_FILE : true,
          sortSchema: true,
          // Apollo's GraphiQL page loads its scripts from a CDN: the IDE is served from npm packages
          // by src/web-console/graphiql.ts instead (GRAPHQL_PLAYGROUND), and this page stays off.
          graphiql: false,
          // Admission refuses __schema and __type when GRAPHQL_INTROSPECTION is off, with the same
          // answer on every transport; Apollo's own switch would answer in its own words first.
          introspection: true,
          includeStacktraceInErrorResponses: false,
          // The parser stops at the token limit instead of building a tree of any size.
          parseOptions: { maxTokens: limits.maxTokens },
          // Automatic persisted queries are served in the HTTP layer (persisted-queries.ts), with a
          // bounded store, whichever driver runs: the driver never sees the extension.
          persistedQueries: false,
          formatError: formatClientErrors(limits),
          // Queries are answered by walking their selection (direct-execution/), graphql-js as the fallback.
          plugins: [
            queryLimitsPlugin(limits),
            ...(config.graphqlDirectExecution ? [directExecutionPlugin()] : []),
            noCacheControlPlugin(),
          ],
          // Fields Nest resolves only to copy a property become plain properties (plain-fields.ts).
          transformSchema: (schema) => answerResolversOnce(answerCarriedFields(plainFields(schema))),
          context: graphqlContext,
          // graphql-ws at the same path is served by src/subscriptions-server, with its limits.
          // Apollo stops after the HTTP server has let in-flight requests finish, not before.
          stopOnApplicationShutdown: true,
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorsFilter }],
    };
  }
}
