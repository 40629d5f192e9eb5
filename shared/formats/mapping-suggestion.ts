import { isRecord } from './json-value';
import type { Mapping } from './mapping-schema';

/**
 * A mapping guessed from the keys of records no format reads (docs/formats.md, "Mappings"), for
 * `inspect` to print: a list of turns becomes a ShareGPT-style mapping (which key holds the role,
 * which the text, which role names are the user's and the assistant's), two text fields an Alpaca
 * one. Null when nothing in the records looks like either. A guess for the user to check, never
 * applied on its own.
 */
export function suggestMapping(samples: readonly unknown[]): Mapping | null {
  const records = samples.filter(isRecord);
  if (records.length === 0) return null;
  return turnsMapping(records) ?? alpacaMapping(records);
}

const ROLE_KEYS = ['role', 'from', 'speaker', 'author', 'sender', 'type', 'user'];
const TEXT_KEYS = ['content', 'value', 'text', 'message', 'utterance', 'body'];
const USER_NAMES = new Set(['user', 'human', 'customer', 'question', 'usr', 'prompter', 'client', 'patient', 'student']);
const ASSISTANT_NAMES = new Set(['assistant', 'gpt', 'bot', 'model', 'ai', 'agent', 'answer', 'chatbot', 'sys', 'response', 'doctor', 'teacher']);
const SYSTEM_NAMES = new Set(['system', 'instruction', 'developer']);
const OBSERVATION_NAMES = new Set(['tool', 'observation', 'function', 'environment', 'env', 'ipython', 'result']);

/** The key present in most records, by `test` on its values (ties: the earlier of `preferred`, then the first seen). */
function commonKey(items: readonly Record<string, unknown>[], test: (value: unknown) => boolean, preferred: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const item of items) for (const [key, value] of Object.entries(item)) if (test(value)) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: string | null = null;
  for (const [key, count] of counts) {
    if (count * 2 < items.length) continue;
    const current = best === null ? -1 : (counts.get(best) ?? 0);
    const rank = (name: string | null): number => (name === null ? Infinity : preferred.includes(name) ? preferred.indexOf(name) : preferred.length);
    if (count > current || (count === current && rank(key) < rank(best))) best = key;
  }
  return best;
}

function turnsMapping(records: readonly Record<string, unknown>[]): Mapping | null {
  const messages = commonKey(records, (value) => Array.isArray(value) && value.length > 0 && value.every(isRecord), ['conversations', 'messages', 'dialog', 'turns', 'log', 'history']);
  if (messages === null) return null;
  const turns = records.flatMap((record) => (Array.isArray(record[messages]) ? (record[messages] as unknown[]).filter(isRecord) : []));
  const distinct = (key: string): string[] => [...new Set(turns.map((turn) => turn[key]).filter((value): value is string => typeof value === 'string'))];
  // The role key: string values of few names; the text key: another string key.
  const roleCandidates = [...new Set(turns.flatMap((turn) => Object.keys(turn)))].filter((key) => turns.every((turn) => typeof turn[key] === 'string') && distinct(key).length <= 8);
  const role = roleCandidates.sort((first, second) => rank(first, ROLE_KEYS) - rank(second, ROLE_KEYS))[0];
  if (role === undefined) return null;
  const text = commonKey(turns, (value) => typeof value === 'string', TEXT_KEYS.filter((key) => key !== role));
  if (text === null || text === role) return null;
  const names = distinct(role);
  const pick = (set: ReadonlySet<string>): string | undefined => names.find((name) => set.has(name.toLowerCase()));
  // Unknown names: the first speaker is taken to be the user, the next the assistant.
  const user = pick(USER_NAMES) ?? names[0];
  const assistant = pick(ASSISTANT_NAMES) ?? names.find((name) => name !== user);
  if (user === undefined || assistant === undefined || user === assistant) return null;
  const tags: Mapping['tags'] = { role_tag: role, content_tag: text, user_tag: user, assistant_tag: assistant };
  const system = pick(SYSTEM_NAMES);
  const observation = pick(OBSERVATION_NAMES);
  if (system !== undefined) tags.system_tag = system;
  if (observation !== undefined) tags.observation_tag = observation;
  return { formatting: 'sharegpt', columns: { messages }, tags };
}

const PROMPT_KEYS = ['instruction', 'prompt', 'question', 'query', 'input', 'problem', 'request', 'text'];
const RESPONSE_KEYS = ['output', 'response', 'answer', 'completion', 'target', 'solution', 'reply'];

function alpacaMapping(records: readonly Record<string, unknown>[]): Mapping | null {
  const strings = (key: string): boolean => records.filter((record) => typeof record[key] === 'string').length * 2 >= records.length;
  const prompt = PROMPT_KEYS.find(strings);
  const response = RESPONSE_KEYS.find((key) => key !== prompt && strings(key));
  if (prompt === undefined || response === undefined) return null;
  const columns: Mapping['columns'] = { prompt, response };
  if (prompt !== 'input' && strings('input')) columns.query = 'input';
  if (strings('system')) columns.system = 'system';
  return { formatting: 'alpaca', columns, tags: {} };
}

function rank(key: string, preferred: readonly string[]): number {
  const at = preferred.indexOf(key);
  return at < 0 ? preferred.length : at;
}
