// Module hooks of tests/helpers/module-log.mjs: logs the URL of every ES module loaded.
import { appendFileSync } from 'node:fs';

let log = null;

export function initialize(data) {
  log = data.log;
}

export async function load(url, context, nextLoad) {
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
