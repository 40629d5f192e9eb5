// Loads the worker entry from its TypeScript source through tsx (the CLI and the tests run from
// source; the Electron build passes its own bundled worker URL to the engine instead).
import { register } from 'tsx/esm/api';

register();
const worker = await import('./index.ts');
export default worker.default;
