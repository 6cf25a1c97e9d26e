import { GraphQLError, type ExecutionResult } from 'graphql';
import { refusedArgument, toClientError } from '../graphql/client-errors';

/**
 * Errors graphql-js raises itself carry no code. One without a path is about the request (variables
 * that do not coerce, before any field ran): the client's, BAD_USER_INPUT as Apollo answers over
 * HTTP. One with a path and no code was thrown by a nested field (Nest filters root fields only):
 * it goes through the mapping every transport uses (client-errors.ts).
 * Resolver errors already went through GraphQLErrorsFilter and keep their codes.
 */
export function withErrorCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length || result.errors.every((error) => typeof error.extensions?.code === 'string'))
    return result;
  return { ...result, errors: result.errors.map(withCode) };
}

function withCode(error: GraphQLError): GraphQLError {
  if (typeof error.extensions?.code === 'string') return error;
  if (error.path === undefined) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  }
  // graphql-js's own refusal of an argument (its error, located: originalError is that GraphQLError).
  const argument =
    !error.originalError || error.originalError instanceof GraphQLError ? refusedArgument(error.message) : undefined;
  if (argument !== undefined) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'BAD_USER_INPUT', field: argument },
    });
  }
  if (!error.originalError) {
    return new GraphQLError('Internal server error', {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  const mapped = toClientError(error.originalError);
  return new GraphQLError(mapped.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...mapped.extensions },
  });
}
