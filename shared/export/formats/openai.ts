/**
 * `openai`: OpenAI's chat fine-tuning JSONL, `{messages, tools?}` and nothing else. Contents are
 * strings; an assistant turn's calls are `tool_calls` (`{id, type: "function", function: {name,
 * arguments}}`, the source's ids where it has them and unique, else `call_<turn>_<n>`) and its
 * reasoning goes before its text; a tool result is a `tool` message naming the call it answers (by
 * the source's id, else the next unanswered call of the latest tool-call message), or a user message
 * when it answers none; `weight` (0 or 1) is on assistant messages whose turn carries a loss flag;
 * the tool definitions are `tools: [{type: "function", function}]`. Empty turns are left out, and a
 * record without an assistant turn is refused (OpenAI requires one).
 */
import type { Conversation } from '../../schema/conversation';
import { addConversion, type ConversionCounts } from '../conversions';
import type { ExportFormatSpec, ExportWrite, WriteOptions, WrittenMessage } from '../format-spec';
import { linkToolCalls } from '../../schema/tool-links';
import { isJsonText } from '../../text/python-json';
import { callsText, exportTools, exportTurns, flatText, isEmptyTurn, type ExportTurn } from '../export-turns';
import { yamlString } from './yaml';

/** The ids written for the calls of each turn, by `turn:call` (only calls written as tool_calls). */
type CallIds = Map<string, string>;

/** The assistant message of a turn; the ids it gives its calls are recorded in `ids`. */
function assistantMessage(turn: ExportTurn, used: Set<string>, ids: CallIds, conversions: ConversionCounts): Record<string, unknown> {
  const texts = [turn.reasoning, turn.text];
  if (turn.reasoning !== '') addConversion(conversions, 'reasoning-as-text');
  const asText = turn.calls.filter((call) => !isJsonText(call.arguments));
  if (asText.length > 0) {
    texts.push(callsText(asText));
    addConversion(conversions, 'tool-call-arguments-as-text');
  }
  const message: Record<string, unknown> = { role: 'assistant' };
  const content = texts.filter((text) => text !== '').join('\n');
  const calls: Record<string, unknown>[] = [];
  let made = false;
  for (const [position, call] of turn.calls.entries()) {
    if (!isJsonText(call.arguments)) continue;
    let id = call.id;
    if (id === undefined || id === '' || used.has(id)) {
      id = `call_${turn.index}_${position}`;
      made = true;
    }
    used.add(id);
    ids.set(`${turn.index}:${position}`, id);
    calls.push({ id, type: 'function', function: { name: call.name, arguments: call.arguments } });
  }
  if (made) addConversion(conversions, 'tool-call-ids-made');
  if (content !== '' || calls.length === 0) message.content = content;
  if (calls.length > 0) message.tool_calls = calls;
  if (turn.loss !== null) message.weight = turn.trains ? 1 : 0;
  return message;
}

function write(conversation: Conversation, _options: WriteOptions): ExportWrite {
  const conversions: ConversionCounts = {};
  const all = exportTurns(conversation);
  const turns = all.filter((turn) => !isEmptyTurn(turn));
  addConversion(conversions, 'empty-turns-dropped', all.length - turns.length);
  if (!turns.some((turn) => turn.role === 'assistant')) return { ok: false, message: 'the record has no assistant turn (OpenAI requires one in every example)' };
  // Which call each tool result answers: by the id it names, else by position (shared/schema/tool-links.ts).
  const links = linkToolCalls(conversation.turns);
  const used = new Set<string>();
  const ids: CallIds = new Map();
  const answered = new Set<string>();
  const messages: Record<string, unknown>[] = [];
  const written: WrittenMessage[] = [];
  for (const turn of turns) {
    if (turn.role === 'assistant') {
      messages.push(assistantMessage(turn, used, ids, conversions));
      written.push({ side: 'assistant', role: 'assistant', text: flatText(turn), trains: turn.trains, sources: [turn.index] });
      continue;
    }
    if (turn.role === 'tool') {
      const link = links.callOf[turn.index];
      const id = link === null ? undefined : ids.get(`${link.turn}:${link.call}`);
      if (id !== undefined && !answered.has(id)) {
        answered.add(id);
        messages.push({ role: 'tool', tool_call_id: id, content: turn.text });
        written.push({ side: 'user', role: 'tool', text: turn.text, trains: false, sources: [turn.index] });
        continue;
      }
      addConversion(conversions, 'tool-result-as-user-message');
    }
    const role = turn.role === 'system' ? 'system' : 'user';
    messages.push({ role, content: turn.text });
    written.push({ side: role, role, text: turn.text, trains: false, sources: [turn.index] });
  }
  const tools = exportTools(conversation);
  const record: Record<string, unknown> = { messages };
  if (tools.length > 0) record.tools = tools.map((tool) => ({ type: 'function', function: tool }));
  return { ok: true, value: record, messages: written, conversions, hasSystem: turns[0].role === 'system', hasTools: tools.length > 0 };
}

/** `openai`: JSONL. */
export const OPENAI: ExportFormatSpec = {
  summary: "OpenAI's chat fine-tuning JSONL (string content, tool_calls with ids, tool messages, weight 0/1, top-level tools)",
  container: 'jsonl',
  write,
  consumers: [
    { name: 'OpenAI fine-tuning', trains: 'flags' },
    { name: 'Axolotl (the snippet)', trains: 'flags' },
    { name: 'TRL (conversational)', trains: 'everything', keep: 'tokenized' },
  ],
  llamaFactory: { none: "LLaMA-Factory's sharegpt loader reads neither tool_calls nor a tools list: export sharegpt, or llamafactory-messages to keep the loss flags" },
  axolotl: (path) => [
    `  - path: ${yamlString(path)}`,
    '    ds_type: json',
    '    type: chat_template',
    '    field_messages: messages',
    '    message_property_mappings:',
    '      role: role',
    '      content: content',
    '    roles_to_train: ["assistant"]',
    '    message_field_training: weight',
    '    train_on_eos: turn',
  ],
};
