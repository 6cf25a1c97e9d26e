import { getOperationAST, GraphQLError, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { admissionError, parseWithinLimits, type AdmissionLimits } from '../graphql/admission';

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * The admission every operation sent over the socket goes through, as over HTTP: size and tokens
 * before parsing, validation against the schema Nest built, then depth and cost. A refusal is the
 * list of errors graphql-ws sends back as the operation's `error` message.
 */
export function admitOverSocket(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: AdmissionLimits,
): Omit<ExecutionArgs, 'contextValue'> | GraphQLError[] {
  if (typeof payload.query !== 'string') return [badRequest('the operation has no query text')];
  const document = parseWithinLimits(payload.query, limits);
  if (document instanceof GraphQLError) return [document];
  const variables = payload.variables ?? {};
  // Admission reads only the document's shape, before validation, some of whose rules are
  // quadratic in the fields of a selection set.
  const refused = admissionError({ schema, document, operationName: payload.operationName ?? null, variables }, limits);
  if (refused) return [refused];
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return invalid.map(
      (error) =>
        new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    );
  }
  if (!getOperationAST(document, payload.operationName ?? undefined)) {
    return [
      badRequest(
        payload.operationName
          ? `the document has no operation named ${JSON.stringify(payload.operationName.slice(0, 100))}`
          : 'the document holds several operations: say which with operationName',
        { field: 'operationName' },
      ),
    ];
  }
  return { schema, document, operationName: payload.operationName ?? undefined, variableValues: variables };
}

export function badRequest(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...details } });
}
