import { readFileSync } from 'node:fs';
import type { Role } from '../../../../shared/schema/conversation';
import type { TextTurn } from '../../../../shared/dedup/features';
import { dataFile } from '../../../helpers/data';

/**
 * Reads the real fixtures of ../shared/data as plain turns, for the dedup and leakage tests and
 * benches (a small reader of the three shapes found there: `role`/`content`, `from`/`value`,
 * `messages`; the product's readers live in shared/formats).
 */

/** A record as the tests use it: its id and turns. */
export interface TestRecord {
  id: string;
  turns: TextTurn[];
}

const ROLE_NAMES: Record<string, Role> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', system: 'system', tool: 'tool', function_call: 'assistant', observation: 'tool', function: 'tool' };

/** The text of a message's content: a string, or typed parts joined with newlines. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part !== null ? String((part as Record<string, unknown>).value ?? (part as Record<string, unknown>).text ?? '') : '')).join('\n');
  return '';
}

/** Turns of one parsed record in any of the three shapes. */
export function recordTurns(value: unknown): TextTurn[] {
  const record = value as Record<string, unknown>;
  const list = (record.conversations ?? record.messages) as Record<string, unknown>[] | undefined;
  if (!Array.isArray(list)) return [];
  return list.map((message) => ({
    role: ROLE_NAMES[String(message.role ?? message.from)] ?? 'user',
    text: contentText(message.content ?? message.value),
  }));
}

/** Every record of a JSON array or JSONL file under ../shared/data. */
export function readRecords(...path: string[]): TestRecord[] {
  const text = readFileSync(dataFile(...path), 'utf8');
  const values: unknown[] = path[path.length - 1].endsWith('.jsonl') ? text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line)) : JSON.parse(text);
  return values.map((value, index) => ({ id: String((value as Record<string, unknown>).id ?? `#${index}`), turns: recordTurns(value) }));
}

/** The six AgentInstruct sample splits (5 records each). */
export const AGENT_SPLITS = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'] as const;

/** The 5 real AgentInstruct records of one split. */
export function agentSamples(split: (typeof AGENT_SPLITS)[number]): TestRecord[] {
  return readRecords('agentinstruct-adp-samples', `agenttuning_${split}`, 'sample_raw.json');
}
