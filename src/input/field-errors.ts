import { GraphQLErrorsFilter } from '../graphql/graphql-errors.filter';

const errors = new GraphQLErrorsFilter();

/**
 * Nest runs exception filters on root fields only (fieldResolverEnhancers is off), so an error in
 * a nested field resolver would reach the client unmapped: INTERNAL_SERVER_ERROR with the raw
 * message, PostgreSQL's included. Nested fields that take client input or query the database
 * answer through the same mapping as root fields.
 */
export async function withClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw errors.toGraphQLError(error);
  }
}
