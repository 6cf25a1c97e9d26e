import type { Request, RequestHandler } from 'express';
import { sendBadInput } from './http-answers';
import { jsonNestingExceeds, MAX_JSON_NESTING } from './json-nesting';

/**
 * A GraphQL request over GET carries its operation in the query string (`query` or a persisted
 * hash in `extensions`, `variables`, `operationName`), the shape every GraphQL-over-HTTP server
 * reads. Read here once, with limits, before any driver: the URL's length, each parameter at most
 * once, and the JSON ones parsed only after their nesting is checked (see json-nesting.ts).
 */
export const MAX_GET_URL_BYTES = 8 * 1024;

export interface GetParams {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

const PARAMS = ['query', 'operationName', 'variables', 'extensions'] as const;
const parsed = new WeakMap<Request, GetParams>();

/** The GraphQL parameters of a GET request that carries an operation; undefined for any other request. */
export function getParams(req: Request): GetParams | undefined {
  return parsed.get(req);
}

/** Whether the request is a GET (or HEAD) naming an operation, as opposed to, say, GraphiQL's page. */
function carriesOperation(req: Request, search: URLSearchParams): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (search.has('query') || search.has('extensions'));
}

/** Reads and checks a GET request's GraphQL parameters; a refusal is a GraphQL error with the parameter at fault. */
export function getParamsCheck(maxUrlBytes = MAX_GET_URL_BYTES): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const urlBytes = Buffer.byteLength(req.originalUrl, 'utf8');
    if (urlBytes > maxUrlBytes) {
      sendBadInput(
        res,
        `the URL is ${urlBytes} bytes; a GET request takes at most ${maxUrlBytes}: send a longer operation by POST, or as a persisted query (its sha256 in extensions)`,
        { field: 'url', reason: 'URL_TOO_LONG', bytes: urlBytes, maxBytes: maxUrlBytes },
        414,
      );
      return;
    }
    const search = queryOf(req.url);
    if (!carriesOperation(req, search)) {
      next();
      return;
    }
    const params: GetParams = {};
    for (const name of PARAMS) {
      const values = search.getAll(name);
      if (values.length === 0) continue;
      if (values.length > 1) {
        sendBadInput(res, `the parameter ${name} is given ${values.length} times; give it once`, {
          field: name,
          reason: 'REPEATED_PARAMETER',
        });
        return;
      }
      const text = values[0]!;
      if (name === 'query' || name === 'operationName') {
        params[name] = text;
        continue;
      }
      const object = jsonObject(text);
      if (typeof object === 'string') {
        sendBadInput(res, `${name} ${object}`, { field: name, reason: 'MALFORMED_JSON' });
        return;
      }
      params[name] = object;
    }
    parsed.set(req, params);
    next();
  };
}

/** The parsed object, or what is wrong with the text. */
function jsonObject(text: string): Record<string, unknown> | string {
  if (text === '') return {};
  if (jsonNestingExceeds(Buffer.from(text, 'utf8'), MAX_JSON_NESTING))
    return `nests arrays and objects more than ${MAX_JSON_NESTING} levels deep`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not JSON';
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object';
  return value as Record<string, unknown>;
}

/**
 * Puts changed parameters back into the request's URL, which is what the driver reads (Apollo's
 * Express integration parses req.url's search itself). Parameters not named here stay as sent.
 */
export function rewriteGetParams(req: Request, params: GetParams): void {
  parsed.set(req, params);
  const search = queryOf(req.url);
  for (const name of PARAMS) {
    const value = params[name];
    if (value === undefined) search.delete(name);
    else search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const query = search.toString();
  req.url = `${pathOf(req.url)}${query ? `?${query}` : ''}`;
}

/**
 * The query string alone. `new URL(req.url, base)` would also parse the path, and throws on paths a
 * client may send (`/graphql//[`, `//%zz`): the path is not ours to parse, so it is kept as sent.
 */
function queryOf(url: string): URLSearchParams {
  const mark = url.indexOf('?');
  return new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
}

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark < 0 ? url : url.slice(0, mark);
}
