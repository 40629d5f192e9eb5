import { z } from 'zod';
import type { Conversation, Outcome, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord } from './common-schemas';
import { isRecord } from './json-value';
import { outcomeOfValue } from './record-fields';
import { runTask, writeNested } from './run-logs';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import type { MessageCodec } from './write-record';

/**
 * One line of AgentBench's `runs.jsonl` (docs/formats.md, "agentbench-run"):
 * `{index, error, info, output: {index, status, result, history: [{role: user|agent, content}]}, time}`.
 * The agent's turns are `agent`; the task prompt and the environment's feedback are `user`. The task
 * is the folder the file is in (`outputs/<run>/<agent>/<task>/runs.jsonl`).
 */
const HISTORY_ITEM_SCHEMA = z.looseObject({ role: z.enum(['user', 'agent', 'system']), content: z.string() });

export const AGENTBENCH_RUN_SCHEMA = z.looseObject({
  index: z.union([z.number(), z.string()]).nullable().optional(),
  output: z.looseObject({
    status: z.string().nullable().optional(),
    history: z.array(HISTORY_ITEM_SCHEMA),
  }),
});

const ROLES = { user: 'user', agent: 'assistant', system: 'system' } as const;

/** Twin of {@link AGENTBENCH_RUN_SCHEMA}. */
export function isAgentBenchRun(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.output)) return false;
  const index = value.index;
  if (index !== undefined && index !== null && typeof index !== 'string' && !(typeof index === 'number' && Number.isFinite(index))) return false;
  const status = value.output.status;
  if (status !== undefined && status !== null && typeof status !== 'string') return false;
  return everyRecord(value.output.history, (item) => Object.hasOwn(ROLES, item.role as string) && typeof item.content === 'string');
}

interface HistoryItem {
  role: keyof typeof ROLES;
  content: string;
}

function turnOf(item: HistoryItem): Turn {
  return { role: ROLES[item.role], text: item.content, loss: null, from: item.role };
}

function build(turn: Turn): unknown {
  return { role: turn.role === 'assistant' ? 'agent' : turn.role === 'system' ? 'system' : 'user', content: turnText(turn) };
}

const CODEC: MessageCodec<HistoryItem> = { schema: HISTORY_ITEM_SCHEMA as unknown as z.ZodType<HistoryItem>, turnOf, build };

/** The keys of a task's result object that say how the run did, in the order they are tried. */
const RESULT_KEYS = ['result', 'is_correct', 'correct', 'success', 'reward', 'score'] as const;

/**
 * The outcome of a run: `output.result` when it is a success flag or a score (or an object holding
 * one under `result`, `is_correct`, `correct`, `success`, `reward`, `score`), with `output.status`;
 * a run whose status is not `completed` (an invalid action, a limit reached, an error) failed.
 */
export function agentBenchOutcome(output: Record<string, unknown>): Outcome | undefined {
  const status = typeof output.status === 'string' ? output.status : null;
  const result = output.result;
  let outcome = outcomeOfValue(result, 'output.result', status);
  if (outcome === null && isRecord(result)) {
    for (const key of RESULT_KEYS) {
      outcome = outcomeOfValue(result[key], `output.result.${key}`, status);
      if (outcome !== null) break;
    }
  }
  if (outcome !== null) return outcome;
  if (status !== null && status !== 'completed') return { reward: 0, success: false, status, from: 'output.status' };
  return status === null ? undefined : { reward: null, success: null, status, from: 'output.status' };
}

/** Records with `output.history` of user/agent items. */
function detect(value: unknown): number {
  if (!isRecord(value) || !isRecord(value.output) || !Array.isArray(value.output.history)) return 0;
  const history = value.output.history as unknown[];
  if (history.length === 0) return 0.6;
  return history.every((item) => isRecord(item) && 'role' in item && 'content' in item) ? 1 : 0.3;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(
    AGENTBENCH_RUN_SCHEMA,
    isAgentBenchRun,
    value,
    context,
    (record) => ((record.output as Record<string, unknown>).history as HistoryItem[]).map(turnOf),
    (record) => {
      const output = record.output as Record<string, unknown>;
      const index = record.index ?? output.index;
      return {
        id: typeof index === 'number' || typeof index === 'string' ? String(index) : null,
        outcome: agentBenchOutcome(output),
        task: typeof record.task === 'string' ? record.task : runTask(context),
        turnKeys: ['output'],
      };
    },
  );
}

function write(conversation: Conversation): unknown {
  return writeNested(conversation, CODEC, ['output', 'history'], 'index');
}

/** AgentBench run logs (`agentbench-run`). */
export const AGENTBENCH_RUN_FORMAT: Format = { name: 'agentbench-run', detect, read, write };
