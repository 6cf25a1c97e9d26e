import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { VENDOR_FILES } from '../../src/web-console/vendor-files';
import { PAGES } from '../../src/web-console/web-console';

/**
 * Each page's first load stays under 250 KB of compressed script (issue 14): the page's module
 * graph, followed from its <script src> tags through every static and dynamic import, with the
 * vendored libraries it loads, each file gzipped as a server or proxy would send it.
 */
const LIMIT_BYTES = 250_000;
const ROOT = process.cwd();
/** Any origin: URLs resolve against it the way the browser resolves them against the service. */
const ORIGIN = 'http://service.test';

/** The file a URL of the service serves (src/web-console/web-console.ts), or a failure. */
function fileOf(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  if (path.startsWith('/assets/')) return join(ROOT, 'web', path.slice('/assets/'.length));
  if (path.startsWith('/vendor/') && Object.hasOwn(VENDOR_FILES, path.slice('/vendor/'.length)))
    return join(ROOT, 'node_modules', VENDOR_FILES[path.slice('/vendor/'.length)]!);
  throw new Error(`${url.href}: no file of the service serves this URL`);
}

/**
 * The page's script tags. A pattern rather than an HTML parser: these are the project's own two
 * pages, written with `src="…"`; the test fails if a page names no script at all.
 */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
}

/** Every script file the page loads: its tags, then their imports (TypeScript's own scanner). */
function moduleGraph(page: string): Map<string, string> {
  const html = readFileSync(join(ROOT, 'web', PAGES[page]!), 'utf8');
  const files = new Map<string, string>(); // URL → file
  const pending = scriptTags(html).map((src) => new URL(src, `${ORIGIN}${page}`));
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (files.has(url.href)) continue;
    const file = fileOf(url);
    files.set(url.href, file);
    // Only modules (.mjs) import: the classic scripts are self-contained UMD builds. Without
    // detectJavaScriptImports the scanner reads import, export … from and import(), not require().
    if (!file.endsWith('.mjs')) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
    for (const { fileName } of importedFiles) pending.push(new URL(fileName, url));
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
    ['/', ['/assets/reader/main.mjs', '/assets/shared/dom.mjs', '/vendor/vis-timeline.mjs', '/vendor/chart.umd.js']],
    ['/admin', ['/assets/admin/main.mjs', '/assets/admin/record-form.mjs', '/assets/reader/history-diff.mjs']],
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
