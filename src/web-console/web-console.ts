import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHIQL_VENDOR_FILES, graphiqlPage, setGraphiQLHeaders } from './graphiql';
import { PAGE_HEADERS } from './page-headers';
import { VENDOR_FILES } from './vendor-files';

/**
 * The browser pages, served by the same Express server as /graphql: no second server. The pages
 * are TypeScript in web/, built by scripts/build-web.mjs (`npm run build`) into dist/web/, which
 * is what is served: each page's HTML, its bundled module and stylesheet with their source maps.
 * The few library files loaded whole are files of npm packages, each named in VENDOR_FILES, so
 * node_modules itself is never browsable.
 */
export interface WebConsoleOptions {
  /** The folder holding dist/web/ and node_modules/: the service's working directory by default. */
  root?: string;
  /** Serve the GraphQL IDE at GET /graphql for browsers, with its library files (GRAPHQL_PLAYGROUND). */
  graphiql?: boolean;
}

/** The built pages, relative to the root. */
export const BUILT_WEB = join('dist', 'web');

/** The pages a browser may load: path → file under dist/web/. */
export const PAGES: Readonly<Record<string, string>> = {
  '/': 'reader/index.html',
  '/admin': 'admin/index.html',
};

export function installWebConsole(app: NestExpressApplication, options: WebConsoleOptions = {}): void {
  const root = options.root ?? process.cwd();
  const web = join(root, BUILT_WEB);
  const missing = Object.values(PAGES).filter((page) => !existsSync(join(web, page)));
  // `npm run build:service` alone (or a build that failed) leaves the pages out: say so at start
  // rather than answer 404 on / with nothing in the log.
  if (missing.length > 0)
    new Logger('WebConsole').warn(
      `The browser pages are not built (${missing.map((page) => join(BUILT_WEB, page)).join(', ')} missing): ` +
        'they answer 404 until `npm run build:web` (or `npm run build`) has run',
    );
  app.use(pages(web));
  app.use('/vendor', vendorFiles(root, VENDOR_FILES, setPageHeaders));
  if (options.graphiql) {
    app.use(graphiqlPage(web));
    app.use('/vendor', vendorFiles(root, GRAPHIQL_VENDOR_FILES, setGraphiQLHeaders));
  }
  app.useStaticAssets(web, {
    prefix: '/assets/',
    index: false,
    dotfiles: 'deny',
    redirect: false,
    fallthrough: true,
    setHeaders: (res: Response) => setPageHeaders(res),
  });
}

function setPageHeaders(res: Response): void {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  // Pages and bundles change together with the service: revalidated on each load.
  res.setHeader('Cache-Control', 'no-cache');
}

function pages(web: string): RequestHandler {
  return (req, res, next) => {
    const page = ownEntry(PAGES, req.path);
    if (page === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    setPageHeaders(res);
    res.sendFile(page, { root: web, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

function vendorFiles(
  root: string,
  files: Readonly<Record<string, string>>,
  setHeaders: (res: Response) => void,
): RequestHandler {
  return (req, res, next) => {
    const file = ownEntry(files, req.path.slice(1));
    if (file === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    setHeaders(res);
    res.sendFile(file, { root: join(root, 'node_modules') }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/**
 * The table's own entry for a name a client chose: an index into a plain object would answer
 * `constructor`, `__proto__` and the like from its prototype (a function, not a file name).
 */
function ownEntry(table: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
