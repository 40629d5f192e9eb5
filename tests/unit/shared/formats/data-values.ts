import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DATA_DIR, dataFile } from '../../../helpers/data';

/**
 * The parsed values of a file under ../shared/data, read whole (these files are small; streaming is
 * the reader's job): the elements of a JSON array, the lines of a JSONL file, or the one object of a
 * JSON file that holds a single object.
 */
export function loadValues(path: string): unknown[] {
  const text = readFileSync(dataFile(path), 'utf8');
  if (path.endsWith('.jsonl')) return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  const value = JSON.parse(text) as unknown;
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

/** The conversation files and the format each must be identified as. */
export const CONVERSATION_FILES = {
  'agentinstruct-adp-samples/agenttuning_alfworld/sample_raw.json': 'role-content',
  'agentinstruct-adp-samples/agenttuning_db/sample_raw.json': 'role-content',
  'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json': 'role-content',
  'agentinstruct-adp-samples/agenttuning_mind2web/sample_raw.json': 'role-content',
  'agentinstruct-adp-samples/agenttuning_os/sample_raw.json': 'role-content',
  'agentinstruct-adp-samples/agenttuning_webshop/sample_raw.json': 'role-content',
  'agentinstruct-val200-messages/val_set_200.json': 'openai',
  'eto-sample/sample_raw.json': 'agentinstruct',
  'fastchat-sharegpt/dummy_conversation.json': 'sharegpt',
  'fireact-trajectories/hotpotqa.jsonl': 'openai',
  'llamafactory-formats/glaive_toolcall_en_demo.json': 'sharegpt',
  'llamafactory-formats/v1_sft_demo.jsonl': 'openai',
  'sharegpt-firstturn-mlenergy/ShareGPT_V3_filtered_500.json': 'sharegpt',
  'sharegpt-real-dialogstudio/original_example.json': 'sharegpt',
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json': 'agentinstruct',
} as const;
