/**
 * Hand-written records (our own words) in the source formats we read, covering what the export
 * writers must convert: system prompts in a column and in the messages, tool definitions, single and
 * parallel tool calls with and without ids, tool results, reasoning, loss flags that mask and train,
 * a leading assistant turn, trailing user turns, consecutive turns on one side, empty turns, template
 * markers in a message, non-ASCII text, and records that hold no assistant turn. Read with the
 * project's readers, so they follow the normalized model wherever it goes.
 */
import { getFormat, type FormatName } from '../../../../shared/formats/index';
import type { Conversation } from '../../../../shared/schema/conversation';

/** A case: its name, source format, record, and the formats that must refuse it (with the reason's words). */
export interface TrainerCase {
  name: string;
  format: FormatName;
  record: Record<string, unknown>;
  /** `all`: every format refuses it; else the formats that do. */
  refusedBy?: 'all' | readonly string[];
}

const WEATHER_TOOL = { name: 'forecast', description: 'The weather for a town and a day.', parameters: { type: 'object', properties: { town: { type: 'string' }, day: { type: 'string' } }, required: ['town'] } };
const TIDE_TOOL = { name: 'tides', description: 'High and low tide times for a harbour.', parameters: { type: 'object', properties: { harbour: { type: 'string' } } } };

export const TRAINER_CASES: readonly TrainerCase[] = [
  {
    name: 'an AgentInstruct-style trajectory with a masked acknowledgement',
    format: 'agentinstruct',
    record: {
      id: 'os_7001',
      conversations: [
        { from: 'human', value: 'You are in a shell. Count the lines of /tmp/list.txt and answer with the number.', loss: null },
        { from: 'gpt', value: 'Ok.', loss: false },
        { from: 'human', value: 'The machine is ready.', loss: null },
        { from: 'gpt', value: 'Think: I will count the lines.\n\nAct: bash\n\n```bash\nwc -l < /tmp/list.txt\n```', loss: true },
        { from: 'human', value: 'The output of the OS:\n12', loss: null },
        { from: 'gpt', value: 'Think: The file has 12 lines.\n\nAct: answer(12)', loss: true },
      ],
    },
  },
  {
    name: 'ShareGPT with a system column, tools and a function call answered by an observation',
    format: 'sharegpt',
    record: {
      system: 'You plan trips along the coast. Use the tools when they help.',
      tools: JSON.stringify([WEATHER_TOOL, TIDE_TOOL]),
      conversations: [
        { from: 'human', value: 'Will it rain in Porthleven on Saturday?' },
        { from: 'function_call', value: '{"name": "forecast", "arguments": {"town": "Porthleven", "day": "Saturday"}}' },
        { from: 'observation', value: '{"rain_mm": 4, "wind": "west, 20 km/h"}' },
        { from: 'gpt', value: 'Expect a little rain, about 4 mm, with a westerly breeze.' },
      ],
    },
  },
  {
    name: 'OpenAI messages with parallel tool calls by id, a masked reply and a trained one',
    format: 'openai',
    record: {
      messages: [
        { role: 'system', content: 'You answer questions about harbours.' },
        { role: 'user', content: 'When is high tide in Mousehole, and will it be windy?' },
        { role: 'assistant', content: 'Let me look both up.', weight: 0 },
        {
          role: 'assistant',
          content: '',
          tool_calls: [
            { id: 'call_tide', type: 'function', function: { name: 'tides', arguments: '{"harbour": "Mousehole"}' } },
            { id: 'call_wind', type: 'function', function: { name: 'forecast', arguments: '{"town": "Mousehole"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_tide', content: 'high 06:12, 18:40' },
        { role: 'tool', tool_call_id: 'call_wind', content: 'calm' },
        { role: 'assistant', content: 'High tide is at 06:12 and 18:40, and the air will be calm.', weight: 1 },
      ],
      tools: [{ type: 'function', function: WEATHER_TOOL }, { type: 'function', function: TIDE_TOOL }],
    },
  },
  {
    name: 'OpenAI with a tool call whose arguments are not JSON, a result without a call and a later system message',
    format: 'openai',
    record: {
      messages: [
        { role: 'user', content: 'Walk the dog, then tell me.' },
        { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'walk', arguments: 'around the park twice' } }] },
        { role: 'tool', content: 'done' },
        { role: 'tool', content: 'the dog is asleep' },
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'assistant', content: 'The dog had two laps of the park and is now asleep.' },
      ],
    },
  },
  {
    name: 'LLaMA-Factory v1 messages with reasoning, loss weights and a trailing user message',
    format: 'llamafactory-messages',
    record: {
      messages: [
        { role: 'user', content: [{ type: 'text', value: 'Is 91 a prime number?' }], loss_weight: 0 },
        { role: 'assistant', content: [{ type: 'reasoning', value: '91 is 7 times 13.' }, { type: 'text', value: 'No: 91 = 7 × 13.' }], loss_weight: 1 },
        { role: 'user', content: [{ type: 'text', value: 'Thanks!' }], loss_weight: 0 },
      ],
    },
  },
  {
    name: 'ShareGPT opening with the assistant, with two user turns in a row, an empty reply and a trailing question',
    format: 'sharegpt',
    record: {
      id: 'walk_1',
      conversations: [
        { from: 'gpt', value: 'Hello! What shall we plan today?' },
        { from: 'human', value: 'A walk on the moor.' },
        { from: 'human', value: 'About three hours, please.' },
        { from: 'gpt', value: 'Start at the car park, follow the leat north, and return along the ridge: about 11 km.' },
        { from: 'human', value: 'And if it rains?' },
        { from: 'gpt', value: '' },
        { from: 'human', value: 'Hello?' },
      ],
    },
  },
  {
    name: 'non-ASCII text: emoji and CJK in the messages and the system prompt',
    format: 'sharegpt',
    record: {
      id: 'tea_1',
      system: '你是一位茶艺师 🍵',
      conversations: [
        { from: 'human', value: '绿茶用多热的水？ 🌡️' },
        { from: 'gpt', value: '大约 80 °C 的水就好 — not boiling. 🍃' },
      ],
    },
  },
  {
    name: 'a message holding a Llama-2 template marker',
    format: 'sharegpt',
    record: { id: 'marker_1', conversations: [{ from: 'human', value: 'What does [INST] mean in a prompt?' }, { from: 'gpt', value: 'It opens a user instruction in the Llama-2 chat template.' }] },
    refusedBy: ['llama2-chat', 'tokenized'],
  },
  {
    name: 'a record with no assistant turn',
    format: 'sharegpt',
    record: { id: 'alone_1', conversations: [{ from: 'human', value: 'Is anyone there?' }] },
    refusedBy: 'all',
  },
];

/** The cases, read with the project's readers. */
export function trainerCases(): (TrainerCase & { conversation: Conversation; key: string })[] {
  return TRAINER_CASES.map((entry, index) => {
    const read = getFormat(entry.format).read(entry.record);
    if (!read.ok) throw new Error(`${entry.name}: ${read.message}`);
    return { ...entry, conversation: read.conversation, key: `00000000:case${index}` };
  });
}
