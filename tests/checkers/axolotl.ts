/**
 * Axolotl's dataset config and its `chat_template`, `completion` and pre-tokenized dataset types, as
 * its dataset-format documentation and prompt strategies describe them (docs/recipe.md, "Checking
 * what a trainer reads").
 *
 * The config (`checkAxolotlConfig`): a `datasets:` list (and optionally `test_datasets:`) of entries
 * with `path` (resolved from where Axolotl runs: absolute, or relative to a base the user named),
 * `ds_type: json` and `type`.
 * - `chat_template`: `field_messages` names the messages list (default `messages`);
 *   `message_property_mappings` maps `role` and `content` to message keys; `roles` maps each
 *   template role to the dataset's names (a name no entry lists passes through unchanged);
 *   `roles_to_train` (default `["assistant"]`); `message_field_training` names a per-message field
 *   that, when set (not null), decides alone whether the message trains; otherwise a message trains
 *   when its role is in `roles_to_train`. A record's `system` field becomes a first system message
 *   unless the first message is one. `tools` is a list of definitions or a JSON string of one (newer
 *   Axolotl decodes it); tool-call arguments given as strings must be JSON.
 * - `completion`: `field` names a text column; all of it trains.
 * - no `type`: a pre-tokenized record, `input_ids`, `attention_mask` and `labels` of equal length.
 */
import { isObject, parseJson, reject, type CheckedTurn, type RecordCheck } from './types';

/** The template roles Axolotl's chat templates render. */
const TEMPLATE_ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** One dataset entry, as the checker uses it. */
export type AxolotlDataset =
  | {
      type: 'chat_template';
      path: string;
      fieldMessages: string;
      mappings: { role: string; content: string };
      roles: Map<string, string> | null;
      rolesToTrain: string[];
      fieldTraining: string | null;
    }
  | { type: 'completion'; path: string; field: string }
  | { type: 'tokenized'; path: string };

/** Options of the config check. */
export interface AxolotlConfigOptions {
  /** The folder Axolotl will run from, when the export named one; paths must then be relative to it or absolute. */
  base?: string;
}

/** Reads one entry of `datasets:` or says what is wrong with it. */
function readEntry(entry: unknown, where: string, reasons: string[], options: AxolotlConfigOptions): AxolotlDataset | null {
  if (!isObject(entry)) {
    reasons.push(`${where} is not a mapping`);
    return null;
  }
  const path = entry.path;
  if (typeof path !== 'string' || path === '') {
    reasons.push(`${where}.path is missing`);
    return null;
  }
  if (!path.startsWith('/') && options.base === undefined) reasons.push(`${where}.path ${path} is relative, and Axolotl resolves it from its working folder, which is unknown`);
  if (entry.ds_type !== undefined && entry.ds_type !== 'json') reasons.push(`${where}.ds_type is ${JSON.stringify(entry.ds_type)}, not json`);
  const type = entry.type;
  if (type === undefined || type === null) return { type: 'tokenized', path };
  if (type === 'completion') {
    return { type: 'completion', path, field: typeof entry.field === 'string' ? entry.field : 'text' };
  }
  if (type !== 'chat_template') {
    reasons.push(`${where}.type is ${JSON.stringify(type)}: this checker knows chat_template, completion and pre-tokenized data`);
    return null;
  }
  const mappings = isObject(entry.message_property_mappings) ? entry.message_property_mappings : {};
  const roles = entry.roles;
  let roleMap: Map<string, string> | null = null;
  if (roles !== undefined) {
    if (!isObject(roles)) reasons.push(`${where}.roles is not a mapping`);
    else {
      roleMap = new Map();
      for (const [target, sources] of Object.entries(roles)) {
        if (!TEMPLATE_ROLES.has(target)) reasons.push(`${where}.roles maps to ${JSON.stringify(target)}, which chat templates do not render`);
        if (!Array.isArray(sources)) reasons.push(`${where}.roles.${target} is not a list`);
        else for (const source of sources) roleMap.set(String(source), target);
      }
    }
  }
  const rolesToTrain = entry.roles_to_train === undefined ? ['assistant'] : entry.roles_to_train;
  if (!Array.isArray(rolesToTrain)) reasons.push(`${where}.roles_to_train is not a list`);
  return {
    type: 'chat_template',
    path,
    fieldMessages: typeof entry.field_messages === 'string' ? entry.field_messages : 'messages',
    mappings: { role: typeof mappings.role === 'string' ? mappings.role : 'role', content: typeof mappings.content === 'string' ? mappings.content : 'content' },
    roles: roleMap,
    rolesToTrain: Array.isArray(rolesToTrain) ? rolesToTrain.map(String) : [],
    fieldTraining: typeof entry.message_field_training === 'string' ? entry.message_field_training : null,
  };
}

/** Reads a parsed Axolotl config: its train and test datasets. */
export function checkAxolotlConfig(config: unknown, options: AxolotlConfigOptions = {}): { ok: true; datasets: AxolotlDataset[]; testDatasets: AxolotlDataset[] } | { ok: false; reasons: string[] } {
  if (!isObject(config)) return { ok: false, reasons: ['the config is not a mapping'] };
  const reasons: string[] = [];
  const read = (key: string): AxolotlDataset[] => {
    const list = config[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      reasons.push(`${key} is not a list`);
      return [];
    }
    return list.flatMap((entry, index) => readEntry(entry, `${key}[${index}]`, reasons, options) ?? []);
  };
  const datasets = read('datasets');
  const testDatasets = read('test_datasets');
  if (datasets.length === 0) reasons.push('no datasets');
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, datasets, testDatasets };
}

/** Checks tool definitions: a list, or a JSON string of one. */
function checkTools(tools: unknown, reasons: string[]): void {
  let list = tools;
  if (typeof tools === 'string') {
    const parsed = parseJson(tools);
    if (!parsed.ok) {
      reasons.push('`tools` is a string that is not JSON');
      return;
    }
    list = parsed.value;
  }
  if (!Array.isArray(list) || list.some((tool) => !isObject(tool))) reasons.push('`tools` is not a list of definitions ("Unknown tools format")');
}

/** Checks one record against a `chat_template` dataset entry. */
function checkChatRecord(value: Record<string, unknown>, dataset: Extract<AxolotlDataset, { type: 'chat_template' }>): RecordCheck {
  const messages = value[dataset.fieldMessages];
  if (!Array.isArray(messages)) return reject(`${dataset.fieldMessages} is missing or not a list ("Messages is null")`);
  if (messages.length === 0) return reject(`${dataset.fieldMessages} is empty`);
  const reasons: string[] = [];
  if (value.tools !== undefined && value.tools !== null) checkTools(value.tools, reasons);
  const turns: CheckedTurn[] = [];
  const roleOf = (name: unknown): unknown => (typeof name === 'string' && dataset.roles !== null ? (dataset.roles.get(name) ?? name) : name);
  const first = isObject(messages[0]) ? roleOf(messages[0][dataset.mappings.role]) : undefined;
  if (first !== 'system' && typeof value.system === 'string') turns.push({ role: 'system', text: value.system, trained: dataset.rolesToTrain.includes('system') });
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) {
      reasons.push(`message ${index} is not a mapping`);
      continue;
    }
    const role = roleOf(message[dataset.mappings.role]);
    if (typeof role !== 'string' || !TEMPLATE_ROLES.has(role)) {
      reasons.push(`message ${index} has role ${JSON.stringify(message[dataset.mappings.role])}, which maps to no template role`);
      continue;
    }
    const content = message[dataset.mappings.content];
    const calls = message.tool_calls;
    if (typeof content !== 'string' && !(content === undefined && Array.isArray(calls))) reasons.push(`message ${index}: content is not a string`);
    if (Array.isArray(calls)) {
      for (const call of calls) {
        const args = isObject(call) && isObject(call.function) ? call.function.arguments : undefined;
        if (typeof args === 'string' && !parseJson(args).ok) reasons.push(`message ${index}: tool-call arguments are a string that is not JSON`);
      }
    }
    const flag = dataset.fieldTraining === null ? undefined : message[dataset.fieldTraining];
    const trained = flag !== undefined && flag !== null ? Boolean(flag) : dataset.rolesToTrain.includes(role);
    turns.push({ role, text: typeof content === 'string' ? content : '', trained });
  }
  return reasons.length > 0 ? reject(...reasons) : { ok: true, turns, notes: [] };
}

/** Checks a pre-tokenized record. */
function checkTokenizedRecord(value: Record<string, unknown>): RecordCheck {
  const { input_ids: ids, attention_mask: mask, labels } = value;
  const isIntegers = (list: unknown): list is number[] => Array.isArray(list) && list.every((item) => Number.isInteger(item));
  if (!isIntegers(ids) || !isIntegers(mask) || !isIntegers(labels)) return reject('input_ids, attention_mask and labels must be lists of integers');
  if (ids.length !== mask.length || ids.length !== labels.length) return reject('input_ids, attention_mask and labels differ in length');
  return { ok: true, turns: [{ role: 'tokens', text: '', trained: labels.some((label) => label !== -100) }], notes: [] };
}

/** Checks one record against a dataset entry of the config. */
export function checkAxolotlRecord(value: unknown, dataset: AxolotlDataset): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  if (dataset.type === 'completion') {
    const text = value[dataset.field];
    return typeof text === 'string' ? { ok: true, turns: [{ role: 'text', text, trained: true }], notes: [] } : reject(`${dataset.field} is not a string`);
  }
  return dataset.type === 'tokenized' ? checkTokenizedRecord(value) : checkChatRecord(value, dataset);
}
