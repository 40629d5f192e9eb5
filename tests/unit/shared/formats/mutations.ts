import type { FormatName } from '../../../../shared/formats/index';

/** The formats the planted mutations apply to (flat turn lists of role and text). */
export type MutatedFormat = 'agentinstruct' | 'sharegpt' | 'role-content' | 'openai';

/** Where a format keeps its turns and what it calls their fields. */
export const SHAPES: Record<MutatedFormat, { container: string; role: string; text: string }> = {
  agentinstruct: { container: 'conversations', role: 'from', text: 'value' },
  sharegpt: { container: 'conversations', role: 'from', text: 'value' },
  'role-content': { container: 'conversations', role: 'role', text: 'content' },
  openai: { container: 'messages', role: 'role', text: 'content' },
};

/** A planted change to a real record and what reading it must say. */
export interface Mutation {
  name: string;
  /** The formats it applies to (all when absent). */
  formats?: readonly MutatedFormat[];
  /** Changes a deep copy of the record; `turn` is a valid turn index. */
  apply(record: Record<string, unknown>, turn: number, format: MutatedFormat): unknown;
  /** The start of the message (`path: expected ...; found ...`), or null when the change keeps the record valid. */
  expected: ((turn: number, format: MutatedFormat) => string) | null;
}

type Turns = Record<string, unknown>[];

function turnsOf(record: Record<string, unknown>, format: MutatedFormat): Turns {
  return record[SHAPES[format].container] as Turns;
}

function setTurnField(field: 'role' | 'text', value: unknown): Mutation['apply'] {
  return (record, turn, format) => {
    turnsOf(record, format)[turn][SHAPES[format][field]] = value;
    return record;
  };
}

/** True for the formats {@link SHAPES} describes. */
export function isMutatedFormat(format: FormatName): format is MutatedFormat {
  return Object.hasOwn(SHAPES, format);
}

const ROLE_LISTS: Record<MutatedFormat, string> = {
  agentinstruct: 'human, gpt',
  sharegpt: 'human, gpt, system, function_call, observation, user, chatgpt, bing, bard, tool',
  'role-content': 'system, user, assistant, tool',
  openai: 'system, developer, user, assistant, tool, function',
};

const path = (turn: number, format: MutatedFormat, field: 'role' | 'text'): string => `${SHAPES[format].container}[${turn}].${SHAPES[format][field]}`;

/** The mutations, each valid for the formats it names. */
export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'unknown role name',
    apply: setTurnField('role', 'bot'),
    expected: (turn, format) => `${path(turn, format, 'role')}: expected one of ${ROLE_LISTS[format]}; found "bot"`,
  },
  {
    name: 'role missing',
    apply: (record, turn, format) => {
      delete turnsOf(record, format)[turn][SHAPES[format].role];
      return record;
    },
    expected: (turn, format) => `${path(turn, format, 'role')}: expected one of ${ROLE_LISTS[format]}; found nothing (the field is missing)`,
  },
  {
    name: 'non-string text',
    formats: ['agentinstruct', 'sharegpt', 'role-content'],
    apply: setTurnField('text', 42),
    expected: (turn, format) => `${path(turn, format, 'text')}: expected a string; found number 42`,
  },
  {
    name: 'text missing',
    formats: ['agentinstruct', 'sharegpt', 'role-content'],
    apply: (record, turn, format) => {
      delete turnsOf(record, format)[turn][SHAPES[format].text];
      return record;
    },
    expected: (turn, format) => `${path(turn, format, 'text')}: expected a string; found nothing (the field is missing)`,
  },
  {
    name: 'non-string content',
    formats: ['openai'],
    apply: setTurnField('text', 42),
    expected: (turn) => `messages[${turn}].content: expected a string, null or a list of content parts; found number 42`,
  },
  {
    name: 'null content (valid: tool-call messages have it)',
    formats: ['openai'],
    apply: setTurnField('text', null),
    expected: null,
  },
  {
    name: 'text part without text',
    formats: ['openai'],
    apply: setTurnField('text', [{ type: 'text' }]),
    expected: (turn) => `messages[${turn}].content[0]: expected a text part with a string \`text\`; found an object with keys type`,
  },
  {
    name: 'text part with a number',
    formats: ['openai'],
    apply: setTurnField('text', [{ type: 'text', text: 3 }]),
    expected: (turn) => `messages[${turn}].content[0].text: expected a string; found number 3`,
  },
  {
    name: 'image part (valid)',
    formats: ['openai'],
    apply: setTurnField('text', [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }]),
    expected: null,
  },
  {
    name: 'bad loss flag',
    formats: ['agentinstruct', 'sharegpt', 'role-content'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].loss = 'yes';
      return record;
    },
    expected: (turn, format) => `${SHAPES[format].container}[${turn}].loss: expected true, false or null; found "yes"`,
  },
  {
    name: 'null loss flag (valid)',
    formats: ['agentinstruct', 'sharegpt', 'role-content'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].loss = null;
      return record;
    },
    expected: null,
  },
  {
    name: 'weight not 0 or 1',
    formats: ['openai'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].weight = 0.5;
      return record;
    },
    expected: (turn) => `messages[${turn}].weight: expected one of 0, 1; found number 0.5`,
  },
  {
    name: 'loss_weight as a string',
    formats: ['openai'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].loss_weight = '1.0';
      return record;
    },
    expected: (turn) => `messages[${turn}].loss_weight: expected a number; found "1.0"`,
  },
  {
    name: 'tool call without a name',
    formats: ['openai'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].tool_calls = [{ id: 'call_1', type: 'function', function: { arguments: '{}' } }];
      return record;
    },
    expected: (turn) => `messages[${turn}].tool_calls[0].function.name: expected a string; found nothing (the field is missing)`,
  },
  {
    name: 'tool call with numeric arguments',
    formats: ['openai'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].function_call = { name: 'f', arguments: 3 };
      return record;
    },
    expected: (turn) => `messages[${turn}].function_call.arguments: expected a JSON string or an object; found number 3`,
  },
  {
    name: 'tool calls set to null (valid)',
    formats: ['openai'],
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn].tool_calls = null;
      return record;
    },
    expected: null,
  },
  {
    name: 'turn that is not an object',
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn] = 'hello' as unknown as Record<string, unknown>;
      return record;
    },
    expected: (turn, format) => `${SHAPES[format].container}[${turn}]: expected an object; found "hello"`,
  },
  {
    name: 'turns missing',
    apply: (record, _turn, format) => {
      delete record[SHAPES[format].container];
      return record;
    },
    expected: (_turn, format) => `${SHAPES[format].container}: expected an array; found nothing (the field is missing)`,
  },
  {
    name: 'turns not an array',
    apply: (record, _turn, format) => {
      record[SHAPES[format].container] = { 0: 'x' };
      return record;
    },
    expected: (_turn, format) => `${SHAPES[format].container}: expected an array; found an object with keys 0`,
  },
  {
    name: 'id of the wrong type',
    apply: (record) => {
      record.id = { value: 1 };
      return record;
    },
    expected: (_turn, format) => (format === 'agentinstruct' ? 'id: expected a string; found an object with keys value' : 'id: expected a string or a number; found an object with keys value'),
  },
  {
    name: 'numeric id (valid except in AgentInstruct)',
    formats: ['sharegpt', 'role-content', 'openai'],
    apply: (record) => {
      record.id = 7;
      return record;
    },
    expected: null,
  },
  {
    name: 'AgentInstruct record without id',
    formats: ['agentinstruct'],
    apply: (record) => {
      delete record.id;
      return record;
    },
    expected: () => 'id: expected a string; found nothing (the field is missing)',
  },
  {
    name: 'system column that is not a string',
    formats: ['sharegpt'],
    apply: (record) => {
      record.system = ['be brief'];
      return record;
    },
    expected: () => 'system: expected a string; found an array of 1',
  },
  {
    name: 'tools column of the wrong type',
    formats: ['sharegpt'],
    apply: (record) => {
      record.tools = 3;
      return record;
    },
    expected: () => 'tools: expected a JSON string or an array of tool definitions; found number 3',
  },
  {
    name: 'null model (valid)',
    formats: ['sharegpt'],
    apply: (record) => {
      record.model = null;
      return record;
    },
    expected: null,
  },
  {
    name: 'extra fields (valid: they pass through)',
    apply: (record, turn, format) => {
      record.meta = { reward: 0.5 };
      turnsOf(record, format)[turn].name = 'extra';
      return record;
    },
    expected: null,
  },
  {
    name: 'two problems at once',
    apply: (record, turn, format) => {
      turnsOf(record, format)[turn][SHAPES[format].role] = 'bot';
      record[SHAPES[format].container] = [...turnsOf(record, format), 5];
      return record;
    },
    expected: (turn, format) => `${path(turn, format, 'role')}: expected one of ${ROLE_LISTS[format]}; found "bot" (and 1 more problem in this record)`,
  },
];

/** Values that are not records at all, and the message each gets. */
export const NOT_RECORDS: readonly [unknown, string][] = [
  [null, 'record: expected an object; found null'],
  [42, 'record: expected an object; found number 42'],
  ['text', 'record: expected an object; found "text"'],
  [[], 'record: expected an object; found an array of 0'],
];

/** A small seeded generator (mulberry32) so that the turn each mutation hits is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
