import type { z } from 'zod';
import { valuesAt } from './field-path';
import { isRecord } from './json-value';
import type { Mapping, mappingTags } from './mapping-schema';
import type { FormatName, ReadContext, ReadResult } from './types';

/**
 * Mappings (docs/formats.md, "Mappings"): a source whose records no reader knows is read through a
 * mapping, the way LLaMA-Factory's `dataset_info.json` describes a dataset. `formatting` says which
 * layout the record follows (Alpaca pairs, ShareGPT-like turns, OpenAI-like messages), `columns`
 * which field holds each part (a field path: docs/formats.md, "Field paths") and `tags` which
 * key and value names the turns use. The mapped record is rewritten into our `alpaca` or
 * `sharegpt` form (`openai` is, as in LLaMA-Factory, ShareGPT-like turns with OpenAI's names) and
 * read by that reader, so it is that format from then on: its raw record, edits and same-format
 * export are the rewritten record.
 */

/** The format a mapping's records are rewritten into (and read as). */
export function mappedFormat(mapping: Mapping): FormatName {
  return mapping.formatting === 'alpaca' ? 'alpaca' : 'sharegpt';
}

type Tags = Required<z.output<typeof mappingTags>>;

/** LLaMA-Factory's defaults for ShareGPT tags; OpenAI's role names for `openai`. */
const DEFAULT_TAGS: Record<'sharegpt' | 'openai', Tags> = {
  sharegpt: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', observation_tag: 'observation', function_tag: 'function_call', system_tag: 'system' },
  openai: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', observation_tag: 'tool', function_tag: 'function_call', system_tag: 'system' },
};

/** The ShareGPT role name each tag becomes. */
const SHAREGPT_NAMES: Record<keyof Omit<Tags, 'role_tag' | 'content_tag'>, string> = {
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

/** The one value a column's path reaches, or undefined (none; several are an error of the caller's making, reported). */
function columnValue(record: Record<string, unknown>, path: string | undefined): { value?: unknown; error?: string } {
  if (path === undefined) return {};
  const values = valuesAt(record, path);
  if (values.length > 1) return { error: `the column "${path}" reaches ${values.length} values; a column names one field` };
  return values.length === 1 ? { value: values[0] } : {};
}

/** The record's own fields that no column names (top-level keys only), kept beside the rewritten ones. */
function otherFields(record: Record<string, unknown>, columns: readonly (string | undefined)[]): Record<string, unknown> {
  const used = new Set(columns.filter((path): path is string => path !== undefined).map((path) => path.split(/[.[]/)[0]));
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!used.has(key)) rest[key] = value;
  return rest;
}

/** Rewrites a record through the mapping into its layout's own form, or says which column or turn does not fit. */
export function applyMapping(value: unknown, mapping: Mapping): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (!isRecord(value)) return { ok: false, message: `mapping (${mapping.formatting}): expected an object; found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  return mapping.formatting === 'alpaca' ? mapAlpaca(value, mapping) : mapTurns(value, mapping, mapping.formatting);
}

function mapAlpaca(record: Record<string, unknown>, mapping: Mapping): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const columns = { prompt: 'instruction', query: 'input', response: 'output', ...definedOnly(mapping.columns) };
  const out = otherFields(record, [columns.prompt, columns.query, columns.response, columns.system, columns.history, columns.id]);
  const parts: [string, string | undefined, boolean][] = [
    ['instruction', columns.prompt, true],
    ['input', columns.query, false],
    ['output', columns.response, true],
    ['system', columns.system, false],
    ['history', columns.history, false],
    ['id', columns.id, false],
  ];
  for (const [target, path, required] of parts) {
    const found = columnValue(record, path);
    if (found.error !== undefined) return { ok: false, message: `mapping column ${target}: ${found.error}` };
    if (found.value === undefined) {
      if (required) return { ok: false, message: `mapping column ${target === 'instruction' ? 'prompt' : 'response'} "${path}": the record has no such field` };
      continue;
    }
    out[target] = found.value;
  }
  return { ok: true, value: out };
}

function mapTurns(record: Record<string, unknown>, mapping: Mapping, layout: 'sharegpt' | 'openai'): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const columns = { messages: layout === 'sharegpt' ? 'conversations' : 'messages', ...definedOnly(mapping.columns) };
  const tags: Tags = { ...DEFAULT_TAGS[layout], ...definedOnly(mapping.tags) };
  const found = columnValue(record, columns.messages);
  if (found.error !== undefined) return { ok: false, message: `mapping column messages: ${found.error}` };
  if (!Array.isArray(found.value)) return { ok: false, message: `mapping column messages "${columns.messages}": expected a list of turns; found ${found.value === undefined ? 'no such field' : typeof found.value}` };
  const roles = new Map<unknown, string>();
  for (const [tag, target] of Object.entries(SHAREGPT_NAMES)) roles.set(tags[tag as keyof Tags], target);
  const turns: Record<string, unknown>[] = [];
  for (const [index, turn] of (found.value as unknown[]).entries()) {
    if (!isRecord(turn)) return { ok: false, message: `${columns.messages}[${index}]: expected a turn (an object); found ${Array.isArray(turn) ? 'an array' : typeof turn}` };
    const role = roles.get(turn[tags.role_tag]);
    if (role === undefined) {
      const names = [...roles.keys()].map((name) => JSON.stringify(name)).join(', ');
      return { ok: false, message: `${columns.messages}[${index}].${tags.role_tag}: expected one of the mapping's tags ${names}; found ${JSON.stringify(turn[tags.role_tag]) ?? 'nothing'}` };
    }
    const rest: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(turn)) if (key !== tags.role_tag && key !== tags.content_tag) rest[key] = item;
    const content = turn[tags.content_tag];
    turns.push({ ...rest, from: role, value: content });
  }
  const out = otherFields(record, [columns.messages, columns.system, columns.tools, columns.id]);
  out.conversations = turns;
  for (const [target, path] of [['system', columns.system], ['tools', columns.tools], ['id', columns.id]] as const) {
    const part = columnValue(record, path);
    if (part.error !== undefined) return { ok: false, message: `mapping column ${target}: ${part.error}` };
    if (part.value !== undefined) out[target] = part.value;
  }
  return { ok: true, value: out };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/**
 * Reads a record through the context's mapping with the reader `read` (the mapped format's), so the
 * conversation's raw record is the rewritten one; without a mapping, reads it as it is.
 */
export function readMapped(read: (value: unknown, context?: ReadContext) => ReadResult, value: unknown, context: ReadContext | undefined): ReadResult {
  const mapping = context?.mapping;
  if (mapping === undefined || mapping === null) return read(value, context);
  const mapped = applyMapping(value, mapping);
  if (!mapped.ok) return mapped;
  const result = read(mapped.value, context);
  return result.ok ? result : { ok: false, message: `${result.message} (after the mapping)` };
}
