/**
 * The files a recipe names besides shards: the reward scores file (JSONL `{"id", "reward"}`,
 * docs/filters.md, "reward") and the review files (JSONL decisions, docs/recipe.md, "Review files"). Bad lines are problems with file,
 * line and byte offset; the good lines are still used.
 */
import { readFile } from 'node:fs/promises';
import { rewardValue } from '../../../shared/filters/reward';
import { mergeReviews, type MergedReview } from '../../../shared/review/merge-reviews';
import { parseReviewFile } from '../../../shared/review/parse-review-file';
import type { Problem } from '../../../shared/schema/problem';

/** Rewards by record id, and the lines that could not be read. */
export interface ScoresFile {
  rewards: Map<string, number>;
  problems: Problem[];
}

/** Reads a scores file: one `{"id": "...", "reward": number | boolean}` per line; later lines win. */
export async function readScoresFile(path: string): Promise<ScoresFile> {
  const text = await readFile(path, 'utf8');
  const rewards = new Map<string, number>();
  const problems: Problem[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, index) => {
    const where = { file: path, line: index + 1, offset };
    offset += Buffer.byteLength(raw) + 1;
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ ...where, message: `not JSON (${error instanceof Error ? error.message : String(error)}); expected {"id": "...", "reward": 1}` });
      return;
    }
    const entry = (typeof value === 'object' && value !== null ? value : {}) as { id?: unknown; reward?: unknown };
    const reward = rewardValue(entry.reward);
    if ((typeof entry.id !== 'string' && typeof entry.id !== 'number') || reward === null) {
      problems.push({ ...where, message: 'expected {"id": "...", "reward": <number or true/false>}; the line was skipped' });
      return;
    }
    rewards.set(String(entry.id), reward);
  });
  return { rewards, problems };
}

/** Reads and merges review files (recipe order; see shared/review/merge-reviews.ts). */
export async function readReviewFiles(files: readonly { path: string; name: string }[]): Promise<MergedReview> {
  const parsed = [];
  for (const file of files) parsed.push(parseReviewFile(await readFile(file.path, 'utf8'), file.name));
  return mergeReviews(parsed);
}
