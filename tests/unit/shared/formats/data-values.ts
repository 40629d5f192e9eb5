import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { keyedValues } from '../../../../shared/formats/identify';
import type { FormatName } from '../../../../shared/formats/types';
import { DATA_DIR, dataFile } from '../../../helpers/data';

/**
 * The parsed values of a file under ../shared/data, read whole (these files are small; streaming is
 * the reader's job): the elements of a JSON array, the lines of a JSONL file (BFCL's are named
 * `.json`), the values of a keyed container (the table says which), or the one object of a JSON
 * file that holds a single object.
 */
export function loadValues(path: string): unknown[] {
  const text = readFileSync(dataFile(path), 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  }
  if (SOURCE_FACTS[path]?.keyed === true) return keyedValues(value) ?? [];
  return Array.isArray(value) ? value : [value];
}

/** Every data file under ../shared/data (SOURCES.md aside), as paths relative to it. */
export function allDataFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'SOURCES.md') files.push(relative(DATA_DIR, path));
    }
  };
  walk(DATA_DIR);
  return files.sort();
}

/** What a conversation file of ../shared/data is: its format, records (SOURCES.md), role, and whether it is a keyed container. */
export interface SourceFact {
  format: FormatName;
  records: number;
  role: 'agent' | 'general';
  /** One JSON object whose values are the records, keyed by their ids. */
  keyed?: true;
}

/** Every conversation or trajectory file of ../shared/data. */
export const SOURCE_FACTS: Record<string, SourceFact> = {
  'adp-agentinstruct-sft/agenttuning_db/sample_sft.json': { format: 'sharegpt', records: 5, role: 'agent' },
  'adp-agentinstruct-sft/agenttuning_webshop/sample_sft.json': { format: 'sharegpt', records: 5, role: 'agent' },
  'adp-agentinstruct-std/agenttuning_kg/sample_std.json': { format: 'adp', records: 5, role: 'agent' },
  'adp-agentinstruct-std/agenttuning_os/sample_std.json': { format: 'adp', records: 5, role: 'agent' },
  'adp-raw-agent-datasets/code_feedback/sample_raw.json': { format: 'openai', records: 10, role: 'general' },
  'adp-raw-agent-datasets/codeactinstruct/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'adp-raw-agent-datasets/mini-coder/sample_raw.json': { format: 'openai', records: 1, role: 'general' },
  'adp-raw-agent-datasets/nebius_SWE-agent-trajectories/sample_raw.json': { format: 'swe-agent', records: 5, role: 'agent' },
  'adp-raw-agent-datasets/orca_agentinstruct/sample_raw.json': { format: 'role-content', records: 5, role: 'general' },
  'adp-raw-agent-datasets/swe-gym_openhands_sampled_trajectories/sample_raw.json': { format: 'openai', records: 5, role: 'agent' },
  'adp-raw-agent-datasets/toucan_1_5m/sample_raw.json': { format: 'openai', records: 1, role: 'agent' },
  'agentbench-run-outputs/gemini-2.0/medagentbench-std/runs.jsonl': { format: 'agentbench-run', records: 46, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_alfworld/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_db/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_mind2web/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_os/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-adp-samples/agenttuning_webshop/sample_raw.json': { format: 'role-content', records: 5, role: 'agent' },
  'agentinstruct-val200-messages/val_set_200.json': { format: 'openai', records: 200, role: 'agent' },
  'eto-sample/sample_raw.json': { format: 'agentinstruct', records: 3, role: 'agent' },
  'fastchat-sharegpt/dummy_conversation.json': { format: 'sharegpt', records: 500, role: 'general' },
  'fireact-more/alpaca_format/hotpotqa_multimethod.json': { format: 'alpaca', records: 734, role: 'agent' },
  'fireact-more/gpt_format/multitask_multimethod.jsonl': { format: 'openai', records: 2063, role: 'agent' },
  'fireact-more/trajs/hotpotqa_dev_0_500_ft_gpt-3.5-turbo-0613_princeton-nlp__7woQRsdi_0.0_2023-09-21-16-19-51.json': { format: 'fireact', records: 465, role: 'agent', keyed: true },
  'fireact-trajectories/hotpotqa.jsonl': { format: 'openai', records: 500, role: 'agent' },
  'llamafactory-formats/glaive_toolcall_en_demo.json': { format: 'sharegpt', records: 300, role: 'agent' },
  'llamafactory-formats/v1_sft_demo.jsonl': { format: 'llamafactory-messages', records: 500, role: 'general' },
  'llamafactory-more/glaive_toolcall_zh_demo.json': { format: 'sharegpt', records: 300, role: 'agent' },
  'llamafactory-more/reason_tool_use_demo_50.jsonl': { format: 'llamafactory-messages', records: 50, role: 'agent' },
  'nat-negative-trajectories/strategyqa_gpt-3.5_negative.json': { format: 'role-content', records: 1263, role: 'agent' },
  'sharegpt-dialogstudio-converted/converted_example.json': { format: 'dialogstudio', records: 5, role: 'general', keyed: true },
  'sharegpt-firstturn-mlenergy/ShareGPT_V3_filtered_500.json': { format: 'sharegpt', records: 500, role: 'general' },
  'sharegpt-real-dialogstudio/original_example.json': { format: 'sharegpt', records: 5, role: 'general' },
  'sharegpt-sample-chatdemo/sharegpt_sample.json': { format: 'sharegpt', records: 50, role: 'general' },
  'sharegpt90k-firstturn-mlenergy/sg_90k_part1_html_cleaned_lang_first_sampled_sorted.json': { format: 'sharegpt', records: 2978, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0AQp27B_1.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0BZVqwW_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0DsLnLO_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0fDFisQ_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0fXaWSr_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/0iEF8Gz_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/6yOyum9_11.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/eioT97j_21.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/gzHcTRc_30.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/ubPV3tu_53.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sample_data/zZS05KI_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sampled_enriched_data/3fEAJx4_413.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sampled_enriched_data/5Qx1CGZ_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sampled_enriched_data/UvdwCMU_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'sharegpt92k-single-objects/sampled_enriched_data/ufsbA0x_0.json': { format: 'sharegpt', records: 1, role: 'general' },
  'webshop-agentinstruct-style-clean-obs/clean_sneakers_observation-attack.json': { format: 'agentinstruct', records: 50, role: 'agent' },
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json': { format: 'agentinstruct', records: 50, role: 'agent' },
};

/** The conversation files and the format each must be identified as. */
export const CONVERSATION_FILES: Record<string, FormatName> = Object.fromEntries(Object.entries(SOURCE_FACTS).map(([path, fact]) => [path, fact.format]));

/** Every file of ../shared/data that holds no conversations: what it is, and how many values it holds. */
export const NOT_CONVERSATION_FILES: Record<string, { what: string; values: number }> = {
  'adp-raw-agent-datasets/webarena_successful/sample_raw.json': { what: 'WebArena replay trajectory', values: 3 },
  'agentbench-new-testsets/alfworld/new_std.json': { what: 'ALFWorld game paths', values: 1 },
  'agentbench-new-testsets/avalon/dev.json': { what: 'AgentBench Avalon game setups', values: 20 },
  'agentbench-new-testsets/dbbench/standard.jsonl': { what: 'AgentBench DB test set', values: 300 },
  'agentbench-new-testsets/medagentbench/test_data_v1.json': { what: 'MedAgentBench test set', values: 100 },
  'agentbench-new-testsets/os_interaction/data/6-backup.json': { what: 'AgentBench OS test set', values: 9 },
  'agentbench-new-testsets/os_interaction/data/6/confidentiality.json': { what: 'AgentBench OS test set', values: 30 },
  'agentbench-new-testsets/os_interaction/data/6/integrity.json': { what: 'AgentBench OS test set', values: 29 },
  'agentbench-new-testsets/os_interaction/data/7/bootstrap.json': { what: 'AgentBench OS test set', values: 88 },
  'agentbench-old-testsets/alfworld/dev.json': { what: 'ALFWorld game paths', values: 1 },
  'agentbench-old-testsets/alfworld/std.json': { what: 'ALFWorld game paths', values: 1 },
  'agentbench-old-testsets/dbbench/dev.jsonl': { what: 'AgentBench DB test set', values: 60 },
  'agentbench-old-testsets/dbbench/standard.jsonl': { what: 'AgentBench DB test set', values: 300 },
  'agentbench-old-testsets/knowledgegraph/dev.json': { what: 'AgentBench KG test set', values: 20 },
  'agentbench-old-testsets/knowledgegraph/std.json': { what: 'AgentBench KG test set', values: 150 },
  'agentbench-old-testsets/mind2web/prompt/llm_prompt.json': { what: 'Mind2Web few-shot prompt', values: 7 },
  'agentbench-old-testsets/mind2web/prompt/llm_prompt_cot.json': { what: 'Mind2Web few-shot prompt', values: 7 },
  'agentbench-old-testsets/os_interaction/data/1/stock.json': { what: 'AgentBench OS test set', values: 7 },
  'agentbench-old-testsets/os_interaction/data/2/environment.json': { what: 'AgentBench OS test set', values: 5 },
  'agentbench-old-testsets/os_interaction/data/3/ac.json': { what: 'AgentBench OS test set', values: 6 },
  'agentbench-old-testsets/os_interaction/data/4/N11.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N225.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N37.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N4.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N41.json': { what: 'AgentBench OS test set', values: 4 },
  'agentbench-old-testsets/os_interaction/data/4/Q09.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q19.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q30.json': { what: 'AgentBench OS test set', values: 6 },
  'agentbench-old-testsets/os_interaction/data/4/Q47.json': { what: 'AgentBench OS test set', values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q49.json': { what: 'AgentBench OS test set', values: 2 },
  'agentbench-old-testsets/os_interaction/data/5/new.json': { what: 'AgentBench OS test set', values: 10 },
  'agentbench-old-testsets/os_interaction/data/6/new.json': { what: 'AgentBench OS test set', values: 9 },
  'agentbench-old-testsets/os_interaction/data/7/2023-06-07-00-13-14.json': { what: 'AgentBench OS test set', values: 88 },
  'agentbench-old-testsets/os_interaction/data/dev.json': { what: 'AgentBench OS test set', values: 26 },
  'bfcl-testsets/BFCL_v4_multi_turn_base.json': { what: 'BFCL test set', values: 200 },
  'bfcl-testsets/BFCL_v4_simple_python.json': { what: 'BFCL test set', values: 400 },
  'toolbench-sample/10_ChatGPT_DFS_woFilter_w2.json': { what: 'ToolBench DFS answer file', values: 1 },
  'webshop-human-goals/human_goals.json': { what: 'WebShop goals', values: 12087 },
};
