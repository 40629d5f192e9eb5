import { readFileSync } from 'node:fs';
import { dataFile } from '../../../helpers/data';
import { getFormat, type FormatName } from '../../../../shared/formats/index';
import type { Conversation } from '../../../../shared/schema/conversation';

/** Every conversation file of ../shared/data, with the format SOURCES.md gives it. */
export const REAL_CONVERSATION_FILES: readonly { path: string[]; format: FormatName }[] = [
  ...['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'].map((task) => ({
    path: ['agentinstruct-adp-samples', `agenttuning_${task}`, 'sample_raw.json'],
    format: 'role-content' as const,
  })),
  { path: ['agentinstruct-val200-messages', 'val_set_200.json'], format: 'openai' },
  { path: ['webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'], format: 'agentinstruct' },
  { path: ['fastchat-sharegpt', 'dummy_conversation.json'], format: 'sharegpt' },
  { path: ['sharegpt-real-dialogstudio', 'original_example.json'], format: 'sharegpt' },
  { path: ['sharegpt-firstturn-mlenergy', 'ShareGPT_V3_filtered_500.json'], format: 'sharegpt' },
  { path: ['llamafactory-formats', 'glaive_toolcall_en_demo.json'], format: 'sharegpt' },
  { path: ['llamafactory-formats', 'v1_sft_demo.jsonl'], format: 'llamafactory-messages' },
  { path: ['fireact-trajectories', 'hotpotqa.jsonl'], format: 'openai' },
  { path: ['eto-sample', 'sample_raw.json'], format: 'sharegpt' },
];

/** The parsed records of a JSON array or JSONL file (these fixtures are small enough to parse whole). */
function parseFile(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.jsonl')) return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  return JSON.parse(text) as unknown[];
}

/** Every real conversation, read with the project's readers, labelled `<file>#<ordinal>`. */
export function realConversations(): { label: string; conversation: Conversation; format: FormatName }[] {
  return REAL_CONVERSATION_FILES.flatMap(({ path, format }) =>
    parseFile(dataFile(...path)).map((record, ordinal) => {
      const read = getFormat(format).read(record);
      if (!read.ok) throw new Error(`${path.join('/')} #${ordinal}: ${read.message}`);
      return { label: `${path.at(-1)}#${ordinal}`, conversation: read.conversation, format };
    }),
  );
}
