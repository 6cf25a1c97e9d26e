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
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
const OUTDIR = join(ROOT, 'dist', 'web');
/** esbuild's record of the build (each bundle's inputs and imports), beside dist/web/, not served. */
const METAFILE = join(ROOT, 'dist', 'web-meta.json');

/** The pages: each folder of web/ with its HTML, its script entry and its stylesheet. */
const PAGES = {
  reader: { script: 'main.ts', style: 'reader.css' },
  admin: { script: 'main.ts', style: 'admin.css' },
  graphiql: { script: 'main.ts', style: 'graphiql-page.css' },
};

/** Bare imports served as files of their package (VENDOR_FILES), left as imports of those URLs. */
const VENDORED_IMPORTS = {
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

/**
 * Writes dist/web/ afresh, and the metafile beside it (test/web/page-script-size.spec.ts follows
 * each bundle's imports in it). Answers each written file's path (relative to dist/web/) and size.
 * The build goes to a folder of its own, put in place when complete: a service serving the folder
 * meanwhile (another test run) never sees it half written, and a file a renamed module left
 * behind is not kept.
 */
async function buildWeb() {
  const staging = `${OUTDIR}.${process.pid}.building`;
  let built;
  try {
    built = await buildInto(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const { files, metafile } = built;
  const old = `${OUTDIR}.${process.pid}.old`;
  await rename(OUTDIR, old).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  try {
    await rename(staging, OUTDIR);
  } catch (error) {
    // Another build put its own in place just now, from the same sources.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    await rm(staging, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
  // Its paths are relative to the root, and name the folder the build was made in.
  const record = JSON.stringify(metafile).replaceAll(relative(ROOT, staging), relative(ROOT, OUTDIR));
  // Written whole and renamed, as the folder: a size check reading it meanwhile sees one build's.
  await writeFile(`${METAFILE}.${process.pid}`, record);
  await rename(`${METAFILE}.${process.pid}`, METAFILE);
  return files;
}

async function buildInto(outdir) {
  await rm(outdir, { recursive: true, force: true });
  const entries = Object.entries(PAGES).flatMap(([page, { script, style }]) => [
    { in: join(WEB, page, script), out: `${page}/main` },
    { in: join(WEB, page, style), out: `${page}/${style.replace(/\.css$/, '')}` },
  ]);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
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
    tsconfig: join(WEB, 'tsconfig.json'),
    logLevel: 'warning',
    metafile: true,
    plugins: [vendored],
  });
  await Promise.all(
    Object.keys(PAGES).map(async (page) => {
      await mkdir(join(outdir, page), { recursive: true });
      await copyFile(join(WEB, page, 'index.html'), join(outdir, page, 'index.html'));
    }),
  );
  const files = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, { bytes }]) => ({ file: relative(outdir, join(ROOT, file)), bytes }));
  return { files, metafile: result.metafile };
}

const files = await buildWeb();
// With --sizes (`npm run build:web`), each file's size, gzipped as a server or proxy would send
// it. Quiet otherwise: `npm start` builds on every start.
if (process.argv.includes('--sizes')) {
  for (const { file, bytes } of files) {
    const gzipped = gzipSync(await readFile(join(OUTDIR, file))).length;
    console.log(`dist/web/${file}: ${(bytes / 1000).toFixed(1)} KB, ${(gzipped / 1000).toFixed(1)} KB gzipped`);
  }
}
