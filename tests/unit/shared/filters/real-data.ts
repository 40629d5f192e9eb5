/**
 * Real records from ../shared/data as normalized conversations, for the filter tests and the
 * filter benchmark. A small normalizer of its own (not the format readers of shared/formats), so
 * the filters are tested on exactly the fields SOURCES.md documents.
 */
import { readFileSync } from 'node:fs';
import { AGENT_TASKS, type Conversation, type Role, type Turn } from '../../../../shared/schema/conversation';
import type { FilterContext } from '../../../../shared/filters/types';
import { dataFile } from '../../../helpers/data';

/** One real record with the context the pipeline would give it. */
export interface RealRecord {
  /** Short name of the file it comes from (`adp`, `val200`, `webshop-clean`, `eto`, ...). */
  source: string;
  conversation: Conversation;
  context: FilterContext;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ROLE_NAMES: Record<string, Role> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  function_call: 'assistant',
  system: 'system',
  observation: 'tool',
  function: 'tool',
  tool: 'tool',
};

function textOf(content: Json): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part !== null && typeof part === 'object' && !Array.isArray(part) ? String(part.value ?? part.text ?? '') : ''))
      .join('\n');
  }
  return '';
}

function lossOf(message: JsonObject): boolean | null {
  if (typeof message.loss === 'boolean') return message.loss;
  if (typeof message.loss_weight === 'number') return message.loss_weight > 0;
  if (typeof message.weight === 'number') return message.weight > 0;
  return null;
}

function turnOf(message: JsonObject): Turn {
  const from = String(message.from ?? message.role);
  const role = ROLE_NAMES[from];
  if (role === undefined) throw new Error(`unknown role ${from}`);
  return { role, text: textOf(message.value ?? message.content ?? ''), loss: lossOf(message), from };
}

function taskOf(id: string | null): string | null {
  const prefix = id?.split('_')[0] ?? null;
  return prefix !== null && (AGENT_TASKS as readonly string[]).includes(prefix) ? prefix : null;
}

function recordOf(source: string, value: JsonObject, role: FilterContext['role'], task?: string): RealRecord {
  const messages = (value.conversations ?? value.messages) as JsonObject[];
  const id = typeof value.id === 'string' ? value.id : null;
  const reward = typeof value.reward === 'number' ? value.reward : null;
  const conversation: Conversation = { id, task: task ?? taskOf(id), reward, turns: messages.map(turnOf), raw: value };
  return { source, conversation, context: { role, task: conversation.task } };
}

function readJson(...parts: string[]): JsonObject[] {
  return JSON.parse(readFileSync(dataFile(...parts), 'utf8')) as JsonObject[];
}

function readJsonLines(...parts: string[]): JsonObject[] {
  return readFileSync(dataFile(...parts), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as JsonObject);
}

/** The 283 AgentInstruct-style trajectories: 30 ADP, 200 val200, 50 clean WebShop, 3 ETO. */
export function agentRecords(): RealRecord[] {
  const records: RealRecord[] = [];
  for (const task of AGENT_TASKS) {
    for (const value of readJson('agentinstruct-adp-samples', `agenttuning_${task}`, 'sample_raw.json')) {
      records.push(recordOf('adp', value, 'agent'));
    }
  }
  for (const value of readJson('agentinstruct-val200-messages', 'val_set_200.json')) records.push(recordOf('val200', value, 'agent'));
  for (const value of readJson('webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json')) {
    records.push(recordOf('webshop-clean', value, 'agent', 'webshop'));
  }
  for (const value of readJson('eto-sample', 'sample_raw.json')) records.push(recordOf('eto', value, 'agent'));
  return records;
}

/** FireAct's 500 HotpotQA ReAct trajectories (agent role, task `hotpotqa`: no AgentInstruct grammar). */
export function fireactRecords(): RealRecord[] {
  return readJsonLines('fireact-trajectories', 'hotpotqa.jsonl').map((value) => recordOf('fireact', value, 'agent', 'hotpotqa'));
}

/** General chat records that are well formed: FastChat dummy, real ShareGPT, glaive tool calls, LLaMA-Factory v1 SFT. */
export function generalRecords(): RealRecord[] {
  return [
    ...readJson('fastchat-sharegpt', 'dummy_conversation.json').map((value) => recordOf('fastchat-dummy', value, 'general')),
    ...readJson('sharegpt-real-dialogstudio', 'original_example.json').map((value) => recordOf('sharegpt-real', value, 'general')),
    ...readJson('llamafactory-formats', 'glaive_toolcall_en_demo.json').map((value) => recordOf('glaive', value, 'general')),
    ...readJsonLines('llamafactory-formats', 'v1_sft_demo.jsonl').map((value) => recordOf('v1-sft', value, 'general')),
  ];
}

/** The 500 ShareGPT records of the mlenergy file: each has one human turn and no answer. */
export function firstTurnOnlyRecords(): RealRecord[] {
  return readJson('sharegpt-firstturn-mlenergy', 'ShareGPT_V3_filtered_500.json').map((value) => recordOf('mlenergy', value, 'general'));
}

/** A deep copy of a record whose turn `index` has new text (a planted mutation). */
export function withTurnText(record: RealRecord, index: number, text: string): RealRecord {
  const turns = record.conversation.turns.map((turn, at) => (at === index ? { ...turn, text } : { ...turn }));
  return { ...record, conversation: { ...record.conversation, turns } };
}

/** The record of a source with an id. */
export function recordById(records: readonly RealRecord[], source: string, id: string): RealRecord {
  const found = records.find((record) => record.source === source && record.conversation.id === id);
  if (found === undefined) throw new Error(`no record ${id} in ${source}`);
  return found;
}
