// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { agentmixPlugin } from './tools/eslint-rules/no-spread-arguments.js';

const nodeModules = ['node:*', 'fs', 'fs/promises', 'path', 'os', 'worker_threads', 'child_process', 'crypto', 'stream', 'url', 'http', 'net', 'zlib', 'readline', 'util', 'events', 'buffer'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }] }],
    },
  },
  {
    // Shipped code handles corpora of millions of records: no array spread into call arguments
    // (tools/eslint-rules/no-spread-arguments.js; docs/scale.md, "Nothing breaks at size").
    files: ['shared/**', 'electron/**', 'renderer/**', 'bin/**'],
    plugins: { agentmix: agentmixPlugin },
    rules: { 'agentmix/no-spread-arguments': 'error' },
  },
  {
    // The shell and the preload run no engine code: the engine runs in the engine host's utility
    // process (docs/ARCHITECTURE.md, "Processes"). dependency-cruiser checks the same rule.
    files: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['piscina', 'ws', 'hyparquet', 'llama-tokenizer-js', 'tsx'].map((name) => ({ name, message: 'The Electron main process and the preload run no engine code.' })),
        patterns: [{ group: ['**/engine/**', '**/workers/**', '**/host/**', '**/renderer/**'], message: 'The Electron main process imports no engine module: ask the engine host over its port (electron/main/engine-process.ts).' }],
      }],
    },
  },
  {
    // shared/ is pure: no Node, no Electron, no DOM (its tsconfig has no DOM lib either).
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ must not import electron.' }],
        patterns: [{ group: nodeModules, message: 'shared/ must not import Node modules.' }, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'renderer/ talks to the engine only through renderer/src/api.' }],
        patterns: [{ group: nodeModules, message: 'renderer/ is a browser page: no Node modules.' }, { group: ['**/electron/**'], message: 'renderer/ imports shared/ and browser packages only.' }],
      }],
    },
  },
  {
    files: ['electron/engine/**', 'electron/workers/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The engine runs headless: never import electron.' }],
        patterns: [{ group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/host/**'], message: 'The engine imports only shared/ and Node.' }],
      }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'tests/helpers/*.mjs', 'resources/build/*.mjs', '*.config.js', '*.config.ts', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly' } },
  },
);
