// Preload for `node --import`: appends every module the process (and each worker thread, which
// inherits --import) loads to the file named by AGENTMIX_MODULE_LOG, one URL or path a line: ES
// modules through a load hook, CommonJS through Module._load. Tests use it to prove what a
// compiled program's module graph holds (no TypeScript loader, nothing outside the package).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const log = process.env.AGENTMIX_MODULE_LOG;
if (log) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { log } });
  const load = Module._load;
  Module._load = function loadAndLog(request, parent, isMain) {
    const exported = load.call(this, request, parent, isMain);
    try {
      appendFileSync(log, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      appendFileSync(log, `${request}\n`);
    }
    return exported;
  };
}
