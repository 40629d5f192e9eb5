import { readFileSync } from 'node:fs';
import { dataFile } from '../../../helpers/data';
import type { MixCandidate } from '../../../../shared/mix/pool';
import { Xoshiro128StarStar } from '../../../../shared/mix/random';

/** Characters per Llama-2 token, roughly, for English text: enough to give records realistic, varied weights in tests. */
const CHARACTERS_PER_TOKEN = 4;

interface RawMessage {
  content?: unknown;
  value?: unknown;
}

function roughTokens(messages: RawMessage[]): number {
  const characters = messages.reduce((sum, message) => sum + String(message.content ?? message.value ?? '').length, 0);
  return Math.max(1, Math.round(characters / CHARACTERS_PER_TOKEN));
}

/** The 200 AgentInstruct records of agentinstruct-val200-messages as agent candidates (task from the id prefix). */
export function realAgentCandidates(): MixCandidate[] {
  const records = JSON.parse(readFileSync(dataFile('agentinstruct-val200-messages', 'val_set_200.json'), 'utf8')) as {
    id: string;
    messages: RawMessage[];
  }[];
  return records.map((record) => ({
    key: `val200:${record.id}`,
    source: 'agentinstruct-val200-messages/val_set_200.json',
    task: record.id.split('_')[0],
    role: 'agent',
    tokens: roughTokens(record.messages),
  }));
}

/** FastChat's 500 dummy conversations and LLaMA-Factory's 300 glaive records as general candidates. */
export function realGeneralCandidates(): MixCandidate[] {
  const fastchat = JSON.parse(readFileSync(dataFile('fastchat-sharegpt', 'dummy_conversation.json'), 'utf8')) as {
    id: string;
    conversations: RawMessage[];
  }[];
  const glaive = JSON.parse(readFileSync(dataFile('llamafactory-formats', 'glaive_toolcall_en_demo.json'), 'utf8')) as {
    conversations: RawMessage[];
  }[];
  return [
    ...fastchat.map((record): MixCandidate => ({
      key: `dummy:${record.id}`,
      source: 'fastchat-sharegpt/dummy_conversation.json',
      task: null,
      role: 'general',
      tokens: roughTokens(record.conversations),
    })),
    ...glaive.map((record, ordinal): MixCandidate => ({
      key: `glaive:#${ordinal}`,
      source: 'llamafactory-formats/glaive_toolcall_en_demo.json',
      task: null,
      role: 'general',
      tokens: roughTokens(record.conversations),
    })),
  ];
}

/** Synthetic candidates with seeded sizes, for property tests over many shapes. */
export function syntheticCandidates(seed: number, agent: number, general: number): MixCandidate[] {
  const random = Xoshiro128StarStar.fromSeed(seed);
  const tasks = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'];
  const candidates: MixCandidate[] = [];
  for (let index = 0; index < agent; index++) {
    const task = tasks[random.nextBelow(tasks.length)];
    candidates.push({ key: `a:${task}_${index}`, source: `agent-${index % 2}.json`, task, role: 'agent', tokens: 200 + random.nextBelow(3000) });
  }
  for (let index = 0; index < general; index++) {
    candidates.push({ key: `g:${index}`, source: `general-${index % 3}.json`, task: null, role: 'general', tokens: 50 + random.nextBelow(2000) });
  }
  return candidates;
}
