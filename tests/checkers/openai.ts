/**
 * OpenAI's chat fine-tuning data format and its published format checks (docs/recipe.md, "Checking
 * what a trainer reads"): each line is an object holding `messages` (and optionally `tools` and
 * `parallel_tool_calls`, nothing else); every message has a known role (system, user, assistant,
 * tool) and only the keys its role allows; `content` is a string, with text unless the assistant
 * message carries `tool_calls`; `tool_calls` are `{id, type: "function", function: {name,
 * arguments}}` with unique ids and `arguments` a string holding JSON; a `tool` message answers an
 * earlier call by its `tool_call_id`; `weight` (0 or 1) appears on assistant messages only; every
 * example holds an assistant message; `tools` is a list of `{type: "function", function: {name, ...}}`.
 * An assistant message trains unless its weight is 0; no other message trains.
 */
import { isObject, parseJson, reject, type CheckedTurn, type RecordCheck } from './types';

const TOP_KEYS = new Set(['messages', 'tools', 'parallel_tool_calls']);
const MESSAGE_KEYS: Record<string, Set<string>> = {
  system: new Set(['role', 'content', 'name']),
  user: new Set(['role', 'content', 'name']),
  assistant: new Set(['role', 'content', 'name', 'tool_calls', 'weight']),
  tool: new Set(['role', 'content', 'tool_call_id']),
};

/** Checks the tool definitions. */
function checkTools(tools: unknown, reasons: string[]): void {
  if (!Array.isArray(tools)) {
    reasons.push('`tools` is not a list');
    return;
  }
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function) || typeof tool.function.name !== 'string') {
      reasons.push(`tools[${index}] is not {type: "function", function: {name, ...}}`);
    } else if (tool.function.parameters !== undefined && !isObject(tool.function.parameters)) {
      reasons.push(`tools[${index}].function.parameters is not a JSON Schema object`);
    }
  }
}

/** The text of a tool call as the chat renders it, for the turn list. */
function callText(name: string, args: string): string {
  return `${name}(${args})`;
}

/** Checks one line of an OpenAI fine-tuning file. */
export function checkOpenAiRecord(value: unknown): RecordCheck {
  if (!isObject(value)) return reject('data_type: a line must be a JSON object');
  const reasons: string[] = [];
  for (const key of Object.keys(value)) if (!TOP_KEYS.has(key)) reasons.push(`unrecognized top-level key ${JSON.stringify(key)}`);
  const messages = value.messages;
  if (!Array.isArray(messages) || messages.length === 0) return reject(...reasons, 'missing_messages_list');
  if (value.tools !== undefined) checkTools(value.tools, reasons);
  const calls = new Set<string>();
  const answered = new Set<string>();
  const turns: CheckedTurn[] = [];
  for (const [index, message] of messages.entries()) {
    const where = `messages[${index}]`;
    if (!isObject(message)) {
      reasons.push(`${where}: not an object`);
      continue;
    }
    const role = message.role;
    const allowed = typeof role === 'string' ? MESSAGE_KEYS[role] : undefined;
    if (allowed === undefined) {
      reasons.push(`${where}: unrecognized_role ${JSON.stringify(role)}`);
      continue;
    }
    for (const key of Object.keys(message)) if (!allowed.has(key)) reasons.push(`${where}: message_unrecognized_key ${JSON.stringify(key)} on a ${String(role)} message`);
    const toolCalls = message.tool_calls;
    const hasCalls = Array.isArray(toolCalls) && toolCalls.length > 0;
    const content = message.content;
    if (content !== undefined && typeof content !== 'string') reasons.push(`${where}: missing_content (content is ${content === null ? 'null' : Array.isArray(content) ? 'a list' : typeof content}, not a string)`);
    else if ((content === undefined || content === '') && !hasCalls) reasons.push(`${where}: missing_content`);
    const texts = typeof content === 'string' && content !== '' ? [content] : [];
    if (toolCalls !== undefined) {
      if (!Array.isArray(toolCalls) || toolCalls.length === 0) reasons.push(`${where}: tool_calls is not a non-empty list`);
      else {
        for (const [callIndex, call] of toolCalls.entries()) {
          const at = `${where}.tool_calls[${callIndex}]`;
          if (!isObject(call) || typeof call.id !== 'string' || call.id === '' || call.type !== 'function' || !isObject(call.function)) {
            reasons.push(`${at}: expected {id, type: "function", function}`);
            continue;
          }
          if (calls.has(call.id)) reasons.push(`${at}: the id ${call.id} is used twice`);
          calls.add(call.id);
          const { name, arguments: args } = call.function;
          if (typeof name !== 'string' || name === '') reasons.push(`${at}.function.name is not a string`);
          if (typeof args !== 'string') reasons.push(`${at}.function.arguments is not a string`);
          else if (!parseJson(args).ok) reasons.push(`${at}.function.arguments is not JSON`);
          texts.push(callText(String(name), String(args)));
        }
      }
    }
    if (role === 'tool') {
      const id = message.tool_call_id;
      if (typeof id !== 'string' || !calls.has(id)) reasons.push(`${where}: tool_call_id ${JSON.stringify(id)} answers no earlier tool call`);
      else if (answered.has(id)) reasons.push(`${where}: the call ${id} is answered twice`);
      else answered.add(id);
    }
    const weight = message.weight;
    if (weight !== undefined && weight !== 0 && weight !== 1) reasons.push(`${where}: weight must be 0 or 1`);
    turns.push({ role: String(role), text: texts.join('\n'), trained: role === 'assistant' && weight !== 0 });
  }
  if (!turns.some((turn) => turn.role === 'assistant')) reasons.push('example_missing_assistant_message');
  return reasons.length > 0 ? reject(...reasons) : { ok: true, turns, notes: [] };
}
