/**
 * JSON in the style of Python's `json.dumps` defaults: `", "` and `": "` separators, and every
 * non-ASCII character escaped as `\uXXXX` (`ensure_ascii=True`), which is how glaive and
 * LLaMA-Factory data were written (their `function_call` values and `tools` columns).
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

/** True when `text` parses as JSON. */
export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
