// Builds the browser pages (web/) into dist/web/: each page's TypeScript entry bundled by esbuild
// into one minified ES module with its libraries (Chart.js, graphql-ws), each stylesheet bundled
// with what it imports (vis-timeline's styles), the HTML copied as it is. The service serves this
// folder (src/web-console/), so what a browser runs is what this build wrote.
//
// One library stays out of the bundle: vis-timeline's standalone ES build, already minified by
// its authors, is served whole as /vendor/vis-timeline.mjs (src/web-console/vendor-files.ts) and
// imported from there. Measured: the reader's script is smaller that way (225 KB gzipped in two
// files against 228 KB bundled, which re-minifies it less well), and the library's 157 KB stay
// the same file from one release of the service to the next, so a browser revalidates it (304)
// instead of downloading it again with every change to the page's own code.
//
// `npm run build` runs it after tsc; the test tiers that serve the pages run it in their global
// setup (test/support/web-bundle.ts), so a clean clone needs no separate step.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The pages: each folder of web/ with its HTML, its script entry and its stylesheet. */
export const WEB_PAGES = {
  reader: { script: 'main.ts', style: 'reader.css' },
  admin: { script: 'main.ts', style: 'admin.css' },
  graphiql: { script: 'main.ts', style: 'graphiql-page.css' },
};

/** Bare imports served as files of their package (VENDOR_FILES), left as imports of those URLs. */
export const VENDORED_IMPORTS = {
  'vis-timeline/standalone': '/vendor/vis-timeline.mjs',
};

const vendored = {
  name: 'vendored',
  setup(build) {
    build.onResolve({ filter: /^vis-timeline\/standalone$/ }, ({ path }) => ({
      path: VENDORED_IMPORTS[path],
      external: true,
    }));
  },
};

/** The bundles' target: the Chromium the browser tier drives, and the browsers of the last years. */
const TARGET = ['chrome120', 'firefox121', 'safari17'];

/** esbuild's record of the build (each bundle's inputs and imports), beside dist/web/, not served. */
export const METAFILE = 'web-meta.json';

/**
 * Writes dist/web/ (or `outdir`) afresh, and its metafile beside it (test/web/page-script-size.spec.ts
 * follows each bundle's imports in it). Answers each written file's path (relative to outdir)
 * and size. The build goes to a folder of its own, put in place when complete: a service serving
 * the folder meanwhile (another test run) never sees it half written, and a file a renamed module
 * left behind is not kept.
 */
export async function buildWeb({ root = ROOT, outdir = join(root, 'dist', 'web') } = {}) {
  const staging = `${outdir}.${process.pid}.building`;
  const { files, metafile } = await buildInto(root, staging);
  const old = `${outdir}.${process.pid}.old`;
  await rename(outdir, old).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, outdir);
  await rm(old, { recursive: true, force: true });
  // Paths in it are relative to the root, and name the folder the build was put in.
  const record = JSON.stringify(metafile).replaceAll(relative(root, staging), relative(root, outdir));
  await writeFile(join(dirname(outdir), METAFILE), record);
  return files;
}

async function buildInto(root, outdir) {
  const web = join(root, 'web');
  await rm(outdir, { recursive: true, force: true });
  const entries = Object.entries(WEB_PAGES).flatMap(([page, { script, style }]) => [
    { in: join(web, page, script), out: `${page}/main` },
    { in: join(web, page, style), out: `${page}/${style.replace(/\.css$/, '')}` },
  ]);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: TARGET,
    minify: true,
    // Separate .map files, linked from the bundle's last line: nothing inline.
    sourcemap: 'linked',
    // The libraries' licence comments stay, gathered at each bundle's end.
    legalComments: 'eof',
    tsconfig: join(web, 'tsconfig.json'),
    logLevel: 'warning',
    metafile: true,
    plugins: [vendored],
  });
  await Promise.all(
    Object.keys(WEB_PAGES).map(async (page) => {
      await mkdir(join(outdir, page), { recursive: true });
      await copyFile(join(web, page, 'index.html'), join(outdir, page, 'index.html'));
    }),
  );
  const files = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, { bytes }]) => ({ file: relative(outdir, join(root, file)), bytes }));
  return { files, metafile: result.metafile };
}

/** Gzipped size of a built file, as a server or proxy would send it. */
export function gzippedSize(contents) {
  return gzipSync(contents).length;
}

// Run as a script: builds, and with --sizes (`npm run build:web`) prints each file's size. Quiet
// otherwise, since `npm start` runs it on every start.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readFile } = await import('node:fs/promises');
  const outdir = join(ROOT, 'dist', 'web');
  const files = await buildWeb({ outdir });
  if (!process.argv.includes('--sizes')) process.exit(0);
  for (const { file, bytes } of files) {
    const gzipped = gzippedSize(await readFile(join(outdir, file)));
    console.log(`dist/web/${file}: ${(bytes / 1000).toFixed(1)} KB, ${(gzipped / 1000).toFixed(1)} KB gzipped`);
  }
}
