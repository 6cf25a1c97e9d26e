import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { UNAVAILABLE_MESSAGE, databaseUnavailable } from '../database/unavailable';
import { DomainError, ValidationError } from '../diplomacy';
import { ConcurrencyError, EventIdConflictError, InvalidAppendError } from '../event-store/errors';
import { postgresDataError } from './postgres-data-errors';
import { QueryInputError } from '../input/query-input-error';

const logger = new Logger('GraphQL');

/**
 * Every error a GraphQL client sees has an `extensions.code` it can act on. Errors we did not
 * foresee are logged with their stack and reach the client only as INTERNAL_SERVER_ERROR. One
 * mapping for root fields (Nest's exception filter), nested fields (which Nest runs without
 * filters: the driver's error formatting calls this) and the WebSocket server.
 */
export function toClientError(exception: unknown): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof ValidationError) {
    // Every mutation takes one argument, `input`: domain paths are relative to it.
    const problems = exception.problems.map((problem) => ({
      field: ['input', ...problem.path].join('.'),
      message: problem.message,
    }));
    return new GraphQLError(exception.message, {
      extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, problems },
    });
  }
  if (exception instanceof QueryInputError) {
    return new GraphQLError(exception.message, { extensions: { code: 'BAD_USER_INPUT', field: exception.field } });
  }
  if (exception instanceof DomainError) {
    return new GraphQLError(exception.message, { extensions: { code: exception.code } });
  }
  if (exception instanceof ConcurrencyError) {
    return new GraphQLError(exception.message, {
      extensions: {
        code: 'CONFLICT',
        streamId: exception.streamId,
        expectedVersion: exception.expected,
        actualVersion: exception.actual,
      },
    });
  }
  if (exception instanceof EventIdConflictError) {
    return new GraphQLError(exception.message, { extensions: { code: 'CONFLICT', eventIds: exception.eventIds } });
  }
  if (exception instanceof InvalidAppendError) {
    return new GraphQLError(exception.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  const unavailable = databaseUnavailable(exception);
  if (unavailable) {
    logger.warn(`Database unavailable (${unavailable.reason}): ${(exception as Error).message}`);
    return new GraphQLError(UNAVAILABLE_MESSAGE, {
      extensions: {
        code: 'SERVICE_UNAVAILABLE',
        reason: unavailable.reason,
        retryAfterSeconds: unavailable.retryAfterSeconds,
      },
    });
  }
  const dataError = postgresDataError(exception);
  if (dataError) {
    logger.warn(exception instanceof Error ? exception : String(exception));
    return dataError;
  }
  logger.error(exception instanceof Error ? exception : String(exception));
  return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

function fromHttpException(exception: HttpException): GraphQLError {
  const status = exception.getStatus();
  const code =
    status === HttpStatus.UNAUTHORIZED
      ? 'UNAUTHENTICATED'
      : status === HttpStatus.FORBIDDEN
        ? 'FORBIDDEN'
        : status === HttpStatus.NOT_FOUND
          ? 'NOT_FOUND'
          : status === HttpStatus.CONFLICT
            ? 'CONFLICT'
            : status === HttpStatus.PAYLOAD_TOO_LARGE || status === HttpStatus.BAD_REQUEST
              ? 'BAD_USER_INPUT'
              : 'INTERNAL_SERVER_ERROR';
  return new GraphQLError(exception.message, { extensions: { code } });
}

/**
 * graphql-js checks a field's arguments as it executes the field, after validation: a variable
 * declared nullable (`$v: Boolean`) sent as null to a non-null argument with a default
 * (`includeRetracted: Boolean! = false`) is refused there with a plain GraphQLError, which carries
 * no code (Apollo then says INTERNAL_SERVER_ERROR). It is the client's input: BAD_USER_INPUT on
 * that argument, on every transport. These are graphql-js's own messages (execution/values.js,
 * getArgumentValues); the argument's name, or undefined for any other message.
 */
const ARGUMENT_COERCION = /^Argument "([^"]+)" (?:of (?:non-null|required) type "[^"]*" |has invalid value )/;

export function refusedArgument(message: string): string | undefined {
  return ARGUMENT_COERCION.exec(message)?.[1];
}
