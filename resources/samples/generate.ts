/**
 * Writes the demo set: `node bin/run-ts.mjs resources/samples/generate.ts` (or `npm run
 * demo:generate`). The files are committed; a unit test re-runs the generator and checks that they
 * have not drifted (tests/unit/resources/samples/demo.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from './generator/demo';

const here = dirname(fileURLToPath(import.meta.url));
for (const [path, text] of buildDemo()) {
  const target = join(here, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`${path}  ${Buffer.byteLength(text)} bytes`);
}
