import type { RequestHandler, Response } from 'express';
import { PAGE_HEADERS } from './page-headers';

/**
 * The GraphQL IDE (GraphiQL) at GET /graphql for a browser, served from npm packages instead of
 * Apollo's landing page, which loads GraphiQL and React from unpkg and shows a blank page on a
 * machine without internet access. Only where GRAPHQL_PLAYGROUND turns it on (off in production
 * unless asked for); everything else at /graphql (GET operations, POST, graphql-ws) passes on.
 */
export const GRAPHQL_PAGE_PATH = '/graphql';

/**
 * The pages' policy with one change: GraphiQL's stylesheet carries its fonts as data: URLs.
 * Still no outside host, no inline script and no eval.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = String(PAGE_HEADERS['Content-Security-Policy']).replace(
  "font-src 'self'",
  "font-src 'self' data:",
);

export const GRAPHIQL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...PAGE_HEADERS,
  'Content-Security-Policy': GRAPHIQL_CONTENT_SECURITY_POLICY,
};

/**
 * The IDE's library files as /vendor/<name>, served only while the IDE is on. The standalone
 * (UMD) build of graphiql 4 (the last major with one) bundles its editor and graphql-js and
 * expects React 18's UMD builds as globals; graphiql 5 ships only ES modules for a bundler.
 */
export const GRAPHIQL_VENDOR_FILES: Readonly<Record<string, string>> = {
  'react.js': 'react/umd/react.production.min.js',
  'react-dom.js': 'react-dom/umd/react-dom.production.min.js',
  'graphiql.js': 'graphiql/graphiql.min.js',
  'graphiql.css': 'graphiql/graphiql.min.css',
};

export function setGraphiQLHeaders(res: Response): void {
  for (const [name, value] of Object.entries(GRAPHIQL_PAGE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * A browser's visit to /graphql: GET or HEAD, no operation in the query string, and HTML preferred
 * to JSON (the test Apollo's landing page used). A client asking for JSON gets GraphQL's answer.
 */
export function graphiqlPage(web: string): RequestHandler {
  return (req, res, next) => {
    if (req.path !== GRAPHQL_PAGE_PATH || (req.method !== 'GET' && req.method !== 'HEAD') || !wantsPage(req.url)) {
      next();
      return;
    }
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') {
      next();
      return;
    }
    setGraphiQLHeaders(res);
    // The same URL answers JSON to other clients: caches must keep the two apart.
    res.vary('Accept');
    res.sendFile('graphiql/index.html', { root: web, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/** No `query` or `extensions` parameter: such a GET is an operation, answered by GraphQL. */
function wantsPage(url: string): boolean {
  const at = url.indexOf('?');
  if (at < 0) return true;
  const search = new URLSearchParams(url.slice(at + 1));
  return !search.has('query') && !search.has('extensions');
}
