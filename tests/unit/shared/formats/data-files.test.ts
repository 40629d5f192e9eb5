import { expect, it } from 'vitest';
import { FORMATS, identify, type FormatName } from '../../../../shared/formats/index';
import { summarize } from '../../../../shared/schema/record-summary';
import { readFileSync } from 'node:fs';
import { ASSISTANT_FIRST, LEADING_ASSISTANT_DROPPED, NO_ASSISTANT, NO_TURNS, ONLY_SYSTEM, recordFlags } from '../../../../shared/schema/record-flags';
import { allDataFiles, CONVERSATION_FILES, loadValues, NOT_CONVERSATION_FILES, SOURCE_FACTS } from './data-values';
import { dataFile, realData } from '../../../helpers/data';
import { describeWithData, itWithData } from '../../../helpers/with-data';

/** What a conversation file must yield (counts from SOURCES.md where it gives them, else counted once and pinned). */
interface ConversationExpectation {
  records: number;
  tasks: Record<string, number>;
  /** Turns by the role name as written (`Turn.from`). */
  roles: Record<string, number>;
  /** Turns by `from:loss`. */
  loss: Record<string, number>;
  /** Records by reward (`null`: none); all null when absent. */
  rewards?: Record<string, number>;
  toolCalls?: number;
  /** Records by what inspect reports about them (shared/schema/record-flags.ts): cannot train, repaired. */
  findings?: Record<string, number>;
}

const CONVERSATIONS: Record<string, ConversationExpectation> = {
  'adp-agentinstruct-sft/agenttuning_db/sample_sft.json': {
    records: 5, tasks: {db: 5}, roles: {system: 5, human: 10, function_call: 10}, loss: {'system:null':5, 'human:null':10, 'function_call:null':10}, toolCalls: 5,
  },
  'adp-agentinstruct-sft/agenttuning_webshop/sample_sft.json': {
    records: 5, tasks: {webshop: 5}, roles: {system: 5, human: 10, gpt: 5, function_call: 22, observation: 17}, loss: {'system:null':5, 'human:null':10, 'gpt:null':5, 'function_call:null':22, 'observation:null':17}, toolCalls: 22,
  },
  'adp-agentinstruct-std/agenttuning_kg/sample_std.json': {
    records: 5, tasks: {kg: 5}, roles: {'text_observation:user':85, 'text_observation:agent':5, api_action: 65, message_action: 15}, loss: {'text_observation:user:null':85, 'text_observation:agent:null':5, 'api_action:null':65, 'message_action:null':15}, toolCalls: 65,
  },
  'adp-agentinstruct-std/agenttuning_os/sample_std.json': {
    records: 5, tasks: {os: 5}, roles: {'text_observation:user':10, code_action: 24, 'text_observation:environment':24, message_action: 10}, loss: {'text_observation:user:null':10, 'code_action:null':24, 'text_observation:environment:null':24, 'message_action:null':10}, toolCalls: 24,
  },
  'adp-raw-agent-datasets/code_feedback/sample_raw.json': {
    records: 10, tasks: {null: 10}, roles: {user: 34, assistant: 34}, loss: {'user:null':34, 'assistant:null':34},
  },
  'adp-raw-agent-datasets/codeactinstruct/sample_raw.json': {
    records: 5, tasks: {null: 5}, roles: {system: 5, user: 18, assistant: 18}, loss: {'system:null':5, 'user:null':18, 'assistant:null':18},
  },
  'adp-raw-agent-datasets/mini-coder/sample_raw.json': {
    records: 1, tasks: {null: 1}, roles: {system: 1, user: 8, assistant: 8}, loss: {'system:null':1, 'user:null':8, 'assistant:null':8},
  },
  'adp-raw-agent-datasets/nebius_SWE-agent-trajectories/sample_raw.json': {
    records: 5, tasks: {null: 5}, roles: {system: 5, user: 49, ai: 49}, loss: {'system:false':5, 'user:false':49, 'ai:true':49}, rewards: {'1':5},
  },
  'adp-raw-agent-datasets/orca_agentinstruct/sample_raw.json': {
    records: 5, tasks: {null: 5}, roles: {system: 5, user: 9, assistant: 9}, loss: {'system:null':5, 'user:null':9, 'assistant:null':9},
  },
  'adp-raw-agent-datasets/swe-gym_openhands_sampled_trajectories/sample_raw.json': {
    records: 5, tasks: {null: 5}, roles: {system: 5, user: 13, assistant: 88, tool: 82}, loss: {'system:null':5, 'user:null':13, 'assistant:null':88, 'tool:null':82}, rewards: {'1':5}, toolCalls: 87,
  },
  'adp-raw-agent-datasets/toucan_1_5m/sample_raw.json': {
    records: 1, tasks: {null: 1}, roles: {system: 1, user: 1, assistant: 3, function: 1}, loss: {'system:null':1, 'user:null':1, 'assistant:null':3, 'function:null':1}, toolCalls: 1,
  },
  'agentbench-run-outputs/gemini-2.0/medagentbench-std/runs.jsonl': {
    records: 46, tasks: {'medagentbench-std':46}, roles: {user: 86, agent: 86}, loss: {'user:null':86, 'agent:null':86}, rewards: {'0':21, null: 25},
  },
  'agentinstruct-adp-samples/agenttuning_alfworld/sample_raw.json': {
    records: 5, tasks: {alfworld: 5}, roles: {user: 89, assistant: 89}, loss: {'user:null':89, 'assistant:null':89},
  },
  'agentinstruct-adp-samples/agenttuning_db/sample_raw.json': {
    records: 5, tasks: {db: 5}, roles: {user: 10, assistant: 10}, loss: {'user:null':10, 'assistant:null':10},
  },
  'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json': {
    records: 5, tasks: {kg: 5}, roles: {user: 80, assistant: 80}, loss: {'user:null':80, 'assistant:null':80},
  },
  'agentinstruct-adp-samples/agenttuning_mind2web/sample_raw.json': {
    records: 5, tasks: {mind2web: 5}, roles: {user: 5, assistant: 5}, loss: {'user:null':5, 'assistant:null':5},
  },
  'agentinstruct-adp-samples/agenttuning_os/sample_raw.json': {
    records: 5, tasks: {os: 5}, roles: {user: 34, assistant: 34}, loss: {'user:null':34, 'assistant:null':34},
  },
  'agentinstruct-adp-samples/agenttuning_webshop/sample_raw.json': {
    records: 5, tasks: {webshop: 5}, roles: {user: 22, assistant: 22}, loss: {'user:null':22, 'assistant:null':22},
  },
  'agentinstruct-val200-messages/val_set_200.json': {
    records: 200, tasks: {mind2web: 17, alfworld: 39, webshop: 38, db: 54, os: 23, kg: 29}, roles: {system: 200, user: 1519, assistant: 1519}, loss: {'system:null':200, 'user:null':1519, 'assistant:null':1519},
  },
  'eto-sample/sample_raw.json': {
    records: 3, tasks: {webshop: 3}, roles: {human: 15, gpt: 15}, loss: {'human:null':15, 'gpt:null':15}, rewards: {'1':2, '0.75':1},
  },
  'fastchat-sharegpt/dummy_conversation.json': {
    records: 500, tasks: {null: 500}, roles: {human: 1000, gpt: 1000}, loss: {'human:null':1000, 'gpt:null':1000},
  },
  'fireact-more/alpaca_format/hotpotqa_multimethod.json': {
    records: 734, tasks: {null: 734}, roles: {instruction: 734, output: 734}, loss: {'instruction:null':734, 'output:null':734},
  },
  'fireact-more/gpt_format/multitask_multimethod.jsonl': {
    records: 2063, tasks: {null: 2063}, roles: {user: 6379, assistant: 4323}, loss: {'user:null':6379, 'assistant:null':4323}, findings: {'assistant-first':2},
  },
  'fireact-more/trajs/hotpotqa_dev_0_500_ft_gpt-3.5-turbo-0613_princeton-nlp__7woQRsdi_0.0_2023-09-21-16-19-51.json': {
    records: 465, tasks: {null: 465}, roles: {user: 1706, assistant: 1241}, loss: {'user:null':1706, 'assistant:null':1241}, rewards: {'0':265, '1':200},
  },
  'fireact-trajectories/hotpotqa.jsonl': {
    records: 500, tasks: {null: 500}, roles: {user: 1885, assistant: 1385}, loss: {'user:null':1885, 'assistant:null':1385},
  },
  'llamafactory-formats/glaive_toolcall_en_demo.json': {
    records: 300, tasks: {null: 300}, roles: {human: 746, gpt: 746, function_call: 211, observation: 211}, loss: {'human:null':746, 'gpt:null':746, 'function_call:null':211, 'observation:null':211}, toolCalls: 211,
  },
  'llamafactory-formats/v1_sft_demo.jsonl': {
    records: 500, tasks: {null: 500}, roles: {user: 500, assistant: 500}, loss: {'user:false':500, 'assistant:true':500},
  },
  'llamafactory-more/glaive_toolcall_zh_demo.json': {
    records: 300, tasks: {null: 300}, roles: {human: 722, function_call: 216, observation: 218, gpt: 724}, loss: {'human:null':722, 'function_call:null':216, 'observation:null':218, 'gpt:null':724}, toolCalls: 216,
  },
  'llamafactory-more/reason_tool_use_demo_50.jsonl': {
    records: 50, tasks: {null: 50}, roles: {system: 50, user: 70, assistant: 112, tool: 42}, loss: {'system:null':50, 'user:null':70, 'assistant:null':112, 'tool:null':42}, toolCalls: 68,
  },
  'nat-negative-trajectories/strategyqa_gpt-3.5_negative.json': {
    records: 1263, tasks: {null: 1263}, roles: {assistant: 3191, user: 3191}, loss: {'assistant:true':3191, 'user:false':3191}, rewards: {'0':1263}, findings: {'assistant-first':1256, 'no-turns':7},
  },
  'sharegpt-dialogstudio-converted/converted_example.json': {
    records: 5, tasks: {null: 5}, roles: {'user utterance':14, 'system response':14}, loss: {'user utterance:null':14, 'system response:null':14},
  },
  'sharegpt-firstturn-mlenergy/ShareGPT_V3_filtered_500.json': {
    records: 500, tasks: {null: 500}, roles: {human: 500}, loss: {'human:null':500}, findings: {'no-assistant':500},
  },
  'sharegpt-real-dialogstudio/original_example.json': {
    records: 5, tasks: {null: 5}, roles: {human: 14, gpt: 14}, loss: {'human:null':14, 'gpt:null':14},
  },
  'sharegpt-sample-chatdemo/sharegpt_sample.json': {
    records: 50, tasks: {null: 50}, roles: {human: 50, gpt: 50}, loss: {'human:null':50, 'gpt:null':50},
  },
  'sharegpt90k-firstturn-mlenergy/sg_90k_part1_html_cleaned_lang_first_sampled_sorted.json': {
    records: 2978, tasks: {null: 2978}, roles: {human: 2958, gpt: 4, system: 16}, loss: {'human:null':2958, 'gpt:null':4, 'system:null':16}, findings: {'no-assistant':2958, 'assistant-first':4, 'only-system':16},
  },
  'sharegpt92k-single-objects/sample_data/0AQp27B_1.json': {
    records: 1, tasks: {null: 1}, roles: {human: 1, gpt: 1}, loss: {'human:null':1, 'gpt:null':1}, findings: {'leading-assistant-dropped':1},
  },
  'sharegpt92k-single-objects/sample_data/0BZVqwW_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 6, gpt: 6}, loss: {'human:null':6, 'gpt:null':6},
  },
  'sharegpt92k-single-objects/sample_data/0DsLnLO_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 1, gpt: 1}, loss: {'human:null':1, 'gpt:null':1},
  },
  'sharegpt92k-single-objects/sample_data/0fDFisQ_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 1, gpt: 1}, loss: {'human:null':1, 'gpt:null':1},
  },
  'sharegpt92k-single-objects/sample_data/0fXaWSr_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 33, gpt: 33}, loss: {'human:null':33, 'gpt:null':33},
  },
  'sharegpt92k-single-objects/sample_data/0iEF8Gz_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 4, gpt: 4}, loss: {'human:null':4, 'gpt:null':4},
  },
  'sharegpt92k-single-objects/sample_data/6yOyum9_11.json': {
    records: 1, tasks: {null: 1}, roles: {human: 4, gpt: 4}, loss: {'human:null':4, 'gpt:null':4}, findings: {'leading-assistant-dropped':1},
  },
  'sharegpt92k-single-objects/sample_data/eioT97j_21.json': {
    records: 1, tasks: {null: 1}, roles: {human: 5, gpt: 5}, loss: {'human:null':5, 'gpt:null':5}, findings: {'leading-assistant-dropped':1},
  },
  'sharegpt92k-single-objects/sample_data/gzHcTRc_30.json': {
    records: 1, tasks: {null: 1}, roles: {human: 3, gpt: 3}, loss: {'human:null':3, 'gpt:null':3},
  },
  'sharegpt92k-single-objects/sample_data/ubPV3tu_53.json': {
    records: 1, tasks: {null: 1}, roles: {human: 5, gpt: 5}, loss: {'human:null':5, 'gpt:null':5}, findings: {'leading-assistant-dropped':1},
  },
  'sharegpt92k-single-objects/sample_data/zZS05KI_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 7, gpt: 7}, loss: {'human:null':7, 'gpt:null':7},
  },
  'sharegpt92k-single-objects/sampled_enriched_data/3fEAJx4_413.json': {
    records: 1, tasks: {null: 1}, roles: {human: 11, gpt: 11}, loss: {'human:null':11, 'gpt:null':11}, findings: {'leading-assistant-dropped':1},
  },
  'sharegpt92k-single-objects/sampled_enriched_data/5Qx1CGZ_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 3, gpt: 3}, loss: {'human:null':3, 'gpt:null':3},
  },
  'sharegpt92k-single-objects/sampled_enriched_data/UvdwCMU_0.json': {
    records: 1, tasks: {null: 1}, roles: {human: 62, gpt: 62}, loss: {'human:null':62, 'gpt:null':62},
  },
  'sharegpt92k-single-objects/sampled_enriched_data/ufsbA0x_0.json': {
    records: 1, tasks: {null: 1}, roles: {system: 1, human: 1, gpt: 1}, loss: {'system:null':1, 'human:null':1, 'gpt:null':1},
  },
  'webshop-agentinstruct-style-clean-obs/clean_sneakers_observation-attack.json': {
    records: 50, tasks: {webshop: 50}, roles: {human: 312, gpt: 312}, loss: {'human:null':312, 'gpt:false':50, 'gpt:true':262},
  },
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json': {
    records: 50, tasks: {webshop: 50}, roles: {human: 324, gpt: 324}, loss: {'human:null':324, 'gpt:false':50, 'gpt:true':274},
  },
};

const OS = 'AgentBench OS test set';

/** The findings a record's flags make. */
const FINDING_FLAGS: [string, number][] = [
  ['no-turns', NO_TURNS],
  ['only-system', ONLY_SYSTEM],
  ['no-assistant', NO_ASSISTANT],
  ['assistant-first', ASSISTANT_FIRST],
  ['leading-assistant-dropped', LEADING_ASSISTANT_DROPPED],
];

const SHAREGPT_SHAPED = new Set<FormatName>(['agentinstruct', 'sharegpt']);

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

describeWithData('every file in ../shared/data', () => {
  itWithData('holds every file the two tables name (files it does not name are reported, not failed)', () => {
    const known = [...Object.keys(CONVERSATIONS), ...Object.keys(NOT_CONVERSATION_FILES)].sort();
    const present = new Set(allDataFiles());
    expect(known.filter((path) => !present.has(path))).toEqual([]);
    const unknown = [...present].filter((path) => !known.includes(path));
    if (unknown.length > 0) console.info(`../shared/data holds ${unknown.length} files these tables do not name yet: ${unknown.join(', ')}`);
    expect(Object.keys(CONVERSATIONS).sort()).toEqual(Object.keys(SOURCE_FACTS).sort());
    for (const [path, expected] of Object.entries(CONVERSATIONS)) expect(expected.records, path).toBe(SOURCE_FACTS[path].records);
  });

  it('the std OS test set has the 144 problems AgentTuning evaluates', () => {
    const std = Object.entries(NOT_CONVERSATION_FILES).filter(([path, entry]) => entry.what === OS && path.startsWith('agentbench-old-testsets/') && !path.endsWith('dev.json'));
    expect(std.reduce((total, [, entry]) => total + entry.values, 0)).toBe(144);
  });
});

describeWithData.each(Object.entries(CONVERSATIONS))('%s', (path, expected) => {
  const format = CONVERSATION_FILES[path];
  const values = realData(() => loadValues(path));
  const context = { source: dataFile(path) };

  it(`is identified as ${format} from its first 32 values`, () => {
    const identification = identify(SOURCE_FACTS[path].keyed === true ? [JSON.parse(readFileSync(dataFile(path), 'utf8'))] : values.slice(0, 32));
    expect(identification).toMatchObject({ kind: 'conversations', format, ...(SOURCE_FACTS[path].keyed === true ? { keyed: true } : {}) });
    if (identification.kind === 'conversations') expect(identification.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('reads every record, with the expected tasks, roles, loss flags, rewards, tool calls and findings', () => {
    expect(values).toHaveLength(expected.records);
    const tasks: Record<string, number> = {};
    const roles: Record<string, number> = {};
    const loss: Record<string, number> = {};
    const rewards: Record<string, number> = {};
    const findings: Record<string, number> = {};
    let toolCalls = 0;
    for (const value of values) {
      const result = FORMATS[format].read(value, context);
      if (!result.ok) throw new Error(result.message);
      const conversation = result.conversation;
      expect(conversation.raw).toBe(value);
      increment(tasks, String(conversation.task));
      increment(rewards, String(conversation.reward));
      for (const turn of conversation.turns) {
        increment(roles, turn.from);
        increment(loss, `${turn.from}:${turn.loss}`);
        toolCalls += turn.toolCalls?.length ?? 0;
      }
      const flags = recordFlags(conversation);
      for (const [kind, flag] of FINDING_FLAGS) if ((flags & flag) !== 0) increment(findings, kind);
    }
    expect(tasks).toEqual(expected.tasks);
    expect(roles).toEqual(expected.roles);
    expect(loss).toEqual(expected.loss);
    expect(rewards).toEqual(expected.rewards ?? { null: values.length });
    expect(toolCalls).toBe(expected.toolCalls ?? 0);
    expect(findings).toEqual(expected.findings ?? {});
  });

  it('summarizes to the same totals', () => {
    const totals = { turns: 0, lossTrue: 0, lossFalse: 0, lossNull: 0 };
    for (const value of values) {
      const result = FORMATS[format].read(value, context);
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
      // A record with no turns is valid in any format whose turns may be empty; it is not an overlap.
      const readable = values.filter((value) => {
        const read = other.read(value, context);
        return read.ok && read.conversation.turns.length > 0;
      }).length;
      expect(readable, other.name).toBe(0);
    }
  });
});

describeWithData.each(Object.entries(NOT_CONVERSATION_FILES))('%s', (path, expected) => {
  const values = realData(() => loadValues(path));

  it(`is not conversations: ${expected.what}`, () => {
    expect(values).toHaveLength(expected.values);
    const identification = identify(values.slice(0, 32));
    expect(identification).toMatchObject({ kind: 'not-conversations', what: expected.what });
    if (identification.kind !== 'not-conversations') return;
    if (expected.what === 'ToolBench DFS answer file') expect(identification.message).toContain('a ToolBench DFS answer file, a format we do not read');
    else if (expected.what === 'Mind2Web few-shot prompt') expect(identification.message).toContain('not records');
    else if (expected.what === 'AgentBench Avalon game setups') expect(identification.message).toContain('no text');
    else if (expected.what === 'WebArena replay trajectory') expect(identification.message).toContain('not a conversation');
    else expect(identification.message).toContain('an evaluation set, not conversations; name it under evalSets in a recipe');
  });
});
