import { GraphQLError } from 'graphql';
import { DatabaseError } from 'pg';

/**
 * SQLSTATE class 22 ("data exception"): a value PostgreSQL could not take, such as invalid text
 * (22021, 22P05), a number out of range (22003), a bad date (22007, 22008) or a bad literal
 * (22P02). Every such value should have been refused where it entered, with its field; this is the
 * last resort for one that slipped through, so that the client still hears that its input was
 * wrong, and never PostgreSQL's message (which quotes internals and sometimes the value).
 */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** The SQLSTATE of a data exception PostgreSQL raised, or undefined for any other error. */
export function postgresDataErrorCode(exception: unknown): string | undefined {
  const code = databaseError(exception)?.code;
  return code !== undefined && DATA_EXCEPTION.test(code) ? code : undefined;
}

export function postgresDataError(exception: unknown): GraphQLError | undefined {
  const sqlState = postgresDataErrorCode(exception);
  if (sqlState === undefined) return undefined;
  return new GraphQLError(
    'the request holds a value the database cannot store or compare (invalid text, number or date)',
    {
      extensions: { code: 'BAD_USER_INPUT', sqlState },
    },
  );
}

/** pg's error, or the one TypeORM wrapped (QueryFailedError.driverError). */
function databaseError(exception: unknown): DatabaseError | undefined {
  if (exception instanceof DatabaseError) return exception;
  const driverError = (exception as { driverError?: unknown } | null)?.driverError;
  return driverError instanceof DatabaseError ? driverError : undefined;
}
