import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The compiled engine (docs/ARCHITECTURE.md, "Builds"): three Node programs sharing their chunks,
 * with the npm packages they use left as imports (they ship in node_modules beside the build):
 * - out/engine/host.mjs, the engine host the desktop app runs in a utility process;
 * - out/engine/cli.mjs, the `agentmix` command line (bin/agentmix.mjs imports it), serve included;
 * - out/engine/worker.mjs, the worker-thread entry both load (electron/engine/worker-entry.ts).
 * Not minified, so that stack traces in error reports stay readable.
 */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/engine',
    emptyOutDir: true,
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        host: resolve('electron/host/entries/host.ts'),
        cli: resolve('electron/host/entries/cli.ts'),
        worker: resolve('electron/workers/index.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
