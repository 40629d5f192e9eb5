/**
 * `fastchat`: what FastChat's trainer takes (`train.py`, `train_with_template.py`): `{id,
 * conversations: [{from, value}], system?}` with only `human` and `gpt`, alternating from a human
 * turn. Tool calls and reasoning are written into the assistant's text and tool results are human
 * turns (conversions.ts); the system prompt is the `system` field, which `train_with_template.py`
 * gives the model's conversation template (`train.py`'s Vicuna template keeps its own). FastChat
 * trains every gpt turn: loss flags are not written.
 */
import type { Conversation } from '../../schema/conversation';
import type { ExportFormatSpec, ExportWrite, WriteOptions } from '../format-spec';
import { addConversion } from '../conversions';
import { exportTools } from '../export-turns';
import { shapeAlternating, shapedMessages } from '../shape';
import { FROM_NAMES, FROM_VALUE_DATASET_INFO, fromValueAxolotl } from './from-value';

function write(conversation: Conversation, options: WriteOptions): ExportWrite {
  const shaped = shapeAlternating(conversation, { system: 'slot', observations: false, functionCalls: false, dropTrailingUser: true });
  if (!shaped.ok) return shaped;
  const tools = exportTools(conversation);
  addConversion(shaped.conversions, 'tools-dropped', tools.length > 0 ? 1 : 0);
  const record: Record<string, unknown> = { id: conversation.id ?? options.key };
  if (shaped.system !== null) record.system = shaped.system;
  record.conversations = shaped.messages.map((message) => ({ from: FROM_NAMES[message.kind], value: message.text }));
  return { ok: true, value: record, messages: shapedMessages(shaped, FROM_NAMES, false), conversions: shaped.conversions, hasSystem: shaped.system !== null, hasTools: false };
}

/** `fastchat`: one JSON array, as FastChat's `--data_path` reads it. */
export const FASTCHAT: ExportFormatSpec = {
  summary: "FastChat's trainer data (human/gpt alternating, tools as text, the system field), one JSON array",
  container: 'json-array',
  write,
  consumers: [
    { name: 'FastChat', trains: 'assistant', keep: 'tokenized' },
    { name: 'LLaMA-Factory (dataset_info.json)', trains: 'assistant', keep: 'llamafactory-messages' },
  ],
  llamaFactory: FROM_VALUE_DATASET_INFO,
  axolotl: fromValueAxolotl(false),
};
