// Worker bootstrap: runs the TypeScript worker from source through tsx (as the engine's pool does).
import { register } from 'tsx/esm/api';

register();
await import('./leakage-worker.ts');
