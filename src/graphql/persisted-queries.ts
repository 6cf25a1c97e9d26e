import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { getParams, rewriteGetParams } from './get-params';
import { sendBadInput, sendErrors } from './http-answers';
import type { PersistedQueryStore } from './persisted-query-store';

/**
 * Automatic persisted queries (the `extensions.persistedQuery` that Apollo Client and urql send),
 * served here in the HTTP layer rather than by the GraphQL driver, so that they work the same
 * whichever driver runs behind it (the driver's own APQ is off):
 * - a hash sent with its document must be that document's sha256, and registers it;
 * - a hash sent alone is looked up: an unknown one answers PERSISTED_QUERY_NOT_FOUND, the
 *   code (and message) clients expect before they send the document again;
 * - a known one is replaced by its document, and the driver sees an ordinary request.
 * Runs after the document's byte limit (documentBytesCheck), so that only documents within it
 * are registered; each is then checked like any other before it runs.
 */
export function persistedQueries(store: PersistedQueryStore): RequestHandler {
  return (req, res, next) => {
    const get = getParams(req);
    const items = get ? [get] : postItems(req);
    for (const item of items) {
      const outcome = resolvePersisted(item, store);
      if (outcome === 'not-found') {
        sendNotFound(res);
        return;
      }
      if (outcome !== undefined && typeof outcome !== 'boolean') {
        sendBadInput(res, outcome.problem, { field: outcome.field, reason: outcome.reason });
        return;
      }
      if (outcome && get) rewriteGetParams(req, get);
    }
    next();
  };
}

interface Item {
  query?: unknown;
  extensions?: unknown;
}

interface Problem {
  problem: string;
  field: string;
  reason: string;
}

const FIELD = 'extensions.persistedQuery';

/**
 * Checks an item's persisted-query extension and, when it has one, leaves the item with its full
 * document and without the extension. false: no extension; true: resolved.
 */
function resolvePersisted(item: Item, store: PersistedQueryStore): boolean | 'not-found' | Problem | undefined {
  if (typeof item.extensions !== 'object' || item.extensions === null) {
    return item.extensions === undefined || item.extensions === null
      ? false
      : { problem: 'extensions must be a JSON object', field: 'extensions', reason: 'MALFORMED_EXTENSIONS' };
  }
  const extensions = item.extensions as Record<string, unknown>;
  const persisted = extensions.persistedQuery;
  if (persisted === undefined) return false;
  const { version, sha256Hash } = (persisted ?? {}) as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1)
    return { problem: `${FIELD}.version must be 1`, field: `${FIELD}.version`, reason: 'UNSUPPORTED_VERSION' };
  if (typeof sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(sha256Hash))
    return {
      problem: `${FIELD}.sha256Hash must be 64 lower-case hex digits`,
      field: `${FIELD}.sha256Hash`,
      reason: 'MALFORMED_HASH',
    };
  if (item.query !== undefined && item.query !== null) {
    if (typeof item.query !== 'string' || sha256(item.query) !== sha256Hash)
      return {
        problem: `${FIELD}.sha256Hash is not the sha256 of the query sent with it`,
        field: `${FIELD}.sha256Hash`,
        reason: 'PERSISTED_QUERY_HASH_MISMATCH',
      };
    store.set(sha256Hash, item.query);
  } else {
    const query = store.get(sha256Hash);
    if (query === undefined) return 'not-found';
    item.query = query;
  }
  const { persistedQuery: _served, ...rest } = extensions;
  if (Object.keys(rest).length > 0) item.extensions = rest;
  else delete item.extensions; // a driver may refuse `extensions` that is there but not an object
  return true;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Apollo Server's own answer, which Apollo Client's and urql's persisted-query links look for. */
function sendNotFound(res: Response): void {
  sendErrors(res, 200, [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }], {
    'cache-control': 'private, no-cache, must-revalidate',
  });
}

function postItems(req: Request): Item[] {
  if (req.method !== 'POST') return [];
  const body: unknown = req.body;
  return (Array.isArray(body) ? body : [body]).filter(
    (item): item is Item => typeof item === 'object' && item !== null,
  );
}
