import { isScoreName, TOKENS_SCORE } from '../../../shared/filters/scores';
import type { PipelineResult } from '../pipeline/pipeline-result';

/** Kept and dropped records of one group. */
export interface GroupCount {
  name: string;
  kept: number;
  dropped: number;
}

/** The counts of a run's current verdicts (docs/ui.md, "Views after a pipeline run"). */
export interface FilterCounts {
  records: number;
  kept: number;
  dropped: number;
  perSource: GroupCount[];
  perTask: GroupCount[];
  agentShareRecords: number;
  agentShareTokens: number;
  version: number;
}

/** The file name of a path (sources are shown by name). */
function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The count of a group, added at zero when new. */
function groupNamed(groups: Map<string, GroupCount>, name: string): GroupCount {
  let group = groups.get(name);
  if (group === undefined) {
    group = { name, kept: 0, dropped: 0 };
    groups.set(name, group);
  }
  return group;
}

/**
 * Counts the current verdicts per source and task, and the agent share of the kept records by
 * records and by tokens (η of AgentTuning §2.3), in one pass over the stored columns.
 */
export function countVerdicts(result: PipelineResult): FilterCounts {
  const { kept } = result.judgment;
  const tokens = result.measured.scores.get(TOKENS_SCORE);
  const perSource = new Map<string, GroupCount>();
  const perTask = new Map<string, GroupCount>();
  let keptCount = 0;
  let agentRecords = 0;
  let agentTokens = 0;
  let allTokens = 0;
  const { tasks } = result.measured;
  for (const source of result.measured.sources) {
    const name = fileName(source.info.path);
    // Records come in runs of one task: the group is looked up again only when the task changes.
    let task: string | null | undefined;
    let taskGroup = { kept: 0, dropped: 0 };
    let sourceKept = 0;
    for (let record = source.from; record < source.to; record++) {
      const isKept = kept[record] === 1;
      if (tasks[record] !== task) {
        task = tasks[record];
        taskGroup = groupNamed(perTask, task ?? '(no task)');
      }
      if (isKept) taskGroup.kept++;
      else taskGroup.dropped++;
      if (!isKept) continue;
      sourceKept++;
      keptCount++;
      const recordTokens = tokens === undefined || Number.isNaN(tokens[record]) ? 0 : tokens[record];
      allTokens += recordTokens;
      if (result.measured.roles[record] === 'agent') {
        agentRecords++;
        agentTokens += recordTokens;
      }
    }
    if (source.to === source.from) continue;
    const sourceGroup = groupNamed(perSource, name);
    sourceGroup.kept += sourceKept;
    sourceGroup.dropped += source.to - source.from - sourceKept;
  }
  return {
    records: result.count,
    kept: keptCount,
    dropped: result.count - keptCount,
    perSource: [...perSource.values()],
    perTask: [...perTask.values()].sort((first, second) => first.name.localeCompare(second.name)),
    agentShareRecords: keptCount === 0 ? 0 : agentRecords / keptCount,
    agentShareTokens: allTokens === 0 ? 0 : agentTokens / allTokens,
    version: result.version,
  };
}

/** A histogram of one stored score, as the contract sends it. */
export interface ScoreHistogram {
  score: string;
  min: number;
  max: number;
  edges: number[];
  series: { name: string; counts: number[] }[];
  missing: number;
}

/** The group name of a record for a split. */
function groupOf(result: PipelineResult, record: number, split: 'none' | 'source' | 'task'): string {
  if (split === 'task') return result.measured.tasks[record] ?? '(no task)';
  if (split === 'source') return fileName(result.sourceOf(record).info.path);
  return 'all records';
}

/** Bins a stored score over every record into `bins` equal bins, split by source or task on demand. */
export function scoreHistogram(result: PipelineResult, score: string, split: 'none' | 'source' | 'task', bins: number): ScoreHistogram | null {
  const column = isScoreName(score) ? result.measured.scores.get(score) : undefined;
  if (column === undefined) return null;
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  for (const value of column) {
    if (Number.isNaN(value)) missing++;
    else {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (min === Infinity) {
    min = 0;
    max = 1;
  }
  if (max === min) max = min + 1;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, index) => min + index * width);
  const series = new Map<string, number[]>();
  for (let record = 0; record < column.length; record++) {
    const value = column[record];
    if (Number.isNaN(value)) continue;
    const name = groupOf(result, record, split);
    let counts = series.get(name);
    if (counts === undefined) {
      counts = new Array<number>(bins).fill(0);
      series.set(name, counts);
    }
    counts[Math.min(bins - 1, Math.floor((value - min) / width))]++;
  }
  return { score, min, max, edges, series: [...series].map(([name, counts]) => ({ name, counts })), missing };
}
