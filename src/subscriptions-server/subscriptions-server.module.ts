import { Module } from '@nestjs/common';
import { GraphQLWsServer } from './graphql-ws.server';

/** The graphql-ws server at /graphql (see GraphQLWsServer). */
@Module({ providers: [GraphQLWsServer], exports: [GraphQLWsServer] })
export class SubscriptionsServerModule {}
