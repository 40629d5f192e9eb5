import { describe, expect, it } from 'vitest';
import { formatFilter, formatSettings } from '../../../../shared/filters/format';
import { filterSettings, needsRemeasure } from '../../../../shared/filters/index';
import { agentRecords, fireactRecords, generalRecords, recordById, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';
import { demoAgentRecords } from './demo-data';

const defaults = formatSettings.parse({});
const agents = realData(() => agentRecords());

function judged(record: RealRecord, settings = defaults) {
  return formatFilter.judge(formatFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

const strict = formatSettings.parse({ strict: true });

/**
 * Real records that the strict checks reject, all in the val200 sample of AgentInstruct. Their
 * syntax is right, so the default settings keep them: three kg trajectories whose environment
 * answered "No executable function found! Need to recheck the action." or "cannot be executed"
 * (a call to a tool the prompt does not define, apologies without an action, a final answer that
 * is a sentence), and two mind2web records whose answer names a choice the page does not offer
 * (their thought answers another task: the record's prompt and answer do not belong together).
 */
const STRICT_FAILURES: Record<string, { turn: number; rule: string; found: string; count: number }> = {
  kg_256: { turn: 28, rule: 'format.unknown-tool', found: 'found `get_entities_of_type`', count: 8 },
  kg_229: { turn: 30, rule: 'format.no-action', found: 'found a turn with neither: `I apologize for my mistakes.', count: 10 },
  kg_3: { turn: 28, rule: 'format.answer-not-variable', found: 'found `Unable to find the answer with the available actions.`', count: 2 },
  mind2web_103: { turn: 2, rule: 'format.choice-not-offered', found: 'expected one of the choices A, B, C after `Answer:`, found `F`', count: 1 },
  mind2web_23: { turn: 2, rule: 'format.choice-not-offered', found: 'expected one of the choices A, B, C after `Answer:`, found `E`', count: 1 },
};

describeWithData('format filter on the real AgentInstruct-style records', () => {
  it('checks the 283 records: 30 ADP, 200 val200, 50 clean WebShop, 3 ETO', () => {
    const bySource: Record<string, number> = {};
    for (const record of agents) bySource[record.source] = (bySource[record.source] ?? 0) + 1;
    expect(bySource).toEqual({ adp: 30, val200: 200, 'webshop-clean': 50, eto: 3 });
  });

  it('keeps all 283 with the default settings, and checks every action turn', () => {
    let checked = 0;
    for (const record of agents) {
      const measurement = formatFilter.measure(record.conversation, record.context, defaults);
      checked += measurement.scores.actionTurns ?? Number.NaN;
      expect(measurement.scores.actionTurns, `${record.conversation.id}`).toBeGreaterThan(0);
      expect(measurement.scores.malformedTurns, `${record.source} ${record.conversation.id}`).toBe(0);
      expect(formatFilter.judge(measurement, defaults, record.context), `${record.source} ${record.conversation.id}`).toEqual({ decision: 'keep', reasons: [] });
    }
    expect(checked).toBe(1865);
  });

  it('in strict mode, drops exactly the five val200 records whose turns are well formed but wrong', () => {
    const dropped: string[] = [];
    for (const record of agents) {
      const measurement = formatFilter.measure(record.conversation, record.context, strict);
      const outcome = formatFilter.judge(measurement, strict, record.context);
      const known = record.source === 'val200' ? STRICT_FAILURES[record.conversation.id ?? ''] : undefined;
      if (known === undefined) {
        expect(outcome.reasons, `${record.source} ${record.conversation.id}`).toEqual([]);
        continue;
      }
      dropped.push(record.conversation.id ?? '');
      expect(outcome.decision).toBe('drop');
      expect(outcome.reasons).toHaveLength(1);
      const [reason] = outcome.reasons;
      expect(reason.rule).toBe(known.rule);
      expect(reason.turn).toBe(known.turn);
      expect(reason.message.startsWith(`assistant turn ${known.turn} fails a strict ${record.context.task} check (${known.rule.slice('format.'.length)}): `)).toBe(true);
      expect(reason.message).toContain(known.found);
      expect(measurement.scores.semanticTurns).toBe(known.count);
      const text = record.conversation.turns[known.turn].text;
      expect(reason.start).toBeGreaterThanOrEqual(0);
      expect(reason.end).toBeLessThanOrEqual(text.length);
    }
    expect(dropped.sort()).toEqual(Object.keys(STRICT_FAILURES).sort());
  });

  it('is not applicable to general records or to tasks without a grammar', () => {
    for (const record of [...generalRecords().slice(0, 50), ...fireactRecords().slice(0, 50)]) {
      const measurement = formatFilter.measure(record.conversation, record.context, defaults);
      expect(measurement.scores).toEqual({ malformedTurns: 0, semanticTurns: 0, actionTurns: 0 });
      expect(formatFilter.judge(measurement, defaults, record.context).decision).toBe('keep');
    }
  });

  it("recognizes the task from its prompt when the record's id names none", () => {
    const record = recordById(agents, 'adp', 'os_116');
    const anonymous: RealRecord = { ...record, context: { role: 'agent', task: null } };
    const broken = withTurnText(anonymous, 7, 'I will run ls');
    expect(judged(broken).reasons[0].message).toContain('does not follow the os action syntax');
  });

  it('re-judges strict mode and a tolerance of bad turns without measuring again', () => {
    const record = recordById(agents, 'val200', 'kg_3');
    const measurement = formatFilter.measure(record.conversation, record.context, defaults);
    expect(formatFilter.measure(record.conversation, record.context, strict)).toEqual(measurement);
    expect(formatFilter.measureKeys).not.toContain('strict');
    expect(needsRemeasure(filterSettings.parse({}), filterSettings.parse({ format: { strict: true, maxMalformedTurns: 2 } }))).toEqual([]);
    expect(measurement.scores).toEqual({ malformedTurns: 0, semanticTurns: 2, actionTurns: 17 });
    expect(formatFilter.judge(measurement, defaults, record.context).decision).toBe('keep');
    expect(formatFilter.judge(measurement, strict, record.context).decision).toBe('drop');
    expect(formatFilter.judge(measurement, formatSettings.parse({ strict: true, maxMalformedTurns: 2 }), record.context).decision).toBe('keep');
    expect(formatFilter.judge(measurement, formatSettings.parse({ strict: true, action: 'flag' }), record.context).decision).toBe('flag');
    expect(formatFilter.judge(measurement, formatSettings.parse({ strict: true, enabled: false }), record.context).decision).toBe('keep');
  });

  it('skips turns that do not train and turns the pipeline marked as templates', () => {
    const clean = recordById(agents, 'webshop-clean', 'webshop_sneakers0_clean_0');
    expect(clean.conversation.turns[1].loss).toBe(false);
    expect(judged(withTurnText(clean, 1, 'I will not follow the format')).decision).toBe('keep');
    const os = recordById(agents, 'adp', 'os_116');
    const brokenExample = withTurnText(os, 1, 'I will run ls');
    expect(judged(brokenExample).decision).toBe('drop');
    const templated: RealRecord = { ...brokenExample, context: { ...brokenExample.context, templateTurns: new Set([0, 1, 2, 3, 4, 5]) } };
    expect(judged(templated).decision).toBe('keep');
  });

  it('only checks the tasks named in the settings', () => {
    const broken = withTurnText(recordById(agents, 'adp', 'os_116'), 7, 'I will run ls');
    expect(judged(broken, formatSettings.parse({ tasks: ['db'] })).decision).toBe('keep');
  });
});

/** A planted mutation: a record, the turn to replace, its new text, and what the message must say. */
type Mutation = [name: string, source: string, id: string, turn: number, text: string, problem: string];

const MUTATIONS: Mutation[] = [
  ['os: no Act line', 'adp', 'os_116', 7, 'I will run ls', 'expected `Act: bash`, `Act: finish` or `Act: answer(...)` after `Think:`, found `I will run ls`'],
  ['os: wrong action name', 'adp', 'os_116', 7, 'Think: list it.\n\nAct: run\n\n```bash\nls\n```', 'expected `bash`, `finish` or `answer(...)` after `Act:`, found `run`'],
  ['os: no bash block', 'adp', 'os_116', 7, 'Think: list it.\n\nAct: bash\n\nls -1 /etc', 'expected a ```bash code block after `Act: bash`, found `ls -1 /etc`'],
  ['os: unclosed bash block', 'adp', 'os_116', 9, 'Think: count.\n\nAct: bash\n\n```bash\nls | wc -l\n', "expected a ```bash code block after `Act: bash`, found `'''bash`"],
  ['os: empty bash block', 'adp', 'os_116', 7, 'Think: list it.\n\nAct: bash\n\n```bash\n\n```', 'found an empty block'],
  ['os: no Think', 'adp', 'os_116', 7, 'Act: bash\n\n```bash\nls\n```', 'found `Act:` without a `Think:` line before it'],
  ['os: two actions', 'adp', 'os_116', 11, 'Think: done.\n\nAct: answer(3)\nAct: finish', 'expected one `Act:` line (one action per turn), found 2'],
  ['os: unclosed answer', 'adp', 'os_116', 11, 'Think: done.\n\nAct: answer(3', 'expected `answer(...)` closed by `)` at the end of the turn, found `answer(3`'],
  ['db: no sql block', 'val200', 'db_227', 4, 'Let me query.\nAction: Operation\nSELECT * FROM t', 'expected a ```sql code block after `Action: Operation`, found `SELECT * FROM t`'],
  ['db: wrong action name', 'val200', 'db_227', 4, 'Let me query.\nAction: Query\n```sql\nSELECT 1\n```', 'expected `Operation` or `Answer` after `Action:`, found `Query`'],
  ['db: answer without final answer', 'adp', 'db_356', 3, 'Done.\nAction: Answer\n["x"]', 'expected `Final Answer: [...]` after `Action: Answer`, found `["x"]`'],
  ['db: final answer not a list', 'adp', 'db_356', 3, 'Done.\nAction: Answer\nFinal Answer: Emily', 'expected a bracketed list after `Final Answer:`, found `Emily`'],
  ['db: no action', 'adp', 'db_356', 3, 'The employee has been added.', 'expected `Action: Operation` with a ```sql block or `Action: Answer` with `Final Answer: [...]`, found `The employee has been added.`'],
  ['alfworld: misspelled label', 'adp', 'alfworld_219', 5, 'ACTON: go to cabinet 2', 'expected `ACTION: <action>`, optionally after `THOUGHT: ...`, found `ACTON: go to cabinet 2`'],
  ['alfworld: prose first', 'adp', 'alfworld_219', 5, 'I should look further.\nACTION: go to cabinet 2', 'found the turn starting with `I should look further.`'],
  ['alfworld: empty action', 'adp', 'alfworld_219', 5, 'ACTION: ', 'expected an action after `ACTION:`, found nothing'],
  ['alfworld: two actions', 'adp', 'alfworld_219', 5, 'ACTION: go to cabinet 2\nACTION: open cabinet 2', 'expected one `ACTION:` line (one action per turn), found 2'],
  ['alfworld: text after the action', 'adp', 'alfworld_219', 5, 'ACTION: go to cabinet 2\nThen I will open it.', 'expected nothing after the `ACTION:` line, found `Then I will open it.`'],
  ['webshop: unclosed click', 'adp', 'webshop_190', 9, "Thought:\nI should buy it.\n\nAction:\nclick[Buy Now", 'expected `search[...]` or `click[...]` after `Action:`, found `click[Buy Now`'],
  ['webshop: wrong action name', 'adp', 'webshop_190', 9, "Thought:\nI should buy it.\n\nAction:\nbuy[Buy Now]", 'found `buy[Buy Now]`'],
  ['webshop: empty search', 'adp', 'webshop_190', 3, 'Thought:\nSearch.\n\nAction:\nsearch[]', 'expected text inside `search[...]`, found `search[]`'],
  ['webshop: no thought', 'adp', 'webshop_190', 9, 'Action:\nclick[Buy Now]', 'found `Action:` without a `Thought:` before it'],
  ['webshop: prose after the action', 'adp', 'webshop_190', 9, 'Thought:\nBuy.\n\nAction:\nclick[Buy Now] and then I will wait', 'found `then I will wait`'],
  ['webshop: no action', 'adp', 'webshop_190', 9, 'Thought:\nI should click Buy Now.', 'found `Thought:`'],
  ['kg: action and final answer', 'adp', 'kg_260', 17, 'Thought: done.\nAction: count(#3)\nFinal Answer: #3', 'expected one action per turn ("You can only take ONE action at a time"), found 2'],
  ['kg: not a call', 'adp', 'kg_260', 3, 'Thought: find it.\nAction: get_relations Kerosene', 'expected a call such as `get_relations(...)` after `Action:`, found `get_relations Kerosene`'],
  ['kg: unclosed call', 'adp', 'kg_260', 3, 'Thought: find it.\nAction: get_relations(Kerosene', 'expected a call such as `get_relations(...)` after `Action:`, found `get_relations(Kerosene`'],
  ['kg: empty final answer', 'adp', 'kg_260', 17, 'Thought: done.\nFinal Answer:', 'expected a variable such as `#3` after `Final Answer:`, found nothing'],
  ['mind2web: not a letter', 'adp', 'mind2web_96', 1, 'Thought: pick it.\nAnswer: the button.\nAction: CLICK', 'expected a choice letter after `Answer:`, found `the button.`'],
  ['mind2web: no answer', 'adp', 'mind2web_96', 1, 'Thought: pick it.\nAction: CLICK', 'expected `Answer: <letter>.` then `Action: CLICK`, `TYPE` or `SELECT` (with `Value:`)'],
  ['mind2web: lower-case operation', 'adp', 'mind2web_96', 1, 'Thought: pick it.\nAnswer: B.\nAction: click', 'expected an operation in capitals (CLICK, TYPE, SELECT) after `Action:`, found `click`'],
  ['mind2web: type without value', 'adp', 'mind2web_96', 1, 'Thought: type it.\nAnswer: B.\nAction: TYPE', 'expected `Value: ...` after `Action: TYPE`, found no `Value:` line'],
  ['mind2web: no operation', 'adp', 'mind2web_96', 1, 'Thought: pick it.\nAnswer: B.', 'expected `Action: CLICK`, `TYPE` or `SELECT` after `Answer: B.`'],
];

/** A planted mutation only the strict setting rejects: its syntax is right; `rule` is the strict check it fails. */
type StrictMutation = [name: string, source: string, id: string, turn: number, text: string, rule: string, problem: string];

const STRICT_MUTATIONS: StrictMutation[] = [
  ['kg: unknown tool', 'adp', 'kg_260', 3, 'Thought: find it.\nAction: get_entities(Kerosene)', 'unknown-tool', 'after `Action:`, found `get_entities`'],
  ['kg: final answer not a variable', 'adp', 'kg_260', 17, 'Thought: done.\nFinal Answer: Aerojet', 'answer-not-variable', 'expected a variable such as `#3` after `Final Answer:`'],
  ['kg: no action', 'adp', 'kg_260', 3, "I'm sorry, I cannot find that.", 'no-action', "found a turn with neither: `I'm sorry, I cannot find that.`"],
  ['mind2web: choice not offered', 'adp', 'mind2web_96', 1, 'Thought: pick it.\nAnswer: Z.\nAction: CLICK', 'choice-not-offered', 'expected one of the choices A, B, C, D, E, F after `Answer:`, found `Z`'],
];

/** A record with one agent turn replaced by `text` is dropped for that turn, saying `problem`. */
function expectMalformed(record: RealRecord, turn: number, text: string, problem: string): void {
  expect(judged(record).decision).toBe('keep');
  const mutated = withTurnText(record, turn, text);
  const outcome = judged(mutated);
  expect(outcome.decision).toBe('drop');
  expect(outcome.reasons).toHaveLength(1);
  const [reason] = outcome.reasons;
  expect(reason.rule).toBe('format.malformed-turn');
  expect(reason.turn).toBe(turn);
  expect(reason.message.startsWith(`assistant turn ${turn} does not follow the ${record.context.task} action syntax: `)).toBe(true);
  expect(reason.message).toContain(problem);
  expect(reason.start).toBeGreaterThanOrEqual(0);
  expect(reason.end).toBeLessThanOrEqual(text.length);
  // Strict mode checks the syntax too: the same turn, the same reason.
  expect(judged(mutated, strict)).toEqual(outcome);
}

/** The demo trajectory (resources/samples) and agent turn each task's mutations edit. */
const DEMO_TARGETS: Record<string, [id: string, turn: number]> = {
  os: ['os_1', 5],
  db: ['db_1', 3],
  alfworld: ['alfworld_1', 3],
  webshop: ['webshop_1', 5],
  kg: ['kg_1', 3],
  mind2web: ['mind2web_1', 1],
};

describe('format filter on planted mutations of demo trajectories', () => {
  it.each(MUTATIONS)('%s', (name, _source, _id, _turn, text, problem) => {
    const [id, turn] = DEMO_TARGETS[name.split(':')[0]];
    expectMalformed(recordById(demoAgentRecords(), 'demo', id), turn, text, problem);
  });
});

describeWithData('format filter on planted mutations', () => {
  it.each(MUTATIONS)('%s', (_name, source, id, turn, text, problem) => {
    expectMalformed(recordById(agents, source, id), turn, text, problem);
  });

  it.each(STRICT_MUTATIONS)('strict: %s', (_name, source, id, turn, text, rule, problem) => {
    const record = recordById(agents, source, id);
    expect(judged(record, strict).decision).toBe('keep');
    const mutated = withTurnText(record, turn, text);
    expect(judged(mutated)).toEqual({ decision: 'keep', reasons: [] });
    const outcome = judged(mutated, strict);
    expect(outcome.decision).toBe('drop');
    expect(outcome.reasons).toHaveLength(1);
    const [reason] = outcome.reasons;
    expect(reason.rule).toBe(`format.${rule}`);
    expect(reason.turn).toBe(turn);
    expect(reason.message.startsWith(`assistant turn ${turn} fails a strict ${record.context.task} check (${rule}): `)).toBe(true);
    expect(reason.message).toContain(problem);
    expect(reason.start).toBeGreaterThanOrEqual(0);
    expect(reason.end).toBeLessThanOrEqual(text.length);
  });

  it('reports the first malformed turn and counts the others', () => {
    const record = recordById(agents, 'adp', 'os_116');
    const twice = withTurnText(withTurnText(record, 9, 'I will count'), 7, 'I will run ls');
    const outcome = judged(twice);
    expect(outcome.reasons[0].turn).toBe(7);
    expect(outcome.reasons[0].message).toBe(
      'assistant turn 7 does not follow the os action syntax: expected `Act: bash`, `Act: finish` or `Act: answer(...)` after `Think:`, found `I will run ls` (2 malformed turns in all)',
    );
  });

  it('in strict mode, reports the first bad turn whichever check it fails, and counts both kinds', () => {
    const record = recordById(agents, 'adp', 'kg_260');
    const unknownTool = withTurnText(record, 3, 'Thought: find it.\nAction: get_entities(Kerosene)');
    const both = withTurnText(unknownTool, 17, 'Thought: done.\nAction: count(#3)\nFinal Answer: #3');
    const byDefault = judged(both);
    expect(byDefault.reasons.map((reason) => [reason.rule, reason.turn])).toEqual([['format.malformed-turn', 17]]);
    expect(byDefault.reasons[0].message).not.toContain('in all');
    const strictly = judged(both, strict);
    expect(strictly.reasons.map((reason) => [reason.rule, reason.turn])).toEqual([['format.unknown-tool', 3]]);
    expect(strictly.reasons[0].message.endsWith('found `get_entities` (2 turns with format problems in all)')).toBe(true);
  });
});
