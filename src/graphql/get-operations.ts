import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { parseWithinLimits, type AdmissionLimits } from './admission';
import { getParams, type GetParams } from './get-params';
import { sendBadInput } from './http-answers';
import { sha256 } from './persisted-queries';

/**
 * Operations over GET: only queries, and those that read the read model answer with an ETag, so
 * that a client revalidating an unchanged answer gets 304 Not Modified without the query running.
 *
 * The tag is a hash of what decides the answer: the document, the operation's name, the variables,
 * the caller's role, and the read model's position (its generation and checkpoint) as read before
 * the query runs. The position only moves forward, so an answer computed while the projector
 * advanced carries an older position than its content: its tag then never matches again, which
 * costs a full answer, never a wrong 304.
 */
export interface GetCaching {
  /** The caller's role; undefined when the answer must not be cached (e.g. no key where keys are required). Throws for a bad key. */
  roleOf(req: Request): Promise<string | undefined>;
  /** The position of the read model that will answer (changes whenever its content can). */
  readPosition(): Promise<string>;
  /** Root fields answered from the read model alone: an operation selecting anything else is not cached. */
  cacheableRootFields: ReadonlySet<string>;
}

/** An answer that may be stored but must be revalidated: it depends on the key (private) and on the read model. */
export const REVALIDATE = 'private, no-cache';
/** Answers that change without the read model's position moving (the log, the projector's lag) or that failed. */
export const NOT_STORED = 'no-store';

/**
 * An answer `asOf` a moment behind the read model's record-time horizon could be served
 * `private, max-age=31536000, immutable`, but not yet: an actor merge still rewrites who took part
 * in every version (closed ones included), so such an answer can change. Its ETag follows the
 * merge, so it is revalidated like any other. Decide finality here once merges are bitemporal.
 */
export function isFinalAsOfAnswer(_operation: OperationDefinitionNode, _variables: Record<string, unknown>): boolean {
  return false;
}

export function cacheControlFor(final: boolean): string {
  return final ? 'private, max-age=31536000, immutable' : REVALIDATE;
}

const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const MIME_ESSENCE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * A browser sends a cross-site GET (an image, a link) without asking first: such a request must
 * name a header a page cannot set without a CORS preflight. The same rule as Apollo Server's CSRF
 * prevention (which stays on behind this), applied here because a 304 or a refusal is answered
 * before the driver sees the request.
 */
export function preflightForced(req: Request): boolean {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';')[0]!.trim().toLowerCase();
    // A type a browser would not send without a preflight, or one it could not parse at all.
    if (!MIME_ESSENCE.test(essence) || !SIMPLE_CONTENT_TYPES.includes(essence)) return true;
  }
  return PREFLIGHT_HEADERS.some((name) => {
    const value = req.headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}

export function getOperations(caching: GetCaching | undefined, limits: Partial<AdmissionLimits>): RequestHandler {
  return (req, res, next) => {
    const params = getParams(req);
    if (!params || typeof params.query !== 'string') {
      next();
      return;
    }
    if (!preflightForced(req)) {
      sendBadInput(
        res,
        `a GET request must carry a content-type other than ${SIMPLE_CONTENT_TYPES.join(', ')}, or a non-empty ${PREFLIGHT_HEADERS.join(' or ')} header (CSRF prevention)`,
        { field: 'headers', reason: 'CSRF_PREVENTION' },
      );
      return;
    }
    const document = parseWithinLimits(params.query, limits);
    // The driver answers a document it cannot parse, or an operation it cannot pick, in its own words.
    const operation = document instanceof GraphQLError ? undefined : pickOperation(document, params.operationName);
    if (operation?.operation === 'mutation') {
      sendBadInput(
        res,
        'mutations are sent by POST, never by GET',
        { field: 'query', reason: 'MUTATION_OVER_GET' },
        405,
        { allow: 'POST' },
      );
      return;
    }
    if (operation?.operation === 'subscription') {
      sendBadInput(
        res,
        'subscriptions are served over graphql-ws (a WebSocket at /graphql), not over HTTP',
        { field: 'query', reason: 'SUBSCRIPTION_OVER_GET' },
        405,
        { allow: 'POST' },
      );
      return;
    }
    if (!caching || !operation || !readsOnly(document as DocumentNode, operation.selectionSet, caching)) {
      res.setHeader('cache-control', NOT_STORED);
      next();
      return;
    }
    answerWithTag(req, res, params, operation, caching).then(
      (answered) => {
        if (!answered) next();
      },
      // The read model's position could not be read: answered untagged, and the query meets the
      // same database trouble in its own words (SERVICE_UNAVAILABLE).
      () => {
        res.setHeader('cache-control', NOT_STORED);
        next();
      },
    );
  };
}

/** Sets the tag and the cache policy, or answers 304 itself; true when it answered. */
async function answerWithTag(
  req: Request,
  res: Response,
  params: GetParams,
  operation: OperationDefinitionNode,
  caching: GetCaching,
): Promise<boolean> {
  let role: string | undefined;
  try {
    role = await caching.roleOf(req);
  } catch {
    role = undefined; // a bad key: the driver answers UNAUTHENTICATED
  }
  if (role === undefined) {
    res.setHeader('cache-control', NOT_STORED);
    return false;
  }
  const variables = params.variables ?? {};
  const tag = entityTag({
    documentHash: sha256(params.query!),
    operationName: params.operationName ?? '',
    variables: canonicalJson(variables),
    role,
    position: await caching.readPosition(),
  });
  res.setHeader('etag', tag);
  res.setHeader('cache-control', cacheControlFor(isFinalAsOfAnswer(operation, variables)));
  res.vary('Authorization');
  if (matches(req.headers['if-none-match'], tag)) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  keepTagOnlyOnSuccess(res);
  return false;
}

/** A weak tag: the answer is the same in meaning for the same inputs, not necessarily byte for byte. */
export function entityTag(inputs: {
  documentHash: string;
  operationName: string;
  variables: string;
  role: string;
  position: string;
}): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(['v1', inputs]))
    .digest('base64url');
  return `W/"${hash.slice(0, 32)}"`;
}

/** If-None-Match is a list of tags (or *), compared weakly (RFC 9110 13.1.2). */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}

/**
 * An answer that failed (a status other than 200, or `errors` in the body: a busy database, a
 * missing event) must not be revalidated as if it were the answer: its tag is dropped and it is
 * not stored. Errors come first in the body, as the GraphQL spec recommends and graphql-js and
 * Apollo serialise them.
 */
function keepTagOnlyOnSuccess(res: Response): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  (res as unknown as { end: (...args: unknown[]) => Response }).end = (...args: unknown[]) => {
    const chunk = args[0];
    const head =
      typeof chunk === 'string' ? chunk.slice(0, 32) : Buffer.isBuffer(chunk) ? chunk.toString('utf8', 0, 32) : '';
    if (!res.headersSent && (res.statusCode !== 200 || /^\s*\{\s*"errors"/.test(head))) {
      res.removeHeader('etag');
      res.setHeader('cache-control', NOT_STORED);
    }
    return end(...args);
  };
}

function pickOperation(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (name) return operations.find((operation) => operation.name?.value === name);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Whether every root field (through fragments) is one the read model answers alone. */
function readsOnly(document: DocumentNode, selectionSet: SelectionSetNode, caching: GetCaching, depth = 0): boolean {
  if (depth > 10) return false;
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD)
      return selection.name.value === '__typename' || caching.cacheableRootFields.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return readsOnly(document, selection.selectionSet, caching, depth + 1);
    const fragment = document.definitions.find(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
    );
    return (
      fragment?.kind === Kind.FRAGMENT_DEFINITION && readsOnly(document, fragment.selectionSet, caching, depth + 1)
    );
  });
}

/** JSON with object keys sorted, so that the same variables in another order give the same tag. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
