import { describe, expect, it } from 'vitest';
import { FORMATS, identify, type FormatName } from '../../../../shared/formats/index';
import type { Conversation } from '../../../../shared/schema/conversation';
import { turnText } from '../../../../shared/schema/turn-text';

/**
 * Each reader on records written here from its format's documentation (our own words and
 * values; docs/formats.md): what every field becomes, the outcome and where it was found, and that
 * writing the conversation back gives the record again.
 */

function read(format: FormatName, value: unknown, context = {}): Conversation {
  const result = FORMATS[format].read(value, context);
  if (!result.ok) throw new Error(`${format}: ${result.message}`);
  return result.conversation;
}

function roundTrips(format: FormatName, value: unknown): void {
  expect(FORMATS[format].write(read(format, value))).toStrictEqual(value);
  const fresh = FORMATS[format].write({ ...read(format, value), raw: null });
  expect(read(format, fresh).turns.map((turn) => [turn.role, turnText(turn)])).toEqual(read(format, value).turns.map((turn) => [turn.role, turnText(turn)]));
}


describe('agentbench-run', () => {
  const run = {
    index: 7,
    error: null,
    info: null,
    output: {
      index: 7,
      status: 'completed',
      result: { result: true, note: 'matched' },
      history: [
        { role: 'user', content: 'You are in a shell. Count the log files in /var/tmp.' },
        { role: 'agent', content: 'Think: list them.\n\nAct: bash\n\n```bash\nls /var/tmp/*.log | wc -l\n```' },
        { role: 'user', content: 'The output of the OS:\n3' },
        { role: 'agent', content: 'Act: answer(3)' },
      ],
    },
    time: { timestamp: 1700000000000 },
  };

  it('reads history as turns, the index as id, the folder as task and output.result as the outcome', () => {
    const conversation = read('agentbench-run', run, { source: 'outputs/run1/some-model/os-std/runs.jsonl' });
    expect(conversation.id).toBe('7');
    expect(conversation.task).toBe('os-std');
    expect(conversation.turns.map((turn) => [turn.role, turn.from])).toEqual([
      ['user', 'user'],
      ['assistant', 'agent'],
      ['user', 'user'],
      ['assistant', 'agent'],
    ]);
    expect(conversation.outcome).toEqual({ reward: 1, success: true, status: 'completed', from: 'output.result.result' });
    expect(conversation.reward).toBe(1);
    roundTrips('agentbench-run', run);
  });

  it('counts a run that did not complete as failed, and a completed run whose result is an answer as unknown', () => {
    const invalid = { ...run, output: { ...run.output, status: 'agent invalid action', result: null } };
    expect(read('agentbench-run', invalid).outcome).toEqual({ reward: 0, success: false, status: 'agent invalid action', from: 'output.status' });
    const answered = { ...run, output: { ...run.output, result: ['Paris'] } };
    expect(read('agentbench-run', answered)).toMatchObject({ reward: null, outcome: { reward: null, success: null, status: 'completed' } });
    const scored = { ...run, output: { ...run.output, result: 0.5 } };
    expect(read('agentbench-run', scored).outcome).toEqual({ reward: 0.5, success: null, status: 'completed', from: 'output.result' });
  });

  it('says which field is wrong', () => {
    expect(FORMATS['agentbench-run'].read({ output: { history: [{ role: 'robot', content: 'x' }] } })).toEqual({
      ok: false,
      message: 'output.history[0].role: expected one of user, agent, system; found "robot"',
    });
  });
});

describe('swe-agent', () => {
  const flat = {
    instance_id: 'acme__widgets-12',
    model_name: 'some-model',
    target: true,
    exit_status: 'submitted',
    trajectory: [
      { role: 'system', text: null, system_prompt: 'You fix bugs in a repository with shell commands.', mask: false },
      { role: 'user', text: 'The widget crashes on empty input. Fix it.', system_prompt: null, mask: false },
      { role: 'ai', text: 'Let me find the code.\n```\nfind_file widget.py\n```', system_prompt: null, mask: true },
      { role: 'user', text: 'Found 1 match: src/widget.py', system_prompt: null, mask: false },
    ],
  };

  it('reads the flattened form: system_prompt, role ai, mask as the loss flag, target as the outcome', () => {
    const conversation = read('swe-agent', flat);
    expect(conversation.id).toBe('acme__widgets-12');
    expect(conversation.turns.map((turn) => [turn.role, turn.loss, turn.text.slice(0, 12)])).toEqual([
      ['system', false, 'You fix bugs'],
      ['user', false, 'The widget c'],
      ['assistant', true, 'Let me find '],
      ['user', false, 'Found 1 matc'],
    ]);
    expect(conversation.outcome).toEqual({ reward: 1, success: true, status: 'submitted', from: 'target' });
    roundTrips('swe-agent', flat);
  });

  it('reads a .traj file: its history with tool calls, and info.exit_status', () => {
    const traj = {
      environment: 'swe_main',
      trajectory: [{ thought: 'look', action: 'ls', observation: 'a.py', response: 'look\nls' }],
      history: [
        { role: 'system', content: 'You are an agent.', agent: 'main' },
        { role: 'user', content: [{ type: 'text', text: 'Fix the bug.' }], agent: 'main' },
        { role: 'assistant', content: 'I will list files.', agent: 'main', tool_calls: [{ id: 't1', type: 'function', function: { name: 'bash', arguments: '{"command": "ls"}' } }] },
        { role: 'tool', content: 'a.py', agent: 'main', tool_call_ids: ['t1'] },
      ],
      info: { exit_status: 'submitted', submission: 'diff --git a/a.py b/a.py' },
    };
    const conversation = read('swe-agent', traj);
    expect(conversation.turns[2].toolCalls).toEqual([{ id: 't1', name: 'bash', arguments: '{"command": "ls"}' }]);
    expect(conversation.turns[3]).toMatchObject({ role: 'tool', callId: 't1', text: 'a.py' });
    expect(conversation.turns[1].text).toBe('Fix the bug.');
    expect(conversation.outcome).toEqual({ reward: null, success: null, status: 'submitted', from: 'info.exit_status' });
    expect(FORMATS['swe-agent'].write(conversation)).toStrictEqual(traj);
    expect(identify([traj])).toMatchObject({ kind: 'conversations', format: 'swe-agent' });
  });

  it('reads a .traj file without history from its steps', () => {
    const steps = { trajectory: [{ thought: 'look around', action: 'ls', observation: 'a.py b.py' }, { response: 'submit', observation: '' }], info: { exit_status: 'submitted' } };
    const conversation = read('swe-agent', steps);
    expect(conversation.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['assistant', 'look around\nls'],
      ['tool', 'a.py b.py'],
      ['assistant', 'submit'],
      ['tool', ''],
    ]);
    expect(FORMATS['swe-agent'].write(conversation)).toStrictEqual(steps);
  });
});

describe('adp', () => {
  const record = {
    id: 'kg_9',
    content: [
      { class_: 'text_observation', content: 'Which rivers flow through Lyon?', source: 'user', name: null },
      { class_: 'api_action', function: 'get_relations', kwargs: { variable: 'Lyon' }, description: 'I should see what Lyon links to.' },
      { class_: 'text_observation', content: '[geography.river.cities]', source: 'user', name: null },
      { class_: 'code_action', language: 'python', content: 'print(2 + 2)', description: 'Compute it.' },
      { class_: 'text_observation', content: '4', source: 'environment', name: null },
      { class_: 'message_action', content: 'The Rhone and the Saone.', description: 'Both appear.' },
    ],
    details: {},
  };

  it('makes actions tool calls with their description as reasoning, and observations after an action their results', () => {
    const conversation = read('adp', record);
    expect(conversation.task).toBe('kg');
    expect(conversation.turns.map((turn) => [turn.role, turn.from])).toEqual([
      ['user', 'text_observation:user'],
      ['assistant', 'api_action'],
      ['tool', 'text_observation:user'],
      ['assistant', 'code_action'],
      ['tool', 'text_observation:environment'],
      ['assistant', 'message_action'],
    ]);
    expect(conversation.turns[1]).toMatchObject({ text: '', reasoning: 'I should see what Lyon links to.', toolCalls: [{ name: 'get_relations', arguments: '{"variable": "Lyon"}' }] });
    expect(conversation.turns[3].toolCalls).toEqual([{ name: 'python', arguments: '{"code": "print(2 + 2)"}' }]);
    expect(conversation.turns[5]).toMatchObject({ text: 'The Rhone and the Saone.', reasoning: 'Both appear.' });
    roundTrips('adp', record);
  });

  it('refuses to write a turn with two calls, which ADP cannot hold', () => {
    const conversation = read('adp', record);
    const twice = { ...conversation, turns: conversation.turns.map((turn, index) => (index === 1 ? { ...turn, toolCalls: [...turn.toolCalls!, ...turn.toolCalls!] } : turn)) };
    expect(() => FORMATS.adp.write(twice)).toThrow('ADP actions hold one call each: turn 1 makes 2');
  });
});

describe('atif', () => {
  const trajectory = {
    schema_version: 'ATIF-v1.4',
    session_id: 'run-42',
    agent: { name: 'demo-agent', version: '0.1' },
    steps: [
      { step_id: 1, source: 'system', message: 'You can look things up.' },
      { step_id: 2, source: 'user', message: 'How tall is the tower?' },
      {
        step_id: 3,
        source: 'agent',
        message: 'Looking it up.',
        reasoning_content: 'A lookup answers this.',
        tool_calls: [{ tool_call_id: 'c1', function_name: 'lookup', arguments: { query: 'tower height' } }],
        observation: { results: [{ source_call_id: 'c1', content: '330 m' }] },
      },
      { step_id: 4, source: 'agent', message: 'It is 330 m tall.' },
    ],
    extra: { reward: 1 },
  };

  it('makes an agent step an assistant turn and one tool turn per observation result, naming its call', () => {
    const conversation = read('atif', trajectory);
    expect(conversation.id).toBe('run-42');
    expect(conversation.turns.map((turn) => turn.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(conversation.turns[2]).toMatchObject({ reasoning: 'A lookup answers this.', toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"query": "tower height"}' }] });
    expect(conversation.turns[3]).toMatchObject({ callId: 'c1', text: '330 m' });
    expect(conversation.outcome).toEqual({ reward: 1, success: null, status: null, from: 'extra.reward' });
    expect(identify([trajectory])).toMatchObject({ kind: 'conversations', format: 'atif' });
    roundTrips('atif', trajectory);
  });

  it('writes edited turns back as steps under the original root fields', () => {
    const conversation = read('atif', trajectory);
    const edited = { ...conversation, turns: conversation.turns.map((turn, index) => (index === 4 ? { ...turn, text: 'About 330 m.' } : turn)) };
    const written = FORMATS.atif.write(edited) as typeof trajectory;
    expect(written.agent).toEqual(trajectory.agent);
    expect(written.steps[3]).toEqual({ step_id: 4, source: 'agent', message: 'About 330 m.' });
    expect(written.steps[2].observation).toEqual(trajectory.steps[2].observation);
  });
});

describe('llamafactory-messages', () => {
  const record = {
    messages: [
      { role: 'system', content: [{ type: 'text', value: 'Use the tools.' }], loss_weight: 0.0 },
      { role: 'user', content: [{ type: 'text', value: 'Book a table for two.' }], loss_weight: 0.0 },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', value: 'A booking tool exists.' },
          { type: 'tool_call', value: '{"name": "book", "arguments": {"people": 2}}' },
        ],
        loss_weight: 1.0,
      },
      { role: 'tool', content: [{ type: 'text', value: '{"ok": true}' }], loss_weight: 0.0 },
      { role: 'assistant', content: [{ type: 'text', value: 'Booked.' }], loss_weight: 1.0 },
    ],
    tools: '[{"name": "book", "parameters": {"type": "object"}}]',
  };

  it('reads typed parts: reasoning, tool_call as calls, loss_weight as the loss flag, tools from the JSON string', () => {
    const conversation = read('llamafactory-messages', record);
    expect(conversation.turns[2]).toEqual({ role: 'assistant', text: '', loss: true, from: 'assistant', reasoning: 'A booking tool exists.', toolCalls: [{ name: 'book', arguments: '{"people": 2}' }] });
    expect(conversation.turns.map((turn) => turn.loss)).toEqual([false, false, true, false, true]);
    expect(conversation.tools).toEqual([{ name: 'book', parameters: { type: 'object' } }]);
    expect(identify([record])).toMatchObject({ kind: 'conversations', format: 'llamafactory-messages' });
    roundTrips('llamafactory-messages', record);
  });
});

describe('alpaca', () => {
  const record = { instruction: 'Translate to French.', input: 'Good morning', output: 'Bonjour', system: 'You translate.', history: [['Say hi.', 'Hi!']] };

  it('reads system, history pairs, instruction + input as the user turn and output as the answer', () => {
    const conversation = read('alpaca', record);
    expect(conversation.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['system', 'You translate.'],
      ['user', 'Say hi.'],
      ['assistant', 'Hi!'],
      ['user', 'Translate to French.\nGood morning'],
      ['assistant', 'Bonjour'],
    ]);
    roundTrips('alpaca', record);
    roundTrips('alpaca', { instruction: 'Name a colour.', input: '', output: 'Blue.' });
  });

  it('cannot hold a conversation that is not user/assistant pairs, and says so', () => {
    const conversation = read('alpaca', record);
    expect(() => FORMATS.alpaca.write({ ...conversation, turns: conversation.turns.slice(0, 4) })).toThrow('alpaca holds user/assistant pairs: this conversation has 3 turns after the system prompt');
  });
});

describe('fireact and dialogstudio (values of keyed containers)', () => {
  it('fireact: traj turns, the boolean reward as the outcome, the key as the id', () => {
    const value = { reward: false, em: false, f1: 0.2, gt: 'yes', pred: 'no', prompt: [], traj: [{ role: 'user', content: 'Is water wet?' }, { role: 'assistant', content: 'Thought: ...\nAction: finish[no]' }] };
    const conversation = read('fireact', value, { key: '1234' });
    expect(conversation).toMatchObject({ id: '1234', reward: 0, outcome: { success: false, from: 'reward' } });
    expect(identify([{ 1234: value, 99: value }])).toMatchObject({ kind: 'conversations', format: 'fireact', keyed: true });
    roundTrips('fireact', value);
  });

  it('dialogstudio: each log entry is a user turn and the system response', () => {
    const dialog = { 'original dialog id': 'abc_0', 'dialog index': '1', log: [{ 'turn id': 1, 'user utterance': 'Hello?', 'system response': 'Hi there.', 'dialog history': '' }] };
    const conversation = read('dialogstudio', dialog, { key: 'Demo--train--1' });
    expect(conversation.id).toBe('Demo--train--1');
    expect(conversation.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['user', 'Hello?'],
      ['assistant', 'Hi there.'],
    ]);
    expect(read('dialogstudio', dialog).id).toBe('abc_0');
    roundTrips('dialogstudio', dialog);
  });
});

describe('sharegpt: V3 role names and leading assistant turns', () => {
  it("maps V3's user, chatgpt, bing, bard and tool names", () => {
    const record = {
      id: 'v3_0',
      conversations: [
        { from: 'user', value: 'a' },
        { from: 'chatgpt', value: 'b' },
        { from: 'user', value: 'c' },
        { from: 'bing', value: 'd' },
        { from: 'tool', value: 'e' },
        { from: 'bard', value: 'f' },
      ],
    };
    const conversation = read('sharegpt', record);
    expect(conversation.turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'assistant']);
    expect(FORMATS.sharegpt.write(conversation)).toStrictEqual(record);
    const fresh = FORMATS.sharegpt.write({ ...conversation, raw: null }) as { conversations: { from: string }[] };
    expect(fresh.conversations.map((turn) => turn.from)).toEqual(['human', 'gpt', 'human', 'gpt', 'observation', 'gpt']);
  });

  it('drops assistant turns that open a split record, as FastChat does, and says so', () => {
    const record = { id: 'abc_4', conversations: [{ from: 'gpt', value: 'continued answer' }, { from: 'human', value: 'next question' }, { from: 'gpt', value: 'next answer' }] };
    const conversation = read('sharegpt', record);
    expect(conversation.turns.map((turn) => turn.text)).toEqual(['next question', 'next answer']);
    expect(conversation.repairs).toEqual([{ kind: 'leading-assistant-dropped', turns: 1 }]);
    expect(FORMATS.sharegpt.write(conversation)).toStrictEqual({ id: 'abc_4', conversations: record.conversations.slice(1) });
    // A record that is only assistant turns is left whole (and reported as starting with one).
    expect(read('sharegpt', { conversations: [{ from: 'gpt', value: 'alone' }] }).turns).toHaveLength(1);
  });

  it('reads OpenHands <function=...> calls in function_call turns as the prose and the call', () => {
    const value = 'I will search.\n\n<function=execute_bash>\n<parameter=command>\nls -la\n</parameter>\n</function>';
    const conversation = read('sharegpt', { conversations: [{ from: 'human', value: 'go' }, { from: 'function_call', value }] });
    expect(conversation.turns[1]).toMatchObject({ text: 'I will search.', toolCalls: [{ name: 'execute_bash', arguments: '{"command": "ls -la"}' }] });
  });
});

describe('openai: tools, tool_calls and tool_call_id read in full', () => {
  it('keeps call ids, links results and reads the tool definitions', () => {
    const record = {
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'weather', arguments: '{"city": "Oslo"}' } },
            { id: 'b', type: 'function', function: { name: 'weather', arguments: '{"city": "Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'b', content: '24C' },
        { role: 'tool', tool_call_id: 'a', content: '3C' },
        { role: 'assistant', content: 'Oslo 3C, Rome 24C.' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      parallel_tool_calls: true,
    };
    const conversation = read('openai', record);
    expect(conversation.turns[1].toolCalls?.map((call) => call.id)).toEqual(['a', 'b']);
    expect(conversation.turns.slice(2, 4).map((turn) => turn.callId)).toEqual(['b', 'a']);
    expect(conversation.tools).toEqual([{ name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(FORMATS.openai.write(conversation)).toStrictEqual(record);
  });
});
