/**
 * Real records from ../shared/data as normalized conversations, read with the project's format
 * readers (shared/formats), for the filter tests and the filter benchmark.
 */
import { readFileSync } from 'node:fs';
import { AGENT_TASKS, type Conversation } from '../../../../shared/schema/conversation';
import type { FilterContext } from '../../../../shared/filters/types';
import { getFormat, identify } from '../../../../shared/formats/index';
import { dataFile } from '../../../helpers/data';

/** One real record with the context the pipeline would give it. */
export interface RealRecord {
  /** Short name of the file it comes from (`adp`, `val200`, `webshop-clean`, `eto`, ...). */
  source: string;
  conversation: Conversation;
  context: FilterContext;
}

/** Reads every value of a file with the format `identify` picks, as the pipeline does. */
export function readAll(source: string, values: unknown[], role: FilterContext['role'], task?: string): RealRecord[] {
  const identification = identify(values.slice(0, 32));
  if (identification.kind !== 'conversations') throw new Error(`${source}: not conversations (${identification.kind})`);
  const format = getFormat(identification.format);
  return values.map((value, ordinal) => {
    const result = format.read(value, { task: task ?? null });
    if (!result.ok) throw new Error(`${source} #${ordinal}: ${result.message}`);
    return { source, conversation: result.conversation, context: { role, task: result.conversation.task } };
  });
}

function readJson(...parts: string[]): unknown[] {
  return JSON.parse(readFileSync(dataFile(...parts), 'utf8')) as unknown[];
}

function readJsonLines(...parts: string[]): unknown[] {
  return readFileSync(dataFile(...parts), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as unknown);
}

/** The 283 AgentInstruct-style trajectories: 30 ADP, 200 val200, 50 clean WebShop, 3 ETO. */
export function agentRecords(): RealRecord[] {
  const records: RealRecord[] = [];
  for (const task of AGENT_TASKS) records.push(...readAll('adp', readJson('agentinstruct-adp-samples', `agenttuning_${task}`, 'sample_raw.json'), 'agent'));
  records.push(...readAll('val200', readJson('agentinstruct-val200-messages', 'val_set_200.json'), 'agent'));
  records.push(...readAll('webshop-clean', readJson('webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'), 'agent'));
  records.push(...readAll('eto', readJson('eto-sample', 'sample_raw.json'), 'agent'));
  return records;
}

/** FireAct's 500 HotpotQA ReAct trajectories (agent role, task `hotpotqa`: no AgentInstruct grammar). */
export function fireactRecords(): RealRecord[] {
  return readAll('fireact', readJsonLines('fireact-trajectories', 'hotpotqa.jsonl'), 'agent', 'hotpotqa');
}

/** General chat records that are well formed: FastChat dummy, real ShareGPT, glaive tool calls, LLaMA-Factory v1 SFT. */
export function generalRecords(): RealRecord[] {
  return [
    ...readAll('fastchat-dummy', readJson('fastchat-sharegpt', 'dummy_conversation.json'), 'general'),
    ...readAll('sharegpt-real', readJson('sharegpt-real-dialogstudio', 'original_example.json'), 'general'),
    ...readAll('glaive', readJson('llamafactory-formats', 'glaive_toolcall_en_demo.json'), 'general'),
    ...readAll('v1-sft', readJsonLines('llamafactory-formats', 'v1_sft_demo.jsonl'), 'general'),
  ];
}

/** The 500 ShareGPT records of the mlenergy file: each has one human turn and no answer. */
export function firstTurnOnlyRecords(): RealRecord[] {
  return readAll('mlenergy', readJson('sharegpt-firstturn-mlenergy', 'ShareGPT_V3_filtered_500.json'), 'general');
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
