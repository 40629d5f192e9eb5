import { isRecord } from './json-value';

/**
 * Files that are not conversations (benchmark evaluation sets and tool-answer files; their shapes
 * are in docs/domain.md), and how to tell them from their first values. Each says what it is and
 * what to do with it.
 */
export interface KnownNonConversation {
  /** What the file holds, e.g. `AgentBench DB test set`. */
  what: string;
  /** True when the file's first parsed values look like this kind. */
  matches(samples: readonly unknown[]): boolean;
  /** What to tell the user. */
  message: string;
}

const AS_EVALUATION_SET = 'an evaluation set, not conversations; name it under evalSets in a recipe to check the training data for leakage against it';

/** ALFWorld's six task types, the keys of AgentBench's alfworld/std.json. */
const ALFWORLD_TASK_TYPES = new Set(['pick_and_place', 'pick_clean_then_place', 'pick_heat_then_place', 'pick_cool_then_place', 'look_at_obj', 'pick_two_obj']);

/** True when at least half of the samples (and at least one) satisfy `test`: one odd value does not hide a file's kind. */
function mostly(samples: readonly unknown[], test: (value: unknown) => boolean): boolean {
  let count = 0;
  for (const sample of samples) if (test(sample)) count++;
  return count > 0 && count * 2 >= samples.length;
}

function hasKeys(value: unknown, ...keys: string[]): value is Record<string, unknown> {
  return isRecord(value) && keys.every((key) => key in value);
}

/** The kinds, most specific first (DB items also have `description`, `create` and `evaluation`, like OS items). */
export const KNOWN_NON_CONVERSATIONS: readonly KnownNonConversation[] = [
  {
    what: 'ToolBench DFS answer file',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'answer_generation') && ('win' in value || 'tree' in value)),
    message:
      'a ToolBench DFS answer file, a format we do not read: its conversations are the OpenAI-style lists in answer_generation.train_messages; write those as JSONL, one {"messages": [...]} per line, to use them',
  },
  {
    what: 'AgentBench DB test set',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'description', 'table') && ('sql' in value || 'label' in value)),
    message: `AgentBench DB (dbbench) test items (description, label, table, sql): ${AS_EVALUATION_SET}`,
  },
  {
    what: 'AgentBench OS test set',
    // Items without `create` or `start` run in the default image (os_interaction/data/3/ac.json), so those two are not required.
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'description', 'evaluation') && isRecord(value.evaluation)),
    message: `AgentBench OS interaction test items (description, create/start, evaluation): ${AS_EVALUATION_SET}`,
  },
  {
    what: 'AgentBench KG test set',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'question', 'qid') && ('s_expression' in value || 'actions' in value)),
    message: `AgentBench knowledge-graph test items (question, qid, s_expression, actions, answer): ${AS_EVALUATION_SET}`,
  },
  {
    what: 'ALFWorld game paths',
    matches: (samples) => mostly(samples, isAlfworldPathMap),
    message: `ALFWorld game paths by task type (the AgentBench ALFWorld test games; paths only, no task text): ${AS_EVALUATION_SET}`,
  },
  {
    what: 'Mind2Web few-shot prompt',
    matches: (samples) => samples.some((value) => isRecord(value) && value.role === 'agent') && mostly(samples, (value) => hasKeys(value, 'role', 'content') && (value.role === 'user' || value.role === 'agent')),
    message:
      'the Mind2Web few-shot prompt of AgentBench (one prompt of user/agent messages, not records): neither training data nor the Mind2Web test split; leave it out of the sources',
  },
  {
    what: 'BFCL test set',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'id', 'question') && Array.isArray(value.question) && ('function' in value || 'initial_config' in value || 'involved_classes' in value)),
    message: `Berkeley Function-Calling Leaderboard test items (id, question as lists of {role, content} messages, function): ${AS_EVALUATION_SET} (fields: ["question[][].content"])`,
  },
  {
    what: 'MedAgentBench test set',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'id', 'instruction', 'context') && !('output' in value)),
    message: `MedAgentBench tasks (id, instruction, context, sol): ${AS_EVALUATION_SET} (fields: ["instruction"])`,
  },
  {
    what: 'AgentBench Avalon game setups',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'num_players', 'role_names')),
    message: 'Avalon game setups of AgentBench (players, quest leader, role names): no text, so neither training data nor a leakage check; leave it out of the sources',
  },
  {
    what: 'WebArena replay trajectory',
    matches: (samples) => mostly(samples, (value) => hasKeys(value, 'intent', 'trajectory') && Array.isArray(value.trajectory) && value.trajectory.every((step) => isRecord(step) && !('role' in step))),
    message:
      'WebArena replay trajectories: steps alternate pages (url, accessibility tree, screenshot) and browser actions as codes (action_type, element ids) with no role and no text a model wrote, so not a conversation; the task intents can serve as an evaluation set (fields: ["intent"])',
  },
  {
    what: 'WebShop goals',
    matches: (samples) => samples.every((value) => typeof value === 'string'),
    message: `a list of plain strings, as WebShop's instruction goals (human_goals.json; AgentBench evaluates goals 0-199): ${AS_EVALUATION_SET}`,
  },
];

function isAlfworldPathMap(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  if (entries.length === 0) return false;
  const allPathLists = entries.every(([, paths]) => Array.isArray(paths) && paths.every((path) => typeof path === 'string'));
  return allPathLists && entries.some(([key, paths]) => ALFWORLD_TASK_TYPES.has(key) || (paths as string[]).some((path) => path.endsWith('.tw-pddl')));
}
