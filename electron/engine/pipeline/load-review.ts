/**
 * The review files of a recipe read for a run (docs/recipe.md, "Review files"): the decisions by
 * record, and the edited records re-checked by the filters and the leakage scan.
 */
import { measureAll, type FilterContext, type Measurements } from '../../../shared/filters/index';
import { getFormat } from '../../../shared/formats/index';
import type { NgramIndex } from '../../../shared/leakage/ngram-index';
import { createLeakageScanner, scanRecord, type LeakageVerdict } from '../../../shared/leakage/scan';
import { needsRecheck } from '../../../shared/review/apply-review';
import type { ReviewEntry } from '../../../shared/review/review-line';
import type { Problem } from '../../../shared/schema/problem';
import type { SourceInfo } from '../types';
import { recipePath, type LoadedRecipe } from './load-recipe';
import type { PipelineMeasurements } from './pipeline-result';
import { readReviewFiles } from './side-files';

/** Review decisions by record, with the re-checked edits. */
export async function loadReview(
  loaded: LoadedRecipe,
  keys: readonly string[],
  context: (record: number) => { format: SourceInfo['format']; filter: FilterContext },
  index: NgramIndex | null,
  problems: Problem[],
): Promise<Pick<PipelineMeasurements, 'review' | 'rechecks' | 'reviewConflicts'>> {
  const review = new Map<number, ReviewEntry>();
  const rechecks = new Map<number, { measurements: Measurements; leakage: LeakageVerdict | null }>();
  const files = loaded.recipe.review?.files ?? [];
  if (files.length === 0) return { review, rechecks, reviewConflicts: [] };
  const merged = await readReviewFiles(files.map((file) => ({ path: recipePath(loaded, file), name: file })));
  for (const problem of merged.problems) problems.push(problem);
  const recordOf = new Map(keys.map((key, record) => [key, record]));
  const scanner = index === null ? null : createLeakageScanner(index);
  for (const [key, entry] of merged.decisions) {
    const record = recordOf.get(key);
    if (record === undefined) continue;
    review.set(record, entry);
    if (!needsRecheck(entry)) continue;
    // An edited record is re-checked (docs/recipe.md, "Review files") by the stages: filters and leakage
    // here; it keeps the original's dedup cluster.
    const { format, filter } = context(record);
    const read = getFormat(format ?? 'sharegpt').read(entry.edited, { task: filter.task });
    if (!read.ok) {
      problems.push({ file: entry.file, line: entry.line, offset: 0, message: `the edited record of ${key} does not read as ${format}: ${read.message}; the original record was judged instead` });
      continue;
    }
    const leakage = scanner === null ? null : scanRecord(scanner, read.conversation.turns);
    rechecks.set(record, { measurements: measureAll(read.conversation, filter, loaded.recipe.filters), leakage: leakage !== null && leakage.matches.length > 0 ? leakage : null });
  }
  return { review, rechecks, reviewConflicts: merged.conflicts };
}

