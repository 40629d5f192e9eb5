/**
 * `llamafactory-messages`: LLaMA-Factory's v1 messages, `{messages: [{role, content: [{type, value}],
 * loss_weight}], tools?}`, the only LLaMA-Factory form that trains by a per-message weight. Roles are
 * system (first only: several leading system turns are joined, a later one is a user message), user,
 * assistant and tool; an assistant's parts are its reasoning (`reasoning`), its text (`text`) and one
 * `tool_call` part per call, `{"name", "arguments"}` with the arguments as a JSON object (a call
 * whose arguments are not one is written as text); `loss_weight` is 1 on assistant messages that
 * train and 0 elsewhere; `tools` is a JSON string. Its dataset config is a v1 YAML file.
 */
import type { Conversation } from '../../schema/conversation';
import { addConversion, type ConversionCounts } from '../conversions';
import type { ExportFormatSpec, ExportWrite, WriteOptions, WrittenMessage } from '../format-spec';
import { callsText, exportTools, exportTurns, flatText, isEmptyTurn, type ExportCall } from '../export-turns';

/** The arguments as a JSON object, or null when they are not one. */
function argumentsObject(call: ExportCall): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(call.arguments);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The content parts of an assistant turn. */
function assistantParts(reasoning: string, text: string, calls: readonly ExportCall[], conversions: ConversionCounts): { type: string; value: string }[] {
  const parts: { type: string; value: string }[] = [];
  if (reasoning !== '') parts.push({ type: 'reasoning', value: reasoning });
  const asText = calls.filter((call) => argumentsObject(call) === null);
  const textValue = [text, asText.length > 0 ? callsText(asText) : ''].filter((part) => part !== '').join('\n');
  if (asText.length > 0) addConversion(conversions, 'tool-call-arguments-as-text');
  if (textValue !== '') parts.push({ type: 'text', value: textValue });
  for (const call of calls) {
    const args = argumentsObject(call);
    // One call as LLaMA-Factory writes a function_call value: the arguments' JSON text kept as the source wrote it.
    if (args !== null) parts.push({ type: 'tool_call', value: callsText([call]) });
  }
  return parts;
}

function write(conversation: Conversation, _options: WriteOptions): ExportWrite {
  const conversions: ConversionCounts = {};
  const all = exportTurns(conversation);
  const turns = all.filter((turn) => !isEmptyTurn(turn));
  addConversion(conversions, 'empty-turns-dropped', all.length - turns.length);
  if (!turns.some((turn) => turn.role === 'assistant')) return { ok: false, message: 'the record has no assistant turn to train' };
  const messages: Record<string, unknown>[] = [];
  const written: WrittenMessage[] = [];
  let leading = 0;
  while (leading < turns.length && turns[leading].role === 'system') leading++;
  if (leading > 0) {
    messages.push({ role: 'system', content: [{ type: 'text', value: turns.slice(0, leading).map((turn) => turn.text).join('\n\n') }], loss_weight: 0 });
    written.push({ side: 'system', role: 'system', text: turns.slice(0, leading).map((turn) => turn.text).join('\n\n'), trains: false, sources: turns.slice(0, leading).map((turn) => turn.index) });
    addConversion(conversions, 'system-merged', leading > 1 ? leading : 0);
  }
  for (const turn of turns.slice(leading)) {
    if (turn.role === 'assistant') {
      messages.push({ role: 'assistant', content: assistantParts(turn.reasoning, turn.text, turn.calls, conversions), loss_weight: turn.trains ? 1 : 0 });
      written.push({ side: 'assistant', role: 'assistant', text: flatText(turn), trains: turn.trains, sources: [turn.index] });
      continue;
    }
    if (turn.role === 'system') addConversion(conversions, 'system-later-as-user');
    messages.push({ role: turn.role === 'tool' ? 'tool' : 'user', content: [{ type: 'text', value: turn.text }], loss_weight: 0 });
    written.push({ side: 'user', role: turn.role === 'tool' ? 'tool' : 'user', text: turn.text, trains: false, sources: [turn.index] });
  }
  const tools = exportTools(conversation);
  const record: Record<string, unknown> = { messages };
  if (tools.length > 0) record.tools = JSON.stringify(tools);
  return { ok: true, value: record, messages: written, conversions, hasSystem: leading > 0, hasTools: tools.length > 0 };
}

/** `llamafactory-messages`: JSONL. */
export const LLAMAFACTORY_MESSAGES: ExportFormatSpec = {
  summary: "LLaMA-Factory's v1 messages ({type, value} parts, tool_call parts, loss_weight per message), JSONL",
  container: 'jsonl',
  write,
  consumers: [{ name: 'LLaMA-Factory v1 (the dataset YAML)', trains: 'flags' }],
  llamaFactory: { kind: 'v1-yaml', entry: (fileName) => ({ path: fileName, source: 'local' }) },
  axolotl: { none: "Axolotl's chat templates do not read {type, value} content parts: export openai or agentinstruct for Axolotl" },
};
