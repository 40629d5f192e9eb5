/**
 * TRL's SFTTrainer, as its dataset-format documentation and data preparation describe it
 * (docs/recipe.md, "Checking what a trainer reads"). A dataset is one of:
 * - pre-tokenized: it has `input_ids`; TRL prepares nothing and its collator takes the record's own
 *   `labels` (tokenized.ts checks them);
 * - conversational: `messages` is a list of `{role, content}` (a `conversations` list of
 *   `{from, value}` is converted to that first: human → user, gpt → assistant); the chat template
 *   renders it, `tools` is a list or a JSON string; every token is trained unless
 *   `assistant_only_loss` is set, which needs a template with generation markers (Llama-2's has
 *   none), and per-message fields such as `weight` are not read;
 * - language modeling: `text` is a string; TRL appends the tokenizer's EOS unless the text already
 *   ends with it, and trains every token.
 * The turns of a text record are found with the Llama-2-chat template (llama2-text.ts), all trained.
 */
import { parseLlama2Text } from './llama2-text';
import { checkTokenizedRecord } from './tokenized';
import { isObject, parseJson, reject, type CheckedTurn, type RecordCheck } from './types';

/** How TRL reads a dataset. */
export type TrlKind = 'pre-tokenized' | 'conversational' | 'language-modeling';

const FROM_ROLES: Record<string, string> = { human: 'user', gpt: 'assistant', system: 'system' };

/** The kind TRL sees in a record (TRL decides from the first record; an export's records are alike). */
export function trlKind(value: Record<string, unknown>): TrlKind | null {
  if ('input_ids' in value) return 'pre-tokenized';
  const messages = value.messages;
  if (Array.isArray(messages) && isObject(messages[0]) && 'role' in messages[0] && 'content' in messages[0]) return 'conversational';
  const conversations = value.conversations;
  if (Array.isArray(conversations) && isObject(conversations[0]) && 'from' in conversations[0] && 'value' in conversations[0]) return 'conversational';
  return typeof value.text === 'string' ? 'language-modeling' : null;
}

/** Options: the tokenizer's EOS. */
export interface TrlOptions {
  eos?: string;
}

/** Checks one record as SFTTrainer prepares it. */
export function checkTrlRecord(value: unknown, options: TrlOptions = {}): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const eos = options.eos ?? '</s>';
  const kind = trlKind(value);
  if (kind === null) return reject('TRL finds neither input_ids, messages, conversations nor text');
  if (kind === 'pre-tokenized') return checkTokenizedRecord(value);
  if (kind === 'language-modeling') {
    const text = value.text as string;
    const notes: string[] = [];
    const final = text.endsWith(eos) ? text : text + eos;
    if (final !== text) notes.push('TRL appends EOS');
    if (final.endsWith(`${eos}<s>${eos}`) || final.endsWith(`${eos}${eos}`)) return reject('after TRL appends EOS the text ends with a second EOS (an empty message)');
    const parsed = parseLlama2Text(text);
    if (!parsed.ok) return { ok: true, turns: [{ role: 'text', text, trained: true }], notes };
    const turns: CheckedTurn[] = [{ role: 'system', text: parsed.parsed.system, trained: true }];
    for (const [index, message] of parsed.parsed.messages.entries()) turns.push({ role: index % 2 === 0 ? 'user' : 'assistant', text: message, trained: true });
    return { ok: true, turns, notes };
  }
  const reasons: string[] = [];
  const fromValue = !Array.isArray(value.messages);
  const list = (fromValue ? value.conversations : value.messages) as unknown[];
  if (value.tools !== undefined && value.tools !== null) {
    const tools = typeof value.tools === 'string' ? parseJson(value.tools) : { ok: true as const, value: value.tools };
    if (!tools.ok || !Array.isArray(tools.value)) reasons.push('`tools` is neither a list nor a JSON string of one');
  }
  const turns: CheckedTurn[] = [];
  for (const [index, message] of list.entries()) {
    if (!isObject(message)) {
      reasons.push(`message ${index} is not an object`);
      continue;
    }
    const role = fromValue ? FROM_ROLES[String(message.from)] : message.role;
    const content = fromValue ? message.value : message.content;
    if (typeof role !== 'string') reasons.push(`message ${index}: ${fromValue ? `from ${JSON.stringify(message.from)} has no chat role` : 'role is not a string'}`);
    if (typeof content !== 'string' && !(content === undefined && Array.isArray(message.tool_calls))) reasons.push(`message ${index}: content is not a string`);
    turns.push({ role: String(role), text: typeof content === 'string' ? content : '', trained: true });
  }
  return reasons.length > 0 ? reject(...reasons) : { ok: true, turns, notes: ['TRL trains every token of a conversational record by default'] };
}
