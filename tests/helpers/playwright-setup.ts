import { missingDataLine } from './data';

/** Playwright's global setup: one line for the whole run when `../shared/data` is absent. */
export default function setup(): void {
  const line = missingDataLine('tests/e2e', /\.spec\.ts$/);
  if (line !== null) console.log(line);
}
