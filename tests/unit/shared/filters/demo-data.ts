/**
 * The demo set's agent trajectories (resources/samples, written by the project) as the filters see
 * them, read with the project's format readers: the records the planted-mutation tests edit, so
 * they run without ../shared/data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../helpers/data';
import { readAll, type RealRecord } from './real-data';

let cached: RealRecord[] | null = null;

/** The 71 trajectories of resources/samples/agent/agentinstruct.json, source `demo`. */
export function demoAgentRecords(): RealRecord[] {
  cached ??= readAll('demo', JSON.parse(readFileSync(join(REPO_ROOT, 'resources/samples/agent/agentinstruct.json'), 'utf8')) as unknown[], 'agent');
  return cached;
}
