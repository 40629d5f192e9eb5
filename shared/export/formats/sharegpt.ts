/**
 * `sharegpt` and `sharegpt-jsonl`: LLaMA-Factory's sharegpt form (data/README.md): `{id,
 * conversations: [{from, value, loss?}], system?, tools?}` with the roles human, gpt,
 * function_call and observation alternating from a human turn, the system prompt in the `system`
 * column and the tool definitions in the `tools` column as a JSON string of `[{name, description,
 * parameters}]`. An assistant turn that only calls tools is a `function_call` (one call, or a JSON
 * array of parallel calls); tool results alone are an `observation`. Loss flags stay on the turns
 * that carry them, for Axolotl; LLaMA-Factory's sharegpt loader does not read them.
 */
import type { Conversation } from '../../schema/conversation';
import type { ExportFormatSpec, ExportWrite, WriteOptions } from '../format-spec';
import { exportTools } from '../export-turns';
import { shapeAlternating, shapedMessages } from '../shape';
import { FROM_NAMES, FROM_VALUE_DATASET_INFO, fromValueAxolotl } from './from-value';

function write(conversation: Conversation, options: WriteOptions): ExportWrite {
  const shaped = shapeAlternating(conversation, { system: 'slot', observations: true, functionCalls: true, dropTrailingUser: true });
  if (!shaped.ok) return shaped;
  const tools = exportTools(conversation);
  const record: Record<string, unknown> = { id: conversation.id ?? options.key };
  if (shaped.system !== null) record.system = shaped.system;
  if (tools.length > 0) record.tools = JSON.stringify(tools);
  record.conversations = shaped.messages.map((message) => {
    const turn: Record<string, unknown> = { from: FROM_NAMES[message.kind], value: message.text };
    if (message.loss !== null) turn.loss = message.loss;
    return turn;
  });
  return { ok: true, value: record, messages: shapedMessages(shaped, FROM_NAMES), conversions: shaped.conversions, hasSystem: shaped.system !== null, hasTools: tools.length > 0 };
}

const CONSUMERS = [
  { name: 'LLaMA-Factory (dataset_info.json)', trains: 'assistant', keep: 'llamafactory-messages' },
  { name: 'Axolotl (the snippet)', trains: 'flags' },
] as const;

/** `sharegpt`: one JSON array. */
export const SHAREGPT: ExportFormatSpec = {
  summary: "LLaMA-Factory's sharegpt (human/gpt/function_call/observation, system and tools columns), one JSON array",
  container: 'json-array',
  write,
  consumers: CONSUMERS,
  llamaFactory: FROM_VALUE_DATASET_INFO,
  axolotl: fromValueAxolotl(true),
};

/** `sharegpt-jsonl`: the same records, one per line. */
export const SHAREGPT_JSONL: ExportFormatSpec = { ...SHAREGPT, summary: 'the sharegpt records, one per line (JSONL)', container: 'jsonl' };
