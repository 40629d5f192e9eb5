import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from './data';

/**
 * A recipe mixing the agent data people bring (docs/formats.md), over ../shared/data: AgentBench
 * runs, SWE-agent trajectories, ADP's standardized form, real ShareGPT V3 split records and
 * LLaMA-Factory v1 tool-use data. Used by the CLI test and the desk's e2e spec.
 */
export const AGENT_MIX_SOURCES = [
  'agentbench-run-outputs/gemini-2.0/medagentbench-std/runs.jsonl',
  'adp-raw-agent-datasets/nebius_SWE-agent-trajectories/sample_raw.json',
  'adp-agentinstruct-std/agenttuning_kg/sample_std.json',
  'sharegpt92k-single-objects/sample_data',
  'llamafactory-more/reason_tool_use_demo_50.jsonl',
];

/** Records of the mix: 46 runs + 5 SWE-agent + 5 ADP + 11 ShareGPT files + 50 tool-use records. */
export const AGENT_MIX_RECORDS = 117;

/** Writes the mixed recipe into `folder` (exporting OpenAI JSONL there) and returns its path. */
export function writeAgentMixRecipe(folder: string): string {
  const recipe = join(folder, 'agent-mix.recipe.json');
  writeFileSync(recipe, JSON.stringify({ sources: AGENT_MIX_SOURCES.map((path) => ({ path: dataFile(path) })), export: { format: 'openai', out: join(folder, 'mix.jsonl') } }, null, 2));
  return recipe;
}
