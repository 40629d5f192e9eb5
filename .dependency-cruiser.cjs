/**
 * Layering rules (docs/ARCHITECTURE.md): the machine, not good intentions, keeps each runtime in
 * its folder. `npm run lint` fails when one of these is crossed.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-no-node',
      comment: 'shared/ runs everywhere: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'shared/ imports only shared/ and pure packages: nothing from electron/ or renderer/, no electron, ws, piscina.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer)/|node_modules/(electron|ws|piscina|tsx|react|react-dom|dexie)/' },
    },
    {
      name: 'only-main-and-preload-import-electron',
      comment: 'Only electron/main and electron/preload may import the electron module; the engine must run headless.',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'renderer/ is a browser page: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-engine',
      comment: 'renderer/ talks to the engine only through renderer/src/api: no electron/ code, no Node-only packages.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/|node_modules/(ws|piscina|tsx)/' },
    },
    {
      name: 'engine-is-headless',
      comment: 'electron/engine and electron/workers never import the shell, the host or the renderer.',
      severity: 'error',
      from: { path: '^electron/(engine|workers)/' },
      to: { path: '^renderer/|^electron/(main|preload|host)/' },
    },
    {
      name: 'shell-imports-no-engine',
      comment: 'electron/main (and the preload) run no engine code: the engine runs in the engine host (a utility process), reached over a MessagePort. They import shared/ and electron only (docs/ARCHITECTURE.md, "Processes").',
      severity: 'error',
      from: { path: '^electron/(main|preload)/' },
      to: { path: '^electron/(engine|workers|host)/|^renderer/|node_modules/(piscina|ws|hyparquet|llama-tokenizer-js|tsx)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|release)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
