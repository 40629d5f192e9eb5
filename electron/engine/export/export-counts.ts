import { emptyStageCounts, NO_TASK, type Manifest, type StageCounts } from '../../../shared/export/manifest';
import { STAGE_BITS } from '../pipeline/judge';
import type { PipelineResult } from '../pipeline/pipeline-result';

/**
 * The manifest's counts per stage for the run, each source and each task (docs/recipe.md, "Export"):
 * records read; dropped by the filters (with the rules behind each drop), as duplicates, and for
 * leakage, as the stages said before review (a record two stages dropped counts in both); the review
 * decisions that applied (accepted, rejected, edited, and accepts that overrode a drop). `exported`
 * stays 0 here: the writer counts the copies it writes. `labels` names each record's source (see
 * source-labels.ts).
 */
export function stageCountsOf(result: PipelineResult, labels: readonly string[]): Manifest['counts'] {
  const counts: Manifest['counts'] = { total: emptyStageCounts(), sources: {}, tasks: {} };
  const { judgment, measured } = result;
  for (let record = 0; record < result.count; record++) {
    const targets: StageCounts[] = [
      counts.total,
      (counts.sources[labels[record]] ??= emptyStageCounts()),
      (counts.tasks[measured.tasks[record] ?? NO_TASK] ??= emptyStageCounts()),
    ];
    const bits = judgment.stageBits[record];
    const filtered = (bits & STAGE_BITS.filter.drop) !== 0;
    // A record may give several reasons under one rule (two malformed turns): count the rule once.
    const rules = filtered ? new Set(judgment.stageReasonsOf(record, false).filter((reason) => reason.stage === 'filter').map((reason) => reason.rule)) : null;
    const entry = measured.review.get(record);
    const final = judgment.reviewed.get(record);
    for (const target of targets) {
      target.read++;
      if (rules !== null) {
        target.filtered.total++;
        for (const rule of rules) target.filtered.rules[rule] = (target.filtered.rules[rule] ?? 0) + 1;
      }
      if ((bits & STAGE_BITS.dedup.drop) !== 0) target.duplicates++;
      if ((bits & STAGE_BITS.leakage.drop) !== 0) target.leaked++;
      if (entry === undefined) continue;
      if (entry.decision === 'reject') target.reviewed.rejected++;
      else target.reviewed.accepted++;
      if (measured.rechecks.has(record)) target.reviewed.edited++;
      if (final?.override === true) target.reviewed.overrides++;
    }
  }
  return counts;
}
