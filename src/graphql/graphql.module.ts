import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { GraphQLErrorsFilter } from './graphql-errors.filter';

export const SCHEMA_FILE = join(process.cwd(), 'src', 'schema.gql');

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
          context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
          // Apollo stops after the HTTP server has let in-flight requests finish, not before.
          stopOnApplicationShutdown: true,
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorsFilter }],
    };
  }
}
