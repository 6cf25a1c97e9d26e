/**
 * The library files the pages load, as /vendor/<name>: each a built file of a dependency in
 * package.json, served as the package ships it. A name not listed here is a 404, so no other
 * file of node_modules can be read through this path.
 */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  // The standalone build bundles vis-data: one ES module, no bare imports to resolve.
  'vis-timeline.mjs': 'vis-timeline/standalone/esm/vis-timeline-graph2d.min.mjs',
  'vis-timeline.css': 'vis-timeline/styles/vis-timeline-graph2d.min.css',
  // Chart.js's ES build imports @kurkle/color by bare name; the UMD build is self-contained.
  'chart.umd.js': 'chart.js/dist/chart.umd.min.js',
  'graphql-ws.js': 'graphql-ws/umd/graphql-ws.min.js',
};
