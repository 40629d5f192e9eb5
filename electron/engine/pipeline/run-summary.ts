/**
 * The counts `agentmix run` prints and the export's manifest can reuse: records dropped and flagged
 * per stage with the rules behind them, and kept/dropped per source and task with the top reasons.
 */
import { FLAG, STAGE_BITS } from './judge';
import type { PipelineResult } from './pipeline-result';

/** Counts of one stage. */
export interface StageCount {
  stage: string;
  /** Records this stage dropped (a record dropped by two stages counts in both). */
  dropped: number;
  flagged: number;
  /** Records per rule, most frequent first. */
  rules: [string, number][];
}

/** Counts of one source and task. */
export interface GroupCount {
  source: string;
  task: string | null;
  role: 'agent' | 'general';
  records: number;
  kept: number;
  dropped: number;
  /** The most frequent rules among its dropped records. */
  topReasons: [string, number][];
}

/** What a run decided, counted. */
export interface RunSummary {
  records: number;
  kept: number;
  flagged: number;
  stages: StageCount[];
  groups: GroupCount[];
}

/** The stages in the order they run. */
const STAGES = ['filter', 'leakage', 'dedup', 'review'] as const;

/** Sorted `[key, count]` pairs, most frequent first, then by key. */
function ranked(counts: Map<string, number>, limit = Number.POSITIVE_INFINITY): [string, number][] {
  return [...counts].sort((first, second) => second[1] - first[1] || (first[0] < second[0] ? -1 : 1)).slice(0, limit);
}

/** Counts a run's verdicts. */
export function summarizeRun(result: PipelineResult, topReasons = 3): RunSummary {
  const { judgment } = result;
  const stageRecords = new Map<string, { dropped: number; flagged: number; rules: Map<string, number> }>(STAGES.map((stage) => [stage, { dropped: 0, flagged: 0, rules: new Map() }]));
  const groups = new Map<string, GroupCount & { reasons: Map<string, number> }>();
  let kept = 0;
  let flagged = 0;
  for (let record = 0; record < result.count; record++) {
    const source = result.sourceOf(record);
    const task = result.measured.tasks[record];
    const groupKey = `${source.info.path}\u0000${task ?? ''}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { source: source.info.path, task, role: source.info.role, records: 0, kept: 0, dropped: 0, topReasons: [], reasons: new Map() };
      groups.set(groupKey, group);
    }
    group.records++;
    const isKept = judgment.kept[record] === 1;
    if (isKept) {
      kept++;
      group.kept++;
    } else group.dropped++;
    if (judgment.stages[record] === FLAG) flagged++;
    for (const reason of judgment.reasonsOf(record)) {
      const entry = stageRecords.get(reason.stage);
      if (entry !== undefined) entry.rules.set(reason.rule, (entry.rules.get(reason.rule) ?? 0) + 1);
      if (!isKept) group.reasons.set(reason.rule, (group.reasons.get(reason.rule) ?? 0) + 1);
    }
    const bits = judgment.stageBits[record];
    for (const stage of ['filter', 'leakage', 'dedup'] as const) {
      const entry = stageRecords.get(stage);
      if (entry === undefined) continue;
      if ((bits & STAGE_BITS[stage].drop) !== 0) entry.dropped++;
      else if ((bits & STAGE_BITS[stage].flag) !== 0) entry.flagged++;
    }
    const reviewed = judgment.reviewed.get(record);
    const review = stageRecords.get('review');
    if (reviewed !== undefined && review !== undefined && reviewed.decidedBy === 'review' && !reviewed.included) review.dropped++;
  }
  return {
    records: result.count,
    kept,
    flagged,
    stages: STAGES.map((stage) => {
      const entry = stageRecords.get(stage) ?? { dropped: 0, flagged: 0, rules: new Map<string, number>() };
      return { stage, dropped: entry.dropped, flagged: entry.flagged, rules: ranked(entry.rules) };
    }),
    groups: [...groups.values()].map(({ reasons, ...group }) => ({ ...group, topReasons: ranked(reasons, topReasons) })),
  };
}
