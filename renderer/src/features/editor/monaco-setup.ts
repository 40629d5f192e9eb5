import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

/**
 * Monaco from the bundle, never from a CDN (the CSP allows only 'self'): @monaco-editor/react's
 * loader gets the bundled monaco-editor (the editor API, its editing features and the JSON
 * language; no other languages, so their large workers stay out of the build), and its web workers
 * are Vite `?worker` bundles. This module loads lazily, with the editor, so the review desk starts
 * without Monaco's weight.
 */
self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};
loader.config({ monaco });

export { monaco };
