// The layers of src/, lowest first: a folder imports only from folders in lower layers (and from
// itself). Folders that share a layer are peers and do not import each other: the write side
// (editorial) and the read side (timelines) meet only in what lies below them. `npm run lint`
// runs this check in CI, so an import that runs back up, or a cycle, fails the build.
//
// dependency-cruiser is used instead of a hand-written check because it resolves imports the way
// TypeScript does (index files, type-only imports, re-exports) and reports module-level cycles.
const layers = [
  ['config', 'diplomacy', 'input'], // pure: configuration, the domain, checks on client input
  ['imports', 'exports/formats', 'database'], // pure parsers and formats; connections, migrations
  ['event-store'], // the log
  ['observability', 'graphql'], // metrics, logging; what every GraphQL feature shares
  ['access', 'idempotency'], // who is calling; retried writes
  ['subscriptions-server'], // the graphql-ws transport
  ['editorial', 'timelines'], // the write side, the read side
  ['exports', 'log-browser', 'health', 'admin', 'web-console'], // features; the pages' server side
  ['cli'], // command-line entry points
];

/** The files of one folder; `exports` does not include its `formats/` layer. */
function folder(name) {
  const nested = layers.flat().filter((other) => other.startsWith(`${name}/`));
  const exclude = nested.map((other) => `(?!${other.slice(name.length + 1)}/)`).join('');
  return `^src/${name}/${exclude}`;
}

const layerRules = layers.flatMap((layer, rank) =>
  layer.map((name) => ({
    name: `layers:${name}`,
    comment: `${name} imports only from lower layers`,
    severity: 'error',
    // A spec may reach across layers to check that two of them agree.
    from: { path: folder(name), pathNot: '\\.spec\\.ts$' },
    to: {
      path: [
        ...layers
          .slice(rank)
          .flat()
          .filter((other) => other !== name)
          .map(folder),
        '^src/[^/]+\\.ts$',
      ],
    },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle ties modules so that neither can change or be tested alone',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'every-folder-has-a-layer',
      comment: 'a new top-level folder of src/ must be placed in a layer above',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: layers.flat().map(folder) },
      to: {},
    },
    {
      name: 'every-folder-has-a-layer',
      comment: 'a new top-level folder of src/ must be placed in a layer above',
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: layers.flat().map(folder) },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
