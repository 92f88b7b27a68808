// The layering of src/, checked by `npm run lint` (dependency-cruiser). Imports flow one way: a module may
// import its own folder and the layers below its own, never a layer above, and never a sibling folder of the
// same layer. The order is written here once; the rules below are generated from it. A member that is a list
// (a folder and its entry file) counts as one.
const LAYERS = [
  // The logger and the version: leaves everything may use.
  [['src/log.ts', 'src/version.ts']],
  // The edges: host roots, command runner, clock, atomic writes.
  ['src/host/'],
  [['src/config/', 'src/config.ts']],
  // Reading power: RAPL, battery, the NPU's busy time (used by a probe and around the benchmark).
  ['src/power/'],
  // Gathering data: one file per probe, pure parsers beside them.
  ['src/probes/'],
  // The crash-isolated worker and its launcher.
  ['src/canary/'],
  // Reading the results: the status machine, the diagnosis, the metrics mapping.
  ['src/status/', 'src/diagnosis/', 'src/metrics/'],
  // Presenting them: reports, notifications, HTTP.
  ['src/report/', 'src/notify/', 'src/http/'],
  // Wiring probes, canaries, status and metrics together.
  ['src/watch/'],
  // The commands, and the daemon the `run` command starts.
  ['src/commands/', 'src/daemon.ts'],
  // The entry point: argument parsing → commands.
  [['src/cli/', 'src/cli.ts']],
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const paths = (members) => members.flat();
const pattern = (members) => `^(${paths(members).map(escape).join('|')})`;
const named = (members) => paths(members).join(', ');

const layerRules = LAYERS.flatMap((layer, index) => {
  const above = LAYERS.slice(index + 1).flat();
  const rules = [];
  if (above.length > 0) {
    rules.push({
      name: `layer-${index}-imports-upward`,
      comment: `${named(layer)} may not import a higher layer (${named(above)}); see the order in .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path: pattern(layer) },
      to: { path: pattern(above) },
    });
  }
  for (const member of layer) {
    const siblings = layer.filter((other) => other !== member);
    if (siblings.length === 0) continue;
    rules.push({
      name: `layer-${index}-sibling-${named([member]).replace(/[^a-z]+/g, '-')}`,
      comment: `${named([member])} may not import the other members of its layer (${named(siblings)})`,
      severity: 'error',
      from: { path: pattern([member]) },
      to: { path: pattern(siblings) },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'worker-internals',
      comment: "The worker's stages run inside the child process only: only src/canary/worker.ts and the worker itself import them",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/canary/(worker\\.ts$|worker/)' },
      to: { path: '^src/canary/worker/' },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'src/ never imports from test/ (test doubles live in test/helpers)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment: 'What ships runs without devDependencies',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^openvino-node$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      // Resolve packages through their package.json "exports", as Node does (dependency-cruiser's default
      // ignores them, and eventsource-parser 4 has no "main").
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
