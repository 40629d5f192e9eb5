/**
 * LLaMA-Factory, as its `data/README.md` and dataset loading document it (docs/recipe.md, "Checking
 * what a trainer reads").
 *
 * The `dataset_info.json` entry (`checkDatasetInfoEntry`): `file_name`, `formatting` (`alpaca` or
 * `sharegpt`; default alpaca), `columns` and `tags`. When `columns` is given, every column it leaves
 * out is unset (so `messages` must be named); when `tags` is given, every tag it leaves out is unset.
 *
 * A `sharegpt` record (`checkShareGptRecord`): the messages column is a list; a first message with
 * the system tag becomes the system prompt (it wins over the `system` column); the others must
 * alternate, user or observation tags at even positions and assistant or function tags at odd ones
 * ("Invalid role tag"), and their number must be even ("Invalid message count"): such records are
 * skipped. Contents are strings (the template joins them into text); the `system` column is a string;
 * the `tools` column is a JSON string of a list of tool definitions (it is `json.loads`-ed); a
 * function-call message is JSON, one call or a list of calls, each with `name` and `arguments`. Every
 * message at an odd position trains (assistant and function messages); per-message loss flags are
 * not read.
 *
 * A v1 record (`checkV1Record`, LLaMA-Factory's v1 data engine, `messages` with `loss_weight`): roles
 * system, user, assistant, tool; content is a list of `{type, value}` parts, `text` anywhere and
 * `reasoning` and `tool_call` (one JSON `{name, arguments}` call each) in assistant messages only;
 * `loss_weight` is a number (default 1.0 on assistant messages, 0.0 elsewhere) and a message trains
 * when it is above 0; `tools` is a JSON string of a list. Its dataset config is a YAML mapping of
 * dataset names to `{path, source: local}`.
 */
import { isObject, parseJson, reject, type CheckedTurn, type RecordCheck } from './types';

/** The settings an entry gives the sharegpt converter. */
export interface ShareGptAttributes {
  fileName: string;
  messages: string | null;
  system: string | null;
  tools: string | null;
  roleTag: string | null;
  contentTag: string | null;
  userTag: string | null;
  assistantTag: string | null;
  observationTag: string | null;
  functionTag: string | null;
  systemTag: string | null;
}

const DEFAULT_TAGS = {
  roleTag: 'from',
  contentTag: 'value',
  userTag: 'human',
  assistantTag: 'gpt',
  observationTag: 'observation',
  functionTag: 'function_call',
  systemTag: 'system',
} as const;

const TAG_KEYS: Record<keyof typeof DEFAULT_TAGS, string> = {
  roleTag: 'role_tag',
  contentTag: 'content_tag',
  userTag: 'user_tag',
  assistantTag: 'assistant_tag',
  observationTag: 'observation_tag',
  functionTag: 'function_tag',
  systemTag: 'system_tag',
};

const ENTRY_KEYS = new Set(['file_name', 'formatting', 'ranking', 'subset', 'split', 'folder', 'num_samples', 'columns', 'tags', 'hf_hub_url', 'ms_hub_url', 'script_url']);
const COLUMN_KEYS = new Set(['messages', 'system', 'tools', 'images', 'videos', 'audios', 'chosen', 'rejected', 'kto_tag']);

/** Reads a `dataset_info.json` entry the way the loader does, or says why it cannot be used for sharegpt data. */
export function checkDatasetInfoEntry(entry: unknown): { ok: true; attributes: ShareGptAttributes } | { ok: false; reasons: string[] } {
  if (!isObject(entry)) return { ok: false, reasons: ['the entry is not an object'] };
  const reasons: string[] = [];
  for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) reasons.push(`unknown entry key ${JSON.stringify(key)}`);
  if (typeof entry.file_name !== 'string' || entry.file_name === '') reasons.push('`file_name` is missing');
  const formatting = entry.formatting ?? 'alpaca';
  if (formatting !== 'sharegpt') reasons.push(`\`formatting\` is ${JSON.stringify(formatting)}: conversations need "sharegpt" (the default is alpaca)`);
  const columns = entry.columns;
  const attributes: ShareGptAttributes = { fileName: String(entry.file_name), messages: 'conversations', system: null, tools: null, ...DEFAULT_TAGS };
  if (columns !== undefined) {
    if (!isObject(columns)) reasons.push('`columns` is not an object');
    else {
      for (const key of Object.keys(columns)) if (!COLUMN_KEYS.has(key)) reasons.push(`unknown column key ${JSON.stringify(key)} for sharegpt`);
      const column = (key: string): string | null => (typeof columns[key] === 'string' ? (columns[key] as string) : null);
      attributes.messages = column('messages');
      attributes.system = column('system');
      attributes.tools = column('tools');
      if (attributes.messages === null) reasons.push('`columns` leaves out `messages`, so the loader has no messages column');
    }
  }
  const tags = entry.tags;
  if (tags !== undefined) {
    if (!isObject(tags)) reasons.push('`tags` is not an object');
    else {
      for (const key of Object.keys(tags)) if (!Object.values(TAG_KEYS).includes(key)) reasons.push(`unknown tag key ${JSON.stringify(key)}`);
      for (const [name, key] of Object.entries(TAG_KEYS) as [keyof typeof DEFAULT_TAGS, string][]) attributes[name] = typeof tags[key] === 'string' ? (tags[key] as string) : null;
      if (attributes.roleTag === null || attributes.contentTag === null || attributes.userTag === null || attributes.assistantTag === null) {
        reasons.push('`tags` must name role_tag, content_tag, user_tag and assistant_tag');
      }
    }
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, attributes };
}

/** Checks a function-call message's content: one call or a list, each with `name` and `arguments`. */
function checkFunctionContent(content: string, where: string, reasons: string[]): void {
  const parsed = parseJson(content);
  if (!parsed.ok) {
    reasons.push(`${where}: a function call must be JSON ("Invalid JSON format in function message"): ${parsed.message}`);
    return;
  }
  const calls = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  for (const call of calls) {
    if (!isObject(call) || typeof call.name !== 'string' || !('arguments' in call)) reasons.push(`${where}: every call needs "name" and "arguments"`);
  }
}

/** Checks a `tools` value: a JSON string of a list (or one object) of definitions. */
export function checkToolsString(tools: unknown, where: string, reasons: string[]): void {
  if (typeof tools !== 'string') {
    reasons.push(`${where} is ${Array.isArray(tools) ? 'a list' : typeof tools}: LLaMA-Factory json.loads-es it, so it must be a JSON string`);
    return;
  }
  if (tools === '') return;
  const parsed = parseJson(tools);
  if (!parsed.ok) reasons.push(`${where} is not JSON ("Invalid JSON format in tool description"): ${parsed.message}`);
  else if (!Array.isArray(parsed.value) && !isObject(parsed.value)) reasons.push(`${where} does not hold a list of tool definitions`);
}

/** Checks one record as the sharegpt converter and the template read it. */
export function checkShareGptRecord(value: unknown, attributes: ShareGptAttributes): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const { roleTag, contentTag, systemTag } = attributes;
  if (attributes.messages === null || roleTag === null || contentTag === null) return reject('the entry names no messages column or tags');
  const all = value[attributes.messages];
  if (!Array.isArray(all)) return reject(`the messages column "${attributes.messages}" is missing or not a list`);
  const reasons: string[] = [];
  let messages = all;
  let system: unknown = attributes.system !== null ? (value[attributes.system] ?? '') : '';
  if (systemTag !== null && messages.length > 0 && isObject(messages[0]) && messages[0][roleTag] === systemTag) {
    system = messages[0][contentTag];
    messages = messages.slice(1);
  }
  if (typeof system !== 'string') reasons.push('the system prompt is not a string');
  if (attributes.tools !== null && value[attributes.tools] !== undefined && value[attributes.tools] !== null) checkToolsString(value[attributes.tools], `the tools column "${attributes.tools}"`, reasons);
  const odd = [attributes.userTag, attributes.observationTag].filter((tag) => tag !== null);
  const even = [attributes.assistantTag, attributes.functionTag].filter((tag) => tag !== null);
  const turns: CheckedTurn[] = [{ role: 'system', text: typeof system === 'string' ? system : '', trained: false }];
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) {
      reasons.push(`message ${index} is not an object`);
      break;
    }
    const role = message[roleTag];
    const accepted = index % 2 === 0 ? odd : even;
    if (typeof role !== 'string' || !accepted.includes(role)) {
      reasons.push(`message ${index} has role ${JSON.stringify(role)} where ${accepted.join(' or ')} is expected ("Invalid role tag": the record is skipped)`);
      break;
    }
    const content = message[contentTag];
    if (typeof content !== 'string') {
      reasons.push(`message ${index}: the content (${contentTag}) is ${Array.isArray(content) ? 'a list' : typeof content}, not a string`);
      continue;
    }
    if (role === attributes.functionTag) checkFunctionContent(content, `message ${index}`, reasons);
    turns.push({ role, text: content, trained: index % 2 === 1 });
  }
  if (reasons.length === 0 && messages.length % 2 !== 0) reasons.push(`${messages.length} messages after the system prompt: the count must be even ("Invalid message count": the record is skipped)`);
  if (reasons.length === 0 && messages.length === 0) reasons.push('no messages');
  return reasons.length > 0 ? reject(...reasons) : { ok: true, turns, notes: [] };
}

const V1_ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const V1_ASSISTANT_PARTS = new Set(['text', 'reasoning', 'tool_call']);

/** Checks one record as LLaMA-Factory's v1 data engine takes it (no converter: the standard messages form). */
export function checkV1Record(value: unknown): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const messages = value.messages;
  if (!Array.isArray(messages) || messages.length === 0) return reject('`messages` is missing, empty or not a list');
  const reasons: string[] = [];
  if (value.tools !== undefined) checkToolsString(value.tools, '`tools`', reasons);
  const turns: CheckedTurn[] = [];
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) {
      reasons.push(`messages[${index}] is not an object`);
      continue;
    }
    const role = message.role;
    if (typeof role !== 'string' || !V1_ROLES.has(role)) {
      reasons.push(`messages[${index}].role is ${JSON.stringify(role)}: expected system, user, assistant or tool`);
      continue;
    }
    if (role === 'system' && index !== 0) reasons.push(`messages[${index}] is a system message after the first message`);
    const content = message.content;
    if (!Array.isArray(content)) {
      reasons.push(`messages[${index}].content is not a list of {type, value} parts`);
      continue;
    }
    const texts: string[] = [];
    for (const [partIndex, part] of content.entries()) {
      const where = `messages[${index}].content[${partIndex}]`;
      if (!isObject(part) || typeof part.type !== 'string' || typeof part.value !== 'string') {
        reasons.push(`${where} is not a {type, value} part with a string value`);
        continue;
      }
      const allowed = role === 'assistant' ? V1_ASSISTANT_PARTS : new Set(['text']);
      if (!allowed.has(part.type)) reasons.push(`${where} has type ${JSON.stringify(part.type)}, which a ${role} message cannot render`);
      if (part.type === 'tool_call') {
        const call = parseJson(part.value);
        if (!call.ok || !isObject(call.value) || typeof call.value.name !== 'string' || !isObject(call.value.arguments)) {
          reasons.push(`${where}: a tool call must be JSON {"name": string, "arguments": object}`);
        }
      }
      texts.push(part.value);
    }
    const weight = message.loss_weight ?? (role === 'assistant' ? 1 : 0);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) reasons.push(`messages[${index}].loss_weight is not a number ≥ 0`);
    turns.push({ role, text: texts.join('\n'), trained: typeof weight === 'number' && weight > 0 });
  }
  if (!turns.some((turn) => turn.role === 'assistant')) reasons.push('no assistant message');
  return reasons.length > 0 ? reject(...reasons) : { ok: true, turns, notes: [] };
}

/** Checks a v1 dataset config (parsed YAML): a mapping of names to `{path, source: local}` whose paths are absolute, or relative to the named base. */
export function checkV1DatasetConfig(config: unknown, base?: string): string[] {
  if (!isObject(config) || Object.keys(config).length === 0) return ['the config is not a mapping of dataset names'];
  const reasons: string[] = [];
  for (const [name, dataset] of Object.entries(config)) {
    if (!isObject(dataset)) reasons.push(`${name} is not a mapping`);
    else {
      if (typeof dataset.path !== 'string' || (!dataset.path.startsWith('/') && base === undefined)) reasons.push(`${name}.path is not an absolute path (and no base folder was named)`);
      if (dataset.source !== 'local') reasons.push(`${name}.source is not "local" (the default is the Hugging Face hub)`);
    }
  }
  return reasons;
}
