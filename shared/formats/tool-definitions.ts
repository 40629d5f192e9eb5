import type { ToolDefinition } from '../schema/conversation';
import { isRecord } from './json-value';

/**
 * The tool definitions a record gives its model, from the forms the formats use: OpenAI's array of
 * `{type: "function", function: {name, description, parameters}}`, LLaMA-Factory's `tools` column
 * (a JSON string of `[{name, description, parameters}]`), plain arrays of `{name, ...}` (BFCL's
 * `function`, Toucan's `available_tools` once parsed). Undefined when the value holds none; a
 * definition without a string name is skipped (the raw record keeps it).
 */
export function toolDefinitionsOf(value: unknown): ToolDefinition[] | undefined {
  let list = value;
  if (typeof list === 'string') {
    if (list.trim() === '') return undefined;
    try {
      list = JSON.parse(list);
    } catch {
      return undefined;
    }
  }
  if (isRecord(list)) list = [list];
  if (!Array.isArray(list)) return undefined;
  const tools: ToolDefinition[] = [];
  for (const item of list) {
    const definition = isRecord(item) && item.type === 'function' && isRecord(item.function) ? item.function : item;
    if (!isRecord(definition) || typeof definition.name !== 'string') continue;
    const tool: ToolDefinition = { name: definition.name };
    if (typeof definition.description === 'string') tool.description = definition.description;
    if (definition.parameters !== undefined) tool.parameters = definition.parameters;
    tools.push(tool);
  }
  return tools.length > 0 ? tools : undefined;
}
