import { expect, it } from 'vitest';
import { FORMATS, identify, type FormatName } from '../../../../shared/formats/index';
import { summarize } from '../../../../shared/schema/record-summary';
import { allDataFiles, CONVERSATION_FILES, loadValues } from './data-values';
import { realData } from '../../../helpers/data';
import { describeWithData, itWithData } from '../../../helpers/with-data';

/** What a conversation file must yield (counts from SOURCES.md where it gives them, else counted once and pinned). */
interface ConversationExpectation {
  records: number;
  tasks: Record<string, number>;
  /** Turns by the role name as written (`Turn.from`). */
  roles: Record<string, number>;
  /** Turns by `from:loss`. */
  loss: Record<string, number>;
  rewards?: (number | null)[];
  toolCalls?: number;
}

const CONVERSATIONS: Record<keyof typeof CONVERSATION_FILES, ConversationExpectation> = {
  'agentinstruct-adp-samples/agenttuning_alfworld/sample_raw.json': {
    records: 5, tasks: { alfworld: 5 }, roles: { user: 89, assistant: 89 }, loss: { 'user:null': 89, 'assistant:null': 89 },
  },
  'agentinstruct-adp-samples/agenttuning_db/sample_raw.json': {
    records: 5, tasks: { db: 5 }, roles: { user: 10, assistant: 10 }, loss: { 'user:null': 10, 'assistant:null': 10 },
  },
  'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json': {
    records: 5, tasks: { kg: 5 }, roles: { user: 80, assistant: 80 }, loss: { 'user:null': 80, 'assistant:null': 80 },
  },
  'agentinstruct-adp-samples/agenttuning_mind2web/sample_raw.json': {
    records: 5, tasks: { mind2web: 5 }, roles: { user: 5, assistant: 5 }, loss: { 'user:null': 5, 'assistant:null': 5 },
  },
  'agentinstruct-adp-samples/agenttuning_os/sample_raw.json': {
    records: 5, tasks: { os: 5 }, roles: { user: 34, assistant: 34 }, loss: { 'user:null': 34, 'assistant:null': 34 },
  },
  'agentinstruct-adp-samples/agenttuning_webshop/sample_raw.json': {
    records: 5, tasks: { webshop: 5 }, roles: { user: 22, assistant: 22 }, loss: { 'user:null': 22, 'assistant:null': 22 },
  },
  'agentinstruct-val200-messages/val_set_200.json': {
    records: 200,
    tasks: { db: 54, alfworld: 39, webshop: 38, kg: 29, os: 23, mind2web: 17 },
    roles: { system: 200, user: 1519, assistant: 1519 },
    loss: { 'system:null': 200, 'user:null': 1519, 'assistant:null': 1519 },
  },
  'eto-sample/sample_raw.json': {
    records: 3, tasks: { webshop: 3 }, roles: { human: 15, gpt: 15 }, loss: { 'human:null': 15, 'gpt:null': 15 }, rewards: [1, 0.75, 1],
  },
  'fastchat-sharegpt/dummy_conversation.json': {
    records: 500, tasks: { null: 500 }, roles: { human: 1000, gpt: 1000 }, loss: { 'human:null': 1000, 'gpt:null': 1000 },
  },
  'fireact-trajectories/hotpotqa.jsonl': {
    records: 500, tasks: { null: 500 }, roles: { user: 1885, assistant: 1385 }, loss: { 'user:null': 1885, 'assistant:null': 1385 },
  },
  'llamafactory-formats/glaive_toolcall_en_demo.json': {
    records: 300,
    tasks: { null: 300 },
    roles: { human: 746, gpt: 746, function_call: 211, observation: 211 },
    loss: { 'human:null': 746, 'gpt:null': 746, 'function_call:null': 211, 'observation:null': 211 },
    toolCalls: 211,
  },
  'llamafactory-formats/v1_sft_demo.jsonl': {
    records: 500, tasks: { null: 500 }, roles: { user: 500, assistant: 500 }, loss: { 'user:false': 500, 'assistant:true': 500 },
  },
  'sharegpt-firstturn-mlenergy/ShareGPT_V3_filtered_500.json': {
    records: 500, tasks: { null: 500 }, roles: { human: 500 }, loss: { 'human:null': 500 },
  },
  'sharegpt-real-dialogstudio/original_example.json': {
    records: 5, tasks: { null: 5 }, roles: { human: 14, gpt: 14 }, loss: { 'human:null': 14, 'gpt:null': 14 },
  },
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json': {
    records: 50, tasks: { webshop: 50 }, roles: { human: 324, gpt: 324 }, loss: { 'human:null': 324, 'gpt:false': 50, 'gpt:true': 274 },
  },
};

const OS = 'AgentBench OS test set';
/** Files that are not conversations: what each is, and how many values it holds. */
const NOT_CONVERSATIONS: Record<string, { what: string; values: number }> = {
  'agentbench-old-testsets/alfworld/dev.json': { what: 'ALFWorld game paths', values: 1 },
  'agentbench-old-testsets/alfworld/std.json': { what: 'ALFWorld game paths', values: 1 },
  'agentbench-old-testsets/dbbench/dev.jsonl': { what: 'AgentBench DB test set', values: 60 },
  'agentbench-old-testsets/dbbench/standard.jsonl': { what: 'AgentBench DB test set', values: 300 },
  'agentbench-old-testsets/knowledgegraph/dev.json': { what: 'AgentBench KG test set', values: 20 },
  'agentbench-old-testsets/knowledgegraph/std.json': { what: 'AgentBench KG test set', values: 150 },
  'agentbench-old-testsets/mind2web/prompt/llm_prompt.json': { what: 'Mind2Web few-shot prompt', values: 7 },
  'agentbench-old-testsets/mind2web/prompt/llm_prompt_cot.json': { what: 'Mind2Web few-shot prompt', values: 7 },
  // The "std" OS test set: 7 + 5 + 6 + 19 + 10 + 9 + 88 = 144 problems (SOURCES.md).
  'agentbench-old-testsets/os_interaction/data/1/stock.json': { what: OS, values: 7 },
  'agentbench-old-testsets/os_interaction/data/2/environment.json': { what: OS, values: 5 },
  'agentbench-old-testsets/os_interaction/data/3/ac.json': { what: OS, values: 6 },
  'agentbench-old-testsets/os_interaction/data/4/N11.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N225.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N37.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N4.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/N41.json': { what: OS, values: 4 },
  'agentbench-old-testsets/os_interaction/data/4/Q09.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q19.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q30.json': { what: OS, values: 6 },
  'agentbench-old-testsets/os_interaction/data/4/Q47.json': { what: OS, values: 1 },
  'agentbench-old-testsets/os_interaction/data/4/Q49.json': { what: OS, values: 2 },
  'agentbench-old-testsets/os_interaction/data/5/new.json': { what: OS, values: 10 },
  'agentbench-old-testsets/os_interaction/data/6/new.json': { what: OS, values: 9 },
  'agentbench-old-testsets/os_interaction/data/7/2023-06-07-00-13-14.json': { what: OS, values: 88 },
  'agentbench-old-testsets/os_interaction/data/dev.json': { what: OS, values: 26 },
  'toolbench-sample/10_ChatGPT_DFS_woFilter_w2.json': { what: 'ToolBench DFS answer file', values: 1 },
  'webshop-human-goals/human_goals.json': { what: 'WebShop goals', values: 12087 },
};

const SHAREGPT_SHAPED = new Set<FormatName>(['agentinstruct', 'sharegpt']);

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

describeWithData('every file in ../shared/data', () => {
  itWithData('holds every file the two tables name (files it does not name are reported, not failed)', () => {
    const known = [...Object.keys(CONVERSATIONS), ...Object.keys(NOT_CONVERSATIONS)].sort();
    const present = new Set(allDataFiles());
    expect(known.filter((path) => !present.has(path))).toEqual([]);
    const unknown = [...present].filter((path) => !known.includes(path));
    if (unknown.length > 0) console.info(`../shared/data holds ${unknown.length} files these tables do not name yet: ${unknown.join(', ')}`);
  });

  it('the std OS test set has the 144 problems AgentTuning evaluates', () => {
    const std = Object.entries(NOT_CONVERSATIONS).filter(([path, entry]) => entry.what === OS && !path.endsWith('dev.json'));
    expect(std.reduce((total, [, entry]) => total + entry.values, 0)).toBe(144);
  });
});

describeWithData.each(Object.entries(CONVERSATIONS))('%s', (path, expected) => {
  const format = CONVERSATION_FILES[path as keyof typeof CONVERSATION_FILES] as FormatName;
  const values = realData(() => loadValues(path));

  it(`is identified as ${format} from its first 32 values`, () => {
    const identification = identify(values.slice(0, 32));
    expect(identification).toMatchObject({ kind: 'conversations', format });
    if (identification.kind === 'conversations') expect(identification.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('reads every record, with the expected tasks, roles, loss flags and rewards', () => {
    expect(values).toHaveLength(expected.records);
    const tasks: Record<string, number> = {};
    const roles: Record<string, number> = {};
    const loss: Record<string, number> = {};
    const rewards: (number | null)[] = [];
    let toolCalls = 0;
    for (const value of values) {
      const result = FORMATS[format].read(value);
      if (!result.ok) throw new Error(result.message);
      const conversation = result.conversation;
      expect(conversation.raw).toBe(value);
      increment(tasks, String(conversation.task));
      rewards.push(conversation.reward);
      for (const turn of conversation.turns) {
        increment(roles, turn.from);
        increment(loss, `${turn.from}:${turn.loss}`);
        toolCalls += turn.toolCalls?.length ?? 0;
      }
    }
    expect(tasks).toEqual(expected.tasks);
    expect(roles).toEqual(expected.roles);
    expect(loss).toEqual(expected.loss);
    expect(rewards).toEqual(expected.rewards ?? values.map(() => null));
    expect(toolCalls).toBe(expected.toolCalls ?? 0);
  });

  it('summarizes to the same totals', () => {
    const totals = { turns: 0, lossTrue: 0, lossFalse: 0, lossNull: 0 };
    for (const value of values) {
      const result = FORMATS[format].read(value);
      if (!result.ok) throw new Error(result.message);
      const summary = summarize(result.conversation);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += summary[key];
      expect(summary.firstUserText.length).toBeLessThanOrEqual(160);
      expect(summary.firstUserText).not.toMatch(/\s\s|^\s|\s$/);
    }
    const flags = Object.entries(expected.loss);
    const count = (flag: string): number => flags.filter(([key]) => key.endsWith(`:${flag}`)).reduce((total, [, n]) => total + n, 0);
    expect(totals).toEqual({
      turns: Object.values(expected.roles).reduce((total, n) => total + n, 0),
      lossTrue: count('true'),
      lossFalse: count('false'),
      lossNull: count('null'),
    });
  });

  it('is read by no other format without a problem (formats do not overlap silently)', () => {
    for (const other of Object.values(FORMATS)) {
      if (other.name === format) continue;
      // AgentInstruct is ShareGPT-shaped by design: each reads the other's human/gpt records; detection tells them apart.
      if (SHAREGPT_SHAPED.has(format) && SHAREGPT_SHAPED.has(other.name)) continue;
      const readable = values.filter((value) => other.read(value).ok).length;
      expect(readable, other.name).toBe(0);
    }
  });
});

describeWithData.each(Object.entries(NOT_CONVERSATIONS))('%s', (path, expected) => {
  const values = realData(() => loadValues(path));

  it(`is not conversations: ${expected.what}`, () => {
    expect(values).toHaveLength(expected.values);
    const identification = identify(values.slice(0, 32));
    expect(identification).toMatchObject({ kind: 'not-conversations', what: expected.what });
    if (identification.kind !== 'not-conversations') return;
    if (expected.what === 'ToolBench DFS answer file') expect(identification.message).toContain('a ToolBench DFS answer file, a format we do not read');
    else if (expected.what === 'Mind2Web few-shot prompt') expect(identification.message).toContain('not records');
    else expect(identification.message).toContain('an evaluation set, not conversations; name it under evalSets in a recipe');
  });
});
