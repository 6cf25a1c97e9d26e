import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { VENDOR_FILES } from '../../src/web-console/vendor-files';
import { BUILT_WEB, PAGES } from '../../src/web-console/web-console';

/**
 * Each page's first load stays under 250 KB of compressed script (issue 14): the built page
 * (dist/web/, written by scripts/build-web.mjs in the unit tier's global setup) and its module
 * graph, followed from its <script src> tags through every static and dynamic import of the
 * bundles, with the vendored library the reader's bundle imports, each file gzipped as a server
 * or proxy would send it.
 */
const LIMIT_BYTES = 250_000;
const ROOT = process.cwd();
const BUILT_ROOT = join(ROOT, BUILT_WEB);
/** Any origin: URLs resolve against it the way the browser resolves them against the service. */
const ORIGIN = 'http://service.test';

/** The file a URL of the service serves (src/web-console/web-console.ts), or a failure. */
function fileOf(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  if (path.startsWith('/assets/')) return join(ROOT, BUILT_WEB, path.slice('/assets/'.length));
  if (path.startsWith('/vendor/') && Object.hasOwn(VENDOR_FILES, path.slice('/vendor/'.length)))
    return join(ROOT, 'node_modules', VENDOR_FILES[path.slice('/vendor/'.length)]!);
  throw new Error(`${url.href}: no file of the service serves this URL`);
}

/**
 * The page's script tags. A pattern rather than an HTML parser: these are the project's own two
 * pages, written with `src="…"`; the test fails if a page names no script at all (the expected
 * files below).
 */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
}

/** esbuild's record of the build: each bundle (relative to the root) with the imports it kept. */
interface BuildRecord {
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

/**
 * What a file imports, as URLs or files. A bundle's imports are esbuild's own record (a scanner
 * misreads minified template literals); a vendored library, served as its package ships it, is
 * read by TypeScript's scanner (without detectJavaScriptImports it reads import, export … from
 * and import(), not require()).
 */
function importsOf(file: string, record: BuildRecord): string[] {
  const built = record.outputs[relative(ROOT, file)];
  if (built)
    return built.imports.map(({ path, external }) => (external ? path : `/assets/${relative(BUILT_WEB, path)}`));
  if (!file.startsWith(BUILT_ROOT))
    return ts.preProcessFile(readFileSync(file, 'utf8'), true, false).importedFiles.map((f) => f.fileName);
  throw new Error(`${file}: not in the build's record`);
}

/** Every script file the page loads: its tags, then their imports. */
function moduleGraph(page: string): Map<string, string> {
  const record = JSON.parse(readFileSync(join(ROOT, 'dist', 'web-meta.json'), 'utf8')) as BuildRecord;
  const html = readFileSync(join(ROOT, BUILT_WEB, PAGES[page]!), 'utf8');
  const files = new Map<string, string>(); // URL → file
  const pending = scriptTags(html).map((src) => new URL(src, `${ORIGIN}${page}`));
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (files.has(url.href)) continue;
    const file = fileOf(url);
    files.set(url.href, file);
    for (const imported of importsOf(file, record)) pending.push(new URL(imported, url));
  }
  return files;
}

function gzippedBytes(files: Iterable<string>): number {
  let total = 0;
  for (const file of files) total += gzipSync(readFileSync(file)).length;
  return total;
}

describe('the compressed script a page loads', () => {
  it.each([
    ['/', ['/assets/reader/main.js', '/vendor/vis-timeline.mjs']],
    ['/admin', ['/assets/admin/main.js']],
  ])('%s stays under 250 KB gzipped', (page, expected) => {
    const graph = moduleGraph(page);
    // The walk found the page's modules and libraries: a figure of nothing would pass vacuously.
    for (const path of expected) expect([...graph.keys()]).toContain(`${ORIGIN}${path}`);
    const bytes = gzippedBytes(graph.values());
    console.log(`${page}: ${graph.size} script files, ${(bytes / 1000).toFixed(1)} KB gzipped (limit 250 KB)`);
    expect(bytes).toBeLessThan(LIMIT_BYTES);
  });

  it('fails on a URL no file of the service serves', () => {
    expect(() => fileOf(new URL(`${ORIGIN}/vendor/constructor`))).toThrow(/no file of the service/);
    expect(() => fileOf(new URL(`${ORIGIN}/elsewhere.mjs`))).toThrow(/no file of the service/);
  });
});
