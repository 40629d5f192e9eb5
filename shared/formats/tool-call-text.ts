import { isRecord } from './json-value';

/**
 * How a tool call becomes turn text and back. The text is the call as LLaMA-Factory writes the value
 * of a ShareGPT `function_call` turn (data/glaive_toolcall_en_demo.json): `{"name": ..., "arguments":
 * ...}` in Python's `json.dumps` style, or a JSON array of such objects for parallel calls. Using one
 * text for both formats is what lets a tool call cross from ShareGPT to OpenAI and back unchanged.
 */

/** One call as OpenAI carries it: a function name and its arguments (a JSON string, or an object in some datasets). */
export interface ToolCallParts {
  name: string;
  arguments: unknown;
}

/**
 * JSON in the style of Python's `json.dumps` defaults: `", "` and `": "` separators, and every
 * non-ASCII character escaped as `\uXXXX` (`ensure_ascii=True`), which is how glaive and
 * LLaMA-Factory data were written.
 */
export function pythonJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u0080-\uffff]/g, escapeCharacter);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${pythonJson(key)}: ${pythonJson(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function escapeCharacter(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The text of one or more calls. Arguments given as a string that is valid JSON are kept verbatim
 * (byte for byte, so nothing is re-spaced); any other string is quoted; objects are written with
 * {@link pythonJson}.
 */
export function toolCallsText(calls: readonly ToolCallParts[]): string {
  const texts = calls.map((call) => `{"name": ${pythonJson(call.name)}, "arguments": ${argumentsText(call.arguments)}}`);
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
}

function argumentsText(value: unknown): string {
  if (typeof value !== 'string') return pythonJson(value);
  return isJson(value) ? value : pythonJson(value);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calls a text holds, with each `arguments` as the JSON string OpenAI expects, or null when the
 * text is not exactly what {@link toolCallsText} writes (then it is not turned into a structured
 * call, so that reading the result back always gives the same text).
 */
export function parseToolCallsText(text: string): { name: string; arguments: string }[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) return null;
  const calls: { name: string; arguments: string }[] = [];
  let single: unknown;
  for (const item of items) {
    if (!isRecord(item) || typeof item.name !== 'string' || !('arguments' in item)) return null;
    single = item.arguments;
    calls.push({ name: item.name, arguments: typeof single === 'string' ? single : pythonJson(single) });
  }
  if (items.length === 1 && !Array.isArray(parsed)) {
    // A single call keeps its arguments byte for byte: they are what lies between the fixed prefix and the final brace.
    const prefix = `{"name": ${pythonJson(calls[0].name)}, "arguments": `;
    if (typeof single !== 'string' && text.startsWith(prefix) && text.endsWith('}')) {
      calls[0].arguments = text.slice(prefix.length, -1);
    }
  }
  return toolCallsText(calls) === text ? calls : null;
}
