import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { GraphQLErrorsFilter } from './graphql-errors.filter';
import { answerCarriedFields } from './carried-fields';
import { noCacheControlPlugin, queryLimitsPlugin } from './query-limits';

export const SCHEMA_FILE = join(process.cwd(), 'src', 'schema.gql');

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra?: { request?: { headers?: Record<string, string | string[] | undefined> } };
}

/**
 * HTTP requests carry their own req (with pino's request id); a WebSocket gets one made from its
 * connection: the API key from connectionParams.Authorization (or the upgrade request's header).
 */
function graphqlContext(arg: { req?: unknown; res?: unknown } & WsContext): { req: unknown; res?: unknown } {
  if (arg.req) return { req: arg.req, res: arg.res };
  const params = arg.connectionParams ?? {};
  const authorization = params.Authorization ?? params.authorization ?? arg.extra?.request?.headers?.authorization;
  return { req: { headers: { authorization: typeof authorization === 'string' ? authorization : undefined }, id: randomUUID() } };
}

/**
 * Code-first GraphQL at /graphql. In development the schema is written to src/schema.gql, which
 * is committed so that every schema change shows in review (a test checks it is current).
 */
@Module({})
export class AppGraphQLModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppGraphQLModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: config.nodeEnv === 'development' ? SCHEMA_FILE : true,
          sortSchema: true,
          graphiql: config.graphqlPlayground,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          plugins: [queryLimitsPlugin(), noCacheControlPlugin()],
          transformSchema: answerCarriedFields,
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
