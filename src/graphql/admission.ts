import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { COUNT_COST, EXPORT_COST, HISTORY_COST } from './cost-model';
import { measureOperation, WAIT_ARGUMENTS } from './operation-shape';

/**
 * The one admission path every operation takes, whichever transport brought it (HTTP, graphql-ws)
 * and whichever GraphQL driver runs it: the transports call these functions, nothing else decides.
 * Refusals are BAD_USER_INPUT with the limit and the measured figure in `extensions`.
 */
export const MAX_QUERY_DEPTH = 12;
/**
 * graphql-js getIntrospectionQuery(), what GraphiQL sends, is 15 levels deep (__schema, types,
 * fields, type, then TypeRef's ofType chain), with or without its optional members: one more level
 * is not worth allowing. graphql-js's own MaxIntrospectionDepthRule (in the specified validation
 * rules) already refuses fields-within-fields fan-out; this bounds the ofType chains.
 */
export const MAX_INTROSPECTION_DEPTH = 15;
export const MAX_QUERY_COMPLEXITY = 20_000;
/** getIntrospectionQuery() selects about 230 fields once its fragments are expanded. */
export const MAX_SELECTIONS = 1_000;
/** Fields with minPosition or asOf per request: each may wait up to 5 s, polling the read models. */
export const MAX_WAITS = 1;

export interface AdmissionLimits {
  /** Bytes of the document's source, checked before parsing. */
  maxDocumentBytes: number;
  /** Lexer tokens, enforced by the parser itself (it stops at the limit). */
  maxTokens: number;
  maxDepth: number;
  maxIntrospectionDepth: number;
  maxCost: number;
  /** Field selections once fragments are expanded (aliases and repeated spreads each count). */
  maxSelections: number;
  maxWaits: number;
  /** When false, __schema and __type are refused (FORBIDDEN); __typename always answers. */
  introspection: boolean;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxDocumentBytes: 100_000,
  maxTokens: 5_000,
  maxDepth: MAX_QUERY_DEPTH,
  maxIntrospectionDepth: MAX_INTROSPECTION_DEPTH,
  maxCost: MAX_QUERY_COMPLEXITY,
  maxSelections: MAX_SELECTIONS,
  maxWaits: MAX_WAITS,
  introspection: true,
};

/** The limits a running service applies: the defaults, with introspection as configured. */
export function admissionLimits(config: { graphqlIntrospection: boolean }): AdmissionLimits {
  return { ...DEFAULT_ADMISSION_LIMITS, introspection: config.graphqlIntrospection };
}

export interface OperationToAdmit {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Parses a document within the byte and token limits; a refusal is a BAD_USER_INPUT error. */
export function parseWithinLimits(
  source: string,
  limits: Partial<AdmissionLimits> = DEFAULT_ADMISSION_LIMITS,
): DocumentNode | GraphQLError {
  const { maxDocumentBytes, maxTokens } = { ...DEFAULT_ADMISSION_LIMITS, ...limits };
  const bytes = documentBytesError(source, limits);
  if (bytes) return bytes;
  try {
    return parse(source, { maxTokens });
  } catch (error) {
    if (!(error instanceof GraphQLError)) return refusal('the query document could not be parsed', {});
    return tokenLimitError(error, { maxDocumentBytes, maxTokens }) ?? refusal(error.message, {});
  }
}

/** The byte limit alone, for transports that hand the parsing to their driver. */
export function documentBytesError(
  source: string,
  limits: Partial<AdmissionLimits> = DEFAULT_ADMISSION_LIMITS,
): GraphQLError | undefined {
  const { maxDocumentBytes } = { ...DEFAULT_ADMISSION_LIMITS, ...limits };
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes <= maxDocumentBytes) return undefined;
  return refusal(`the query document is ${bytes} bytes; at most ${maxDocumentBytes} are allowed`, {
    bytes,
    maxBytes: maxDocumentBytes,
  });
}

/**
 * The refusal for graphql-js's "Document contains more than N tokens" syntax error (graphql 16 spells it "more that"), for drivers
 * that parse with maxTokens themselves and report it as a parse failure; undefined for any other.
 */
export function tokenLimitError(
  error: { message: string },
  limits: Partial<AdmissionLimits> = DEFAULT_ADMISSION_LIMITS,
): GraphQLError | undefined {
  if (!/Document contains more tha[nt] \d+ tokens/.test(error.message)) return undefined;
  const { maxTokens } = { ...DEFAULT_ADMISSION_LIMITS, ...limits };
  return refusal(`the query document has more than ${maxTokens} tokens; at most ${maxTokens} are allowed`, {
    maxTokens,
  });
}

/** Undefined when the operation may run; otherwise the refusal to answer with. */
export function admissionError(
  op: OperationToAdmit,
  limits: Partial<AdmissionLimits> = DEFAULT_ADMISSION_LIMITS,
): GraphQLError | undefined {
  const l = { ...DEFAULT_ADMISSION_LIMITS, ...limits };
  const operation = selectOperation(op.document, op.operationName);
  if (!operation) return undefined; // validation reports a missing or ambiguous operation
  const shape = measureOperation(op.schema, op.document, operation, op.variables ?? {}, l.maxSelections);
  if (shape.introspects && !l.introspection) {
    return new GraphQLError('introspection (__schema, __type) is turned off on this server', {
      extensions: { code: 'FORBIDDEN', reason: 'INTROSPECTION_DISABLED' },
    });
  }
  if (shape.depth > l.maxDepth) {
    return refusal(`the query is ${shape.depth} levels deep; at most ${l.maxDepth} are allowed`, {
      depth: shape.depth,
      maxDepth: l.maxDepth,
    });
  }
  if (shape.introspectionDepth > l.maxIntrospectionDepth) {
    return refusal(
      `the introspection query is ${shape.introspectionDepth} levels deep; at most ${l.maxIntrospectionDepth} are allowed`,
      {
        depth: shape.introspectionDepth,
        maxDepth: l.maxIntrospectionDepth,
      },
    );
  }
  if (shape.selections > l.maxSelections) {
    return refusal(
      `the query selects more than ${l.maxSelections} fields once its fragments are expanded (aliases count); ask for fewer`,
      {
        maxSelections: l.maxSelections,
      },
    );
  }
  if (shape.waits.length > l.maxWaits) {
    const [first, second] = shape.waits;
    return refusal(
      `only ${l.maxWaits} field per request may wait with ${WAIT_ARGUMENTS.join(' or ')} (or timelineChanges' to); "${second}" is another after "${first}": send it in a request of its own`,
      { field: shape.waitArguments[1], fields: shape.waits, maxWaits: l.maxWaits },
    );
  }
  if (shape.cost > l.maxCost) {
    return refusal(
      `the query costs about ${shape.cost}; at most ${l.maxCost} is allowed: ask for smaller pages or fewer fields ` +
        `(a timelineExport costs ${EXPORT_COST}, a totalCount ${COUNT_COST}, a history ${HISTORY_COST})`,
      { complexity: shape.cost, maxComplexity: l.maxCost },
    );
  }
  return undefined;
}

function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Limit refusals name the document (`query`) unless a narrower field is given. */
function refusal(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'query', ...details } });
}
