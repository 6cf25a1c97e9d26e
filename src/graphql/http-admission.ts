import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { GraphQLError } from 'graphql';
import { MAX_IMPORT_CONTENT_BYTES } from '../imports/limits';
import { clientAddressKey } from '../input/client-address';
import { documentBytesError, type AdmissionLimits } from './admission';
import { getOperations, type GetCaching } from './get-operations';
import { getParams, getParamsCheck } from './get-params';
import { sendErrors, type ErrorJson } from './http-answers';
import { jsonNestingExceeds, MAX_JSON_NESTING } from './json-nesting';
import { persistedQueries } from './persisted-queries';
import { PersistedQueryStore } from './persisted-query-store';

/**
 * The HTTP side of admission, in front of whatever GraphQL driver serves /graphql: the body cap,
 * the GET URL and its parameters, the document's bytes before any parsing, the request's time
 * budget, automatic persisted queries, and GET's method rules and ETags. Plain Express
 * middleware, so a driver swap leaves it as it is.
 */
export const GRAPHQL_PATH = '/graphql';

/**
 * importEvents takes up to 5 MB of content inside a JSON string, where each tab, newline, quote
 * or backslash becomes two bytes: twice the content plus 1 MiB for the rest of the request takes
 * any such content (UTF-8 text sent as is, as JSON.stringify does; a client escaping every
 * non-ASCII character as \uXXXX may need up to three times).
 */
export const MAX_HTTP_BODY_BYTES = 2 * MAX_IMPORT_CONTENT_BYTES + 1024 * 1024;

export interface HttpAdmissionOptions {
  requestTimeoutMs: number;
  /** GraphQL requests one address may have in flight at once. */
  maxConcurrentPerAddress: number;
  limits: Partial<AdmissionLimits>;
  /** Automatic persisted queries' documents; a new store of the default bounds when not given. */
  persistedQueries?: PersistedQueryStore;
  /** ETags and 304 for read-only GETs; without it GET answers are not stored (no-store). */
  getCaching?: GetCaching;
  /**
   * Runs each GraphQL request in its own scope (the read router's: one database per request).
   * Installed after the body parsers, whose stream callbacks would lose an async context set before.
   */
  requestScope?: RequestHandler;
}

/** Installs the HTTP admission middleware; call before the app starts listening. */
export function installHttpAdmission(app: NestExpressApplication, options: HttpAdmissionOptions): void {
  // Express tags every answer with a hash of its body, after the work is done and whatever the
  // answer: the only ETags are those of get-operations.ts, decided before the query runs.
  app.set('etag', false);
  app.use(GRAPHQL_PATH, concurrencyPerAddress(options.maxConcurrentPerAddress));
  app.use(GRAPHQL_PATH, requestBudget(options.requestTimeoutMs));
  // Nest's types leave out body-parser's `verify`, which it passes on: the hook runs before parsing.
  const json = { limit: MAX_HTTP_BODY_BYTES, verify: refuseDeepJson };
  app.useBodyParser('json', json);
  app.useBodyParser('urlencoded', { limit: '100kb', extended: true });
  app.use(bodyErrorsAsGraphQL());
  app.use(GRAPHQL_PATH, getParamsCheck());
  app.use(GRAPHQL_PATH, documentBytesCheck(options.limits));
  app.use(GRAPHQL_PATH, persistedQueries(options.persistedQueries ?? new PersistedQueryStore()));
  if (options.requestScope) app.use(GRAPHQL_PATH, options.requestScope);
  app.use(GRAPHQL_PATH, getOperations(options.getCaching, options.limits));
}

/**
 * Each request is bounded in size, cost and time, but a client could still send hundreds at once
 * (300 concurrent `minPosition` waits slowed an innocent query to 6 s): past this many in flight
 * from one address, a request is answered 429 at once. The map holds only addresses with requests
 * in flight. Behind a proxy every client shares the proxy's address: raise the limit there.
 */
export function concurrencyPerAddress(max: number): RequestHandler {
  const inFlight = new Map<string, number>();
  return (req, res, next) => {
    const address = clientAddressKey(req.socket.remoteAddress);
    const count = inFlight.get(address) ?? 0;
    if (count >= max) {
      sendErrors(
        res,
        429,
        [
          {
            message: `more than ${max} requests from one address at once; wait for your answers, then retry`,
            extensions: {
              code: 'SERVICE_UNAVAILABLE',
              reason: 'TOO_MANY_CONCURRENT_REQUESTS',
              maxConcurrent: max,
              retryAfterSeconds: 1,
            },
          },
        ],
        { 'retry-after': '1' },
      );
      return;
    }
    inFlight.set(address, count + 1);
    res.once('close', () => {
      const left = (inFlight.get(address) ?? 1) - 1;
      if (left > 0) inFlight.set(address, left);
      else inFlight.delete(address);
    });
    next();
  };
}

/**
 * Answers SERVICE_UNAVAILABLE (503) when a request runs past its budget, whatever it waits on,
 * and drops what the driver writes afterwards. The work itself is not cancelled: a mutation may
 * still commit after this answer, which is why the message says to retry with the same key.
 */
export function requestBudget(timeoutMs: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return; // already answering: nothing cleaner to send
      sendErrors(
        res,
        503,
        [
          {
            message: `the request ran past its time budget of ${timeoutMs} ms; a mutation may still have taken effect: retry it with the same idempotencyKey`,
            extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'REQUEST_TIMEOUT', timeoutMs },
          },
        ],
        { 'retry-after': '1' },
      );
      muteLaterWrites(res);
    }, timeoutMs);
    timer.unref(); // the server keeps the process alive while it serves; this timer need not
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

const TOO_DEEP = 'entity.too.deep';

/** body-parser's verify hook: runs on the raw bytes before JSON.parse (see json-nesting.ts). */
function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonNestingExceeds(body, MAX_JSON_NESTING))
    throw Object.assign(new Error('too deep'), { type: TOO_DEEP, status: 400 });
}

/** body-parser's refusals (too large, malformed JSON, unknown charset) as GraphQL errors, not HTML. */
export function bodyErrorsAsGraphQL(): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const e = error as { type?: unknown; status?: unknown; limit?: unknown; length?: unknown; message?: unknown };
    // Decompression failures (a body marked gzip that is not) carry a status but no type.
    if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500 || res.headersSent) {
      next(error);
      return;
    }
    const tooLarge = e.type === 'entity.too.large';
    const message = tooLarge
      ? `the request body is ${typeof e.length === 'number' ? `${e.length} bytes` : 'too large'}; at most ${MAX_HTTP_BODY_BYTES} bytes are accepted ` +
        `(importEvents content: at most ${MAX_IMPORT_CONTENT_BYTES} bytes; import larger files with npm run import)`
      : e.type === TOO_DEEP
        ? `the request body nests arrays and objects more than ${MAX_JSON_NESTING} levels deep`
        : `the request body could not be read: ${typeof e.message === 'string' ? e.message.slice(0, 200) : 'unreadable'}`;
    sendErrors(res, e.type === TOO_DEEP ? 400 : e.status, [
      {
        message,
        extensions: {
          code: 'BAD_USER_INPUT',
          field: 'body',
          reason: typeof e.type === 'string' ? e.type : 'encoding',
          ...(tooLarge ? { maxBytes: MAX_HTTP_BODY_BYTES } : {}),
        },
      },
    ]);
  };
}

/** Refuses an oversized document before the driver parses it (POST body or GET query string). */
export function documentBytesCheck(limits: Partial<AdmissionLimits>): RequestHandler {
  return (req, res, next) => {
    for (const source of documentSources(req)) {
      const refused = documentBytesError(source, limits);
      if (refused) {
        sendErrors(res, 400, [asJson(refused)]);
        return;
      }
    }
    next();
  };
}

function requestItems(req: Request): Array<{ query?: unknown; extensions?: unknown }> {
  if (req.method !== 'POST') return [getParams(req) ?? {}];
  const body: unknown = req.body;
  return (Array.isArray(body) ? body : [body]).filter(
    (item): item is { query?: unknown; extensions?: unknown } => typeof item === 'object' && item !== null,
  );
}

function documentSources(req: Request): string[] {
  return requestItems(req)
    .map((item) => item.query)
    .filter((s): s is string => typeof s === 'string');
}

function asJson(error: GraphQLError): ErrorJson {
  return { message: error.message, extensions: { ...error.extensions } };
}

/** The driver answers the timed-out request later: what it writes then must go nowhere, quietly. */
function muteLaterWrites(res: Response): void {
  const mutable = res as unknown as Record<string, unknown>;
  mutable.setHeader = () => res;
  mutable.writeHead = () => res;
  mutable.write = () => true;
  mutable.end = () => res;
}
