import { GraphQLError } from 'graphql';

/**
 * The error codes clients can rely on (extensions.code). BAD_USER_INPUT names the offending
 * argument or input field in `extensions.field` (a dotted path such as input.participants.2.actorId).
 */
export function badUserInput(message: string, field: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, ...details } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

export function conflict(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...details } });
}
