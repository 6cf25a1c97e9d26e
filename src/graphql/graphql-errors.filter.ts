import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { GraphQLError } from 'graphql';
import { toClientError } from './client-errors';

/** Root fields' errors, answered through the one mapping every transport uses (client-errors.ts). */
@Catch()
export class GraphQLErrorsFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    return this.toGraphQLError(exception);
  }

  toGraphQLError(exception: unknown): GraphQLError {
    return toClientError(exception);
  }
}
