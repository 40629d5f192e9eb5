/**
 * What the `{from, value}` formats (sharegpt, sharegpt-jsonl, fastchat, agentinstruct) share: their
 * role names, LLaMA-Factory's `dataset_info.json` entry for them and the Axolotl dataset lines.
 */
import type { ExportTraits, LlamaFactoryEntry } from '../format-spec';
import type { ShapedMessage } from '../shape';
import { yamlString } from './yaml';

/** The `from` name of each shaped message kind (LLaMA-Factory's sharegpt roles; FastChat and AgentInstruct use human and gpt only). */
export const FROM_NAMES: Record<ShapedMessage['kind'], string> = { user: 'human', observation: 'observation', assistant: 'gpt', call: 'function_call' };

/**
 * The LLaMA-Factory entry (data/README.md, "Sharegpt Format"): `formatting: sharegpt`, the messages
 * column, the `system` and `tools` columns when records have them, and every role tag (a `tags`
 * object unsets the tags it leaves out).
 */
export const FROM_VALUE_DATASET_INFO: LlamaFactoryEntry = {
  kind: 'json',
  entry(fileName: string, traits: ExportTraits) {
    const columns: Record<string, string> = { messages: 'conversations' };
    if (traits.hasSystem) columns.system = 'system';
    if (traits.hasTools) columns.tools = 'tools';
    return {
      file_name: fileName,
      formatting: 'sharegpt',
      columns,
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', observation_tag: 'observation', function_tag: 'function_call', system_tag: 'system' },
    };
  },
};

/**
 * Axolotl's `chat_template` lines for `{from, value}` records: the roles mapped to the template's,
 * the `system` and `tools` columns read from their default fields, and, when the records carry
 * `loss`, that field deciding each message (false masks, true trains, null follows roles_to_train).
 */
export function fromValueAxolotl(withLoss: boolean): (path: string) => string[] {
  return (path) => [
    `  - path: ${yamlString(path)}`,
    '    ds_type: json',
    '    type: chat_template',
    '    field_messages: conversations',
    '    message_property_mappings:',
    '      role: from',
    '      content: value',
    '    roles:',
    '      system: ["system"]',
    '      user: ["human"]',
    '      assistant: ["gpt", "function_call"]',
    '      tool: ["observation"]',
    '    roles_to_train: ["assistant"]',
    ...(withLoss ? ['    message_field_training: loss'] : []),
    '    train_on_eos: turn',
  ];
}
