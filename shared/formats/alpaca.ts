import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { ID_SCHEMA, isOptionalId, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { rawRecord } from './write-record';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';

/**
 * Alpaca (docs/formats.md, "alpaca"): `{instruction, input, output}` with LLaMA-Factory's optional
 * `system` and `history` (`[[query, response], ...]`, the turns before this one). The user turn is
 * the instruction followed by the input on a new line when there is one, as LLaMA-Factory and the
 * Alpaca prompt join them.
 */
export const ALPACA_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  instruction: z.string(),
  input: z.string().optional(),
  output: z.string(),
  system: z.string().optional(),
  history: z.array(z.tuple([z.string(), z.string()], { error: 'expected a [query, response] pair of strings' })).optional(),
});

function isPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

/** Twin of {@link ALPACA_SCHEMA}. */
export function isAlpacaRecord(value: unknown): boolean {
  if (!isRecord(value) || !isOptionalId(value.id) || typeof value.instruction !== 'string' || typeof value.output !== 'string') return false;
  if (!isOptionalString(value.input) || !isOptionalString(value.system)) return false;
  return value.history === undefined || (Array.isArray(value.history) && value.history.every(isPair));
}

function userText(instruction: string, input: string | undefined): string {
  return input === undefined || input === '' ? instruction : `${instruction}\n${input}`;
}

function turnsOf(record: Record<string, unknown>): Turn[] {
  const turns: Turn[] = [];
  if (typeof record.system === 'string' && record.system !== '') turns.push({ role: 'system', text: record.system, loss: null, from: 'system' });
  for (const [query, response] of (record.history as [string, string][] | undefined) ?? []) {
    turns.push({ role: 'user', text: query, loss: null, from: 'history' }, { role: 'assistant', text: response, loss: null, from: 'history' });
  }
  turns.push({ role: 'user', text: userText(record.instruction as string, record.input as string | undefined), loss: null, from: 'instruction' });
  turns.push({ role: 'assistant', text: record.output as string, loss: null, from: 'output' });
  return turns;
}

/** `instruction` and `output` strings. */
function detect(value: unknown): number {
  if (!isRecord(value) || typeof value.instruction !== 'string' || typeof value.output !== 'string') return 0;
  return 'conversations' in value || 'messages' in value ? 0.3 : 1;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(ALPACA_SCHEMA, isAlpacaRecord, value, context, turnsOf, () => ({ turnKeys: ['instruction', 'input', 'output', 'system', 'history'] }));
}

/**
 * Writes Alpaca: the last user and assistant turns are the instruction and output (the instruction
 * and input of the original record are kept when the user turn still reads the same), earlier pairs
 * the history, a leading system turn the `system` field. A conversation of another shape (tool
 * turns, two user turns in a row) cannot be written and says why.
 */
function write(conversation: Conversation): unknown {
  const raw = rawRecord(conversation);
  let turns = conversation.turns;
  let system: string | undefined;
  if (turns[0]?.role === 'system') {
    system = turns[0].text;
    turns = turns.slice(1);
  }
  if (turns.length < 2 || turns.length % 2 !== 0) throw new Error(`alpaca holds user/assistant pairs: this conversation has ${turns.length} turns after the system prompt`);
  const pairs: [string, string][] = [];
  for (let index = 0; index < turns.length; index += 2) {
    const [user, assistant] = [turns[index], turns[index + 1]];
    if (user.role !== 'user' || assistant.role !== 'assistant') throw new Error(`alpaca holds user/assistant pairs: turns ${index} and ${index + 1} are ${user.role} and ${assistant.role}`);
    pairs.push([turnText(user), turnText(assistant)]);
  }
  const [query, output] = pairs.pop() as [string, string];
  const record: Record<string, unknown> = {};
  const keepSplit = typeof raw.instruction === 'string' && userText(raw.instruction, raw.input as string | undefined) === query;
  if (conversation.id !== null && !('id' in raw)) record.id = conversation.id;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'instruction' || key === 'input' || key === 'output' || key === 'history' || key === 'system') continue;
    record[key] = key === 'id' && conversation.id !== null && String(value) !== conversation.id ? conversation.id : value;
  }
  record.instruction = keepSplit ? raw.instruction : query;
  record.input = keepSplit ? (raw.input ?? '') : '';
  record.output = output;
  if (system !== undefined || typeof raw.system === 'string') record.system = system ?? '';
  if (pairs.length > 0 || Array.isArray(raw.history)) record.history = pairs;
  if (keepSplit && !('input' in raw)) delete record.input;
  return reorder(record, raw);
}

/** The written keys in the original record's order (new keys after). */
function reorder(record: Record<string, unknown>, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) if (key in record) ordered[key] = record[key];
  for (const [key, value] of Object.entries(record)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** Alpaca instruction data (`alpaca`). */
export const ALPACA_FORMAT: Format = { name: 'alpaca', detect, read, write };
