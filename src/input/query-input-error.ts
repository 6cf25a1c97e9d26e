/**
 * Bad input to a timeline query. `field` is the path of the offending value as the caller named it
 * ('filter.actorIds.anyOf.1', 'first', 'after'), so the API layer can report it as BAD_USER_INPUT
 * without knowing how the query is built.
 */
export class QueryInputError extends Error {
  readonly code = 'BAD_USER_INPUT' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'QueryInputError';
  }
}
