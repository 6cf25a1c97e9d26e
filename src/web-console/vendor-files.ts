/**
 * The library files the pages load whole rather than bundled, as /vendor/<name>: each a built
 * file of a dependency in package.json, served as the package ships it. A name not listed here
 * is a 404, so no other file of node_modules can be read through this path.
 */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  // The reader's bundle imports it from here (VENDORED_IMPORTS in scripts/build-web.mjs, which
  // says why). The standalone build bundles vis-data: one ES module, no bare imports to resolve.
  'vis-timeline.mjs': 'vis-timeline/standalone/esm/vis-timeline-graph2d.min.mjs',
};
