import {
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The one admission path every operation takes, whichever transport brought it (HTTP, graphql-ws)
 * and whichever GraphQL driver runs it: the transports call these functions, nothing else decides.
 */
export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COMPLEXITY = 20_000;
const DEFAULT_PAGE = 20;

/**
 * How deep an operation nests (fragments followed; introspection not counted, so that GraphiQL
 * keeps working): a timeline inside an actor inside a timeline ... would otherwise let one request
 * fan out without bound.
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, fragment.name.value])));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}

/** A connection field costs its page size times what each node costs. */
export const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return undefined;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE;
  return 1 + childComplexity * Math.max(1, size);
};

export interface AdmissionLimits {
  /** Bytes of the document's source, checked before parsing. */
  maxDocumentBytes: number;
  /** Lexer tokens, enforced by the parser itself (it stops at the limit). */
  maxTokens: number;
  maxDepth: number;
  maxCost: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxDocumentBytes: 100_000,
  maxTokens: 5_000,
  maxDepth: MAX_QUERY_DEPTH,
  maxCost: MAX_QUERY_COMPLEXITY,
};

export interface OperationToAdmit {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Parses a document within the byte and token limits; a refusal is a BAD_USER_INPUT error. */
export function parseWithinLimits(source: string, limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS): DocumentNode | GraphQLError {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > limits.maxDocumentBytes) {
    return refusal(`the query document is ${bytes} bytes; at most ${limits.maxDocumentBytes} are allowed`, { bytes, maxBytes: limits.maxDocumentBytes });
  }
  try {
    return parse(source, { maxTokens: limits.maxTokens });
  } catch (error) {
    return error instanceof GraphQLError ? refusal(error.message, {}) : refusal('the query document could not be parsed', {});
  }
}

/** Undefined when the operation may run; otherwise the refusal to answer with (BAD_USER_INPUT). */
export function admissionError(op: OperationToAdmit, limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS): GraphQLError | undefined {
  const operation = selectOperation(op.document, op.operationName);
  if (!operation) return undefined; // validation reports a missing or ambiguous operation
  const depth = operationDepth(op.document, operation);
  if (depth > limits.maxDepth) {
    return refusal(`the query is ${depth} levels deep; at most ${limits.maxDepth} are allowed`, { depth, maxDepth: limits.maxDepth });
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema: op.schema,
      operationName: op.operationName ?? undefined,
      query: op.document,
      variables: op.variables ?? {},
      estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return undefined; // invalid variables: execution reports them, with the usual BAD_USER_INPUT
  }
  if (cost > limits.maxCost) {
    return refusal(`the query costs about ${cost}; at most ${limits.maxCost} is allowed: ask for smaller pages or fewer fields`, {
      complexity: cost,
      maxComplexity: limits.maxCost,
    });
  }
  return undefined;
}

function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

function refusal(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...details } });
}
