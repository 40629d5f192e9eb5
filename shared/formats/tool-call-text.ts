import type { ToolCall } from '../schema/conversation';
import { toolCallsText } from '../schema/turn-text';
import { pythonJson } from '../text/python-json';
import { isRecord } from './json-value';

/**
 * Tool calls written as text, as LLaMA-Factory writes the value of a ShareGPT `function_call` turn
 * (`{"name": ..., "arguments": ...}` in Python's `json.dumps` style, or a JSON array of such
 * objects for parallel calls), and read back into {@link ToolCall}s. The text form itself lives in
 * shared/schema/turn-text.ts, since measuring code reads calls that way too.
 */
export { pythonJson } from '../text/python-json';
export { toolCallsText } from '../schema/turn-text';

/** One call as a format carries it: a function name and its arguments (a JSON string, or an object in some datasets). */
export interface ToolCallParts {
  name: string;
  arguments: unknown;
}

/** The arguments of a call as JSON text: a string as written, anything else in Python's `json.dumps` style. */
export function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : pythonJson(value);
}

/**
 * The calls a text holds, with each `arguments` as JSON text, or null when the text is not exactly
 * what {@link toolCallsText} writes. A single call keeps its arguments byte for byte.
 */
export function parseToolCallsText(text: string): { name: string; arguments: string }[] | null {
  const parsed = callObjects(text);
  if (parsed === null) return null;
  const calls = parsed.items.map((item) => ({ name: item.name, arguments: argumentsText(item.arguments) }));
  if (parsed.items.length === 1 && !parsed.array) {
    // A single call keeps its arguments byte for byte: they are what lies between the fixed prefix and the final brace.
    const prefix = `{"name": ${pythonJson(calls[0].name)}, "arguments": `;
    if (typeof parsed.items[0].arguments !== 'string' && text.startsWith(prefix) && text.endsWith('}')) {
      calls[0].arguments = text.slice(prefix.length, -1);
    }
  }
  return toolCallsText(calls) === text ? calls : null;
}

/**
 * The calls in a `function_call` value or a `tool_call` content part: the exact form when the text
 * is in it ({@link parseToolCallsText}), else any JSON object (or array of objects) with a string
 * `name` and an `arguments` (or `parameters`) member; null when the text is none of these.
 */
export function toolCallsOfText(text: string): ToolCall[] | null {
  const exact = parseToolCallsText(text);
  if (exact !== null) return exact;
  const parsed = callObjects(text);
  if (parsed === null) return null;
  return parsed.items.map((item) => ({ name: item.name, arguments: argumentsText(item.arguments) }));
}

function callObjects(text: string): { items: ToolCallParts[]; array: boolean } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) return null;
  const calls: ToolCallParts[] = [];
  for (const item of items) {
    if (!isRecord(item) || typeof item.name !== 'string') return null;
    if ('arguments' in item) calls.push({ name: item.name, arguments: item.arguments });
    else if ('parameters' in item) calls.push({ name: item.name, arguments: item.parameters });
    else return null;
  }
  return { items: calls, array: Array.isArray(parsed) };
}

/**
 * A call in OpenHands' text syntax (ADP's SFT form writes every action this way):
 * `<function=NAME>` then `<parameter=KEY>VALUE</parameter>` lines, then `</function>`, after any
 * prose. Gives the prose before it and the call (arguments as a JSON object of the parameter
 * values, each without the line break that opens and closes it), or null when the text does not end
 * with exactly one such call.
 */
export function openHandsCallOf(text: string): { text: string; calls: ToolCall[] } | null {
  const open = text.lastIndexOf('<function=');
  if (open < 0) return null;
  const nameEnd = text.indexOf('>', open);
  const close = text.lastIndexOf('</function>');
  if (nameEnd < 0 || close < nameEnd || text.slice(close + '</function>'.length).trim() !== '' || text.indexOf('<function=') !== open) return null;
  const name = text.slice(open + '<function='.length, nameEnd);
  if (name === '' || /[\s<]/.test(name)) return null;
  const body = text.slice(nameEnd + 1, close);
  const parameters: Record<string, string> = {};
  const pattern = /<parameter=([^>\s]+)>([\s\S]*?)<\/parameter>/g;
  let rest = body;
  for (let match = pattern.exec(body); match !== null; match = pattern.exec(body)) {
    parameters[match[1]] = match[2].replace(/^\n/, '').replace(/\n$/, '');
    rest = rest.replace(match[0], '');
  }
  if (rest.trim() !== '') return null;
  return { text: text.slice(0, open).trimEnd(), calls: [{ name, arguments: pythonJson(parameters) }] };
}
