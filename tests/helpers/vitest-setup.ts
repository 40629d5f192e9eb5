import { missingDataLine } from './data';

/** vitest's global setup: one line for the whole run when `../shared/data` is absent. */
export default function setup(): void {
  const line = missingDataLine('tests/unit', /\.test\.tsx?$/);
  if (line !== null) console.log(line);
}
