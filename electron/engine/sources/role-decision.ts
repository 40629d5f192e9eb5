import type { FormatName } from '../../../shared/formats/types';
import type { SourceRole } from '../types';

/** The formats whose records are agent runs whatever they hold. */
const RUN_LOG_FORMATS: ReadonlySet<FormatName> = new Set(['agentinstruct', 'agentbench-run', 'swe-agent', 'adp', 'atif', 'fireact']);

/** What the role is decided from: the counts of a SourceStats. */
export interface RoleCounts {
  records: number;
  agentTaskRecords: number;
  agentSignals: { toolCalls: number; outcome: number; actions: number };
}

/**
 * A source's role in the mix (docs/formats.md, "Roles"): the user's `--role`; else `agent` when the
 * format is a run log (AgentInstruct, AgentBench, SWE-agent, ADP, ATIF, FireAct), or when at least
 * half of the records have an AgentInstruct task id, tool calls, ReAct/CodeAct actions or a run
 * outcome; else `general`. The reason says which.
 */
export function decideRole(forced: SourceRole | undefined, format: FormatName | null, counts: RoleCounts): { role: SourceRole; reason: string } {
  if (forced !== undefined) return { role: forced, reason: 'set by --role (or the recipe)' };
  if (format !== null && RUN_LOG_FORMATS.has(format)) return { role: 'agent', reason: `${format} records are agent trajectories` };
  const records = counts.records;
  if (records === 0) return { role: 'general', reason: 'no records' };
  const share = (count: number): string => `${Math.round((count / records) * 100)}% of the records`;
  const signals: [number, string][] = [
    [counts.agentTaskRecords, 'have AgentInstruct task ids'],
    [counts.agentSignals.toolCalls, 'make tool calls'],
    [counts.agentSignals.actions, 'act in a ReAct or CodeAct syntax (Action:, Act:, <execute>)'],
    [counts.agentSignals.outcome, "carry a run's outcome (reward, success, resolved)"],
  ];
  const found = signals.filter(([count]) => count * 2 >= records);
  if (found.length > 0) return { role: 'agent', reason: found.map(([count, what]) => `${share(count)} ${what}`).join('; ') };
  const best = signals.reduce((left, right) => (right[0] > left[0] ? right : left));
  return { role: 'general', reason: best[0] === 0 ? 'no task ids, tool calls, actions or outcomes in the records' : `only ${share(best[0])} ${best[1]} (agent needs half)` };
}
