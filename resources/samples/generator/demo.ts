import { alfworldLoop, alfworldMalformed, alfworldTrajectory } from './alfworld';
import { chatExchanges, nearCopy, openAiChat, refusingChat, repeatingChat, shareGptChat, toolCallChat, unansweredChat } from './chat';
import { dbMalformed, dbRecord, dbTrajectory } from './db';
import { alfworldGames, dbItems, kgItems, osItems, webshopGoals } from './evaluation';
import { kgTrajectory } from './kg';
import { mind2webTrajectory } from './mind2web';
import { osLongListing, osMalformed, osRecord, osTrajectory, osUnsafe } from './os';
import { Picker } from './random';
import type { OpenAiRecord, ShareRecord } from './records';
import { webshopRefusal, webshopTrajectory } from './webshop';

/**
 * The demo set the app opens on first start (resources/samples/SOURCES.md says what each file
 * holds and what is planted in it). Everything is built from a seed, so `buildDemo()` gives the
 * same bytes every time; `generate.ts` writes them and a unit test checks the committed files.
 */

export const DEMO_SEED = 20240915;

/** Clean trajectories per AgentInstruct task. */
const CLEAN_PER_TASK = 10;
/** Clean ShareGPT and OpenAI chats. */
const SHAREGPT_CHATS = 340;
const OPENAI_CHATS = 36;

/** The records planted for each stage, by id (the tests and SOURCES.md name them). */
export const PLANTED = {
  length: 'os_long_1',
  unsafe: 'os_unsafe_1',
  format: ['os_malformed_1', 'db_malformed_1', 'alfworld_malformed_1'],
  leakage: ['os_leak_1', 'db_leak_1'],
  nearDuplicate: { agent: ['db_near_2', 'db_2'], chat: [['chat_near_10', 'chat_10'], ['chat_near_20', 'chat_20'], ['chat_cut_20', 'chat_20']] },
  exactDuplicate: { agent: ['kg_copy_2', 'kg_2'], chat: [['chat_copy_5', 'chat_5'], ['openai_copy_7', 'chat_7']] },
  loop: 'alfworld_loop_1',
  refusal: ['webshop_refusal_1', 'chat_refusal_1'],
  repetition: 'chat_repeat_1',
  structure: 'chat_unanswered_1',
  reward: { kept: ['webshop_run_1', 'alfworld_run_1', 'mind2web_run_1', 'kg_run_1'], dropped: ['webshop_run_2', 'alfworld_run_2', 'mind2web_run_2'] },
  toolCall: 'openai_tool_1',
} as const;

/** Files by path relative to resources/samples. */
export type DemoFiles = Map<string, string>;

function jsonArray(records: readonly unknown[]): string {
  return `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]\n`;
}

function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function withId<T extends { id: string }>(record: T, id: string): T {
  return { ...structuredClone(record), id };
}

/** Every file of the demo set, built from {@link DEMO_SEED}. */
export function buildDemo(seed = DEMO_SEED): DemoFiles {
  const files: DemoFiles = new Map();
  const evaluation = new Picker(seed, 'evaluation');
  const os = osItems(evaluation);
  const db = dbItems(evaluation);
  files.set('evaluation/agentbench/os_interaction/data/1/problems.json', pretty(os[0]));
  files.set('evaluation/agentbench/os_interaction/data/2/problems.json', pretty(os[1]));
  os[2].forEach((item, index) => files.set(`evaluation/agentbench/os_interaction/data/3/problem-${index + 1}.json`, pretty(item)));
  files.set('evaluation/agentbench/dbbench/standard.jsonl', jsonLines(db));
  files.set('evaluation/agentbench/knowledgegraph/std.json', jsonArray(kgItems(evaluation)));
  files.set('evaluation/agentbench/alfworld/std.json', pretty(alfworldGames(evaluation)));
  files.set('evaluation/webshop/human_goals.json', `${JSON.stringify(webshopGoals(evaluation, 120))}\n`);

  const agent: ShareRecord[] = [];
  const builders = { os: osTrajectory, db: dbTrajectory, alfworld: alfworldTrajectory, webshop: webshopTrajectory, kg: kgTrajectory, mind2web: mind2webTrajectory } as const;
  for (const [task, build] of Object.entries(builders)) {
    const pick = new Picker(seed, `agent-${task}`);
    for (let index = 1; index <= CLEAN_PER_TASK; index++) agent.push(build(pick, `${task}_${index}`));
  }
  const planted = new Picker(seed, 'agent-planted');
  const byId = (id: string): ShareRecord => agent.find((record) => record.id === id) as ShareRecord;
  agent.push(
    osLongListing(planted, PLANTED.length),
    osUnsafe(PLANTED.unsafe),
    osMalformed(planted, PLANTED.format[0]),
    osRecord(PLANTED.leakage[0], { problem: os[1][2].description, turns: [{ from: 'gpt', value: 'Think: I will search the folder for them and count.\n\nAct: bash\n\n```bash\nfind /opt/lab/run | wc -l\n```', loss: true }, { from: 'human', value: 'Shell output:\n7', loss: null }, { from: 'gpt', value: 'Think: The count is 7.\n\nAct: answer(7)', loss: true }] }),
    dbMalformed(planted, PLANTED.format[1]),
    dbRecord(PLANTED.leakage[1], { question: `${db[3].description} The table is called \`${db[3].table.table_name}\`.`, turns: [{ from: 'gpt', value: `I will look for the answer in the table.\nAction: Answer\nFinal Answer: ["${db[3].label[0]}"]`, loss: true }] }),
    nearCopyOf(byId(PLANTED.nearDuplicate.agent[1]), PLANTED.nearDuplicate.agent[0]),
    alfworldMalformed(planted, PLANTED.format[2]),
    alfworldLoop(planted, PLANTED.loop),
    webshopRefusal(planted, PLANTED.refusal[0]),
    withId(byId(PLANTED.exactDuplicate.agent[1]), PLANTED.exactDuplicate.agent[0]),
  );
  files.set('agent/agentinstruct.json', jsonArray(agent));
  files.set('agent/agent-runs.jsonl', jsonLines(agentRuns(new Picker(seed, 'agent-runs'))));

  const chats = new Picker(seed, 'chat');
  const sharegpt: ShareRecord[] = [];
  for (let index = 1; index <= SHAREGPT_CHATS; index++) sharegpt.push(shareGptChat(`chat_${index}`, chatExchanges(chats)));
  const chat = (id: string): ShareRecord => sharegpt.find((record) => record.id === id) as ShareRecord;
  const [[nearA, ofA], [nearB, ofB], [cutB]] = PLANTED.nearDuplicate.chat;
  sharegpt.push(
    nearCopy(chats, chat(ofA), nearA, 1),
    nearCopy(chats, chat(ofB), nearB, 1),
    nearCopy(chats, chat(ofB), cutB, 2),
    exactCopyInCapitals(chat(PLANTED.exactDuplicate.chat[0][1]), PLANTED.exactDuplicate.chat[0][0]),
    refusingChat(PLANTED.refusal[1]),
    repeatingChat(PLANTED.repetition),
    unansweredChat(chats, PLANTED.structure),
  );
  files.set('general/sharegpt.json', jsonArray(sharegpt));

  const openai: OpenAiRecord[] = [];
  for (let index = 1; index <= OPENAI_CHATS; index++) openai.push(openAiChat(`openai_${index}`, chatExchanges(chats), index % 3 === 0 ? 'You are a friendly and concise assistant.' : undefined));
  const copied = chat(PLANTED.exactDuplicate.chat[1][1]);
  openai.push(
    openAiChat(PLANTED.exactDuplicate.chat[1][0], pairs(copied)),
    toolCallChat(PLANTED.toolCall, 'Bergen', 9),
  );
  files.set('general/openai.jsonl', jsonLines(openai));
  return files;
}

/** The question/answer pairs of a ShareGPT chat. */
function pairs(record: ShareRecord): { question: string; answer: string }[] {
  const result: { question: string; answer: string }[] = [];
  for (let index = 0; index + 1 < record.conversations.length; index += 2) result.push({ question: record.conversations[index].value, answer: record.conversations[index + 1].value });
  return result;
}

/** An exact duplicate as dedup sees it: the same words in capitals (exact keys ignore case). */
function exactCopyInCapitals(record: ShareRecord, id: string): ShareRecord {
  const copy = withId(record, id);
  copy.conversations[0].value = copy.conversations[0].value.toUpperCase();
  return copy;
}

/** A trajectory whose last answer lost its first word: a near duplicate of an agent record (and shorter, so the original stays). */
function nearCopyOf(record: ShareRecord, id: string): ShareRecord {
  const copy = withId(record, id);
  const last = copy.conversations.at(-1);
  if (last !== undefined) last.value = last.value.replace(/^\S+ /, '');
  return copy;
}

/** Run logs with rewards (as agent environments report them): some pass, some fail. */
function agentRuns(pick: Picker): ShareRecord[] {
  const run = (record: ShareRecord, reward: number): ShareRecord => ({ ...record, reward, source: 'agentmix demo runs' });
  const [webshopKept, alfworldKept, mind2webKept, kgKept] = PLANTED.reward.kept;
  const [webshopDropped, alfworldDropped, mind2webDropped] = PLANTED.reward.dropped;
  return [
    run(webshopTrajectory(pick, webshopKept), 1),
    run(webshopTrajectory(pick, webshopDropped), 0.5),
    run(alfworldTrajectory(pick, alfworldKept), 1),
    run(alfworldTrajectory(pick, alfworldDropped), 0),
    run(mind2webTrajectory(pick, mind2webKept), 0.75),
    run(mind2webTrajectory(pick, mind2webDropped), 0.5),
    run(kgTrajectory(pick, kgKept), 1),
  ];
}
