/**
 * `agentinstruct`: the native AgentInstruct form, `{id, conversations: [{from: human|gpt, value,
 * loss}]}` with a `loss` on every turn (null on human turns). It has two roles, so the record's
 * system prompt goes before the first human turn with a blank line, tool calls and reasoning are
 * written into the gpt text, and tool results are human turns, as AgentInstruct gives environment
 * feedback (conversions.ts). A record read from AgentInstruct that needs none of this is written as
 * it was read, with all its fields.
 */
import type { Conversation } from '../../schema/conversation';
import type { ExportFormatSpec, ExportWrite, WriteOptions } from '../format-spec';
import { addConversion } from '../conversions';
import { exportTools } from '../export-turns';
import { shapeAlternating, shapedMessages } from '../shape';
import { FROM_NAMES, FROM_VALUE_DATASET_INFO, fromValueAxolotl } from './from-value';

function write(conversation: Conversation, options: WriteOptions): ExportWrite {
  const shaped = shapeAlternating(conversation, { system: 'first-user', observations: false, functionCalls: false, dropTrailingUser: true });
  if (!shaped.ok) return shaped;
  addConversion(shaped.conversions, 'tools-dropped', exportTools(conversation).length > 0 ? 1 : 0);
  const unchanged = options.sourceFormat === 'agentinstruct' && Object.keys(shaped.conversions).length === 0;
  const value = unchanged
    ? conversation.raw
    : {
        id: conversation.id ?? options.key,
        conversations: shaped.messages.map((message) => ({ from: FROM_NAMES[message.kind], value: message.text, loss: message.side === 'user' ? null : message.loss })),
      };
  return { ok: true, value, messages: shapedMessages(shaped, FROM_NAMES), conversions: shaped.conversions, hasSystem: false, hasTools: false };
}

/** `agentinstruct`: one JSON array. */
export const AGENTINSTRUCT: ExportFormatSpec = {
  summary: 'the native AgentInstruct form (human/gpt with loss on every turn; system prompt, tool calls and results as text), one JSON array',
  container: 'json-array',
  write,
  consumers: [
    { name: 'Axolotl (the snippet)', trains: 'flags' },
    { name: 'FastChat', trains: 'assistant', keep: 'tokenized' },
    { name: 'LLaMA-Factory (dataset_info.json)', trains: 'assistant', keep: 'llamafactory-messages' },
  ],
  llamaFactory: FROM_VALUE_DATASET_INFO,
  axolotl: fromValueAxolotl(true),
};
