import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * The desktop app's three bundles (docs/ARCHITECTURE.md, "Builds"): the main process (the shell:
 * windows, menu, dialogs and the relay to the engine host, no engine code), the sandboxed preload
 * (CommonJS, as sandboxed preloads must be), and the renderer (served by Electron from file:// or
 * by `agentmix serve`). The engine host, the CLI and their worker are built by
 * vite.engine.config.ts into out/engine.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    // Monaco's workers are ES modules (`?worker` imports in features/editor/monaco-setup.ts).
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      // Minified: AG Grid and Monaco are megabytes of source, parsed on every start.
      minify: true,
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
