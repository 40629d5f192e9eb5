import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { countVerdicts, scoreHistogram } from '../../../../../electron/engine/api/filter-counts';
import { Engine } from '../../../../../electron/engine/engine';
import type { PipelineResult } from '../../../../../electron/engine/pipeline/pipeline-result';
import { REPO_ROOT } from '../../../../helpers/data';

/** The demo recipe (resources/samples: the project's own trajectories, chats and evaluation set). */
const DEMO = join(REPO_ROOT, 'resources/samples/agentbench.recipe.json');
/** Its records: 71 + 7 agent trajectories, 347 + 38 chats (resources/samples/SOURCES.md). */
const DEMO_RECORDS = 463;

describe('filter counts and histograms over a demo run', () => {
  const engine = new Engine({ workers: 1 });
  let result: PipelineResult;
  beforeAll(async () => {
    result = await engine.runPipeline(await engine.openRecipe(DEMO));
  }, 120_000);
  afterAll(() => engine.dispose());

  it('counts the verdicts per source and task and the agent share', () => {
    const counts = countVerdicts(result);
    let kept = 0;
    let agentKept = 0;
    for (let record = 0; record < result.count; record++) {
      const verdict = result.verdict(record);
      kept += verdict.kept ? 1 : 0;
      agentKept += verdict.kept && verdict.role === 'agent' ? 1 : 0;
    }
    expect(counts).toMatchObject({ records: DEMO_RECORDS, kept, dropped: DEMO_RECORDS - kept });
    expect(counts.perSource.reduce((sum, group) => sum + group.kept + group.dropped, 0)).toBe(DEMO_RECORDS);
    expect(counts.perTask.reduce((sum, group) => sum + group.kept, 0)).toBe(kept);
    expect(counts.agentShareRecords).toBeCloseTo(agentKept / kept, 10);
    expect(counts.agentShareTokens).toBeGreaterThan(0);
    expect(counts.agentShareTokens).toBeLessThan(1);
  });

  it('follows a re-judge: a lower token limit drops more, and the version moves', () => {
    const before = countVerdicts(result);
    const filters = structuredClone(result.recipe.filters);
    filters.length.maxTokens = 500;
    result.rejudge({ ...result.recipe, filters });
    const after = countVerdicts(result);
    expect(after.kept).toBeLessThan(before.kept);
    expect(after.version).toBe(before.version + 1);
    // Every record over 500 tokens is dropped, so the kept count matches the score column.
    const tokens = result.measured.scores.get('tokens')!;
    let over = 0;
    for (const value of tokens) over += value > 500 ? 1 : 0;
    expect(after.dropped).toBeGreaterThanOrEqual(over);
  });

  it('bins a score into equal bins, split by task on demand, and refuses unknown scores', () => {
    const histogram = scoreHistogram(result, 'tokens', 'none', 20)!;
    expect(histogram.edges).toHaveLength(21);
    expect(histogram.series).toHaveLength(1);
    expect(histogram.series[0].counts.reduce((sum, count) => sum + count, 0) + histogram.missing).toBe(DEMO_RECORDS);
    const byTask = scoreHistogram(result, 'tokens', 'task', 20)!;
    expect(byTask.series.map((series) => series.name).sort()).toEqual(['(no task)', 'alfworld', 'db', 'kg', 'mind2web', 'os', 'webshop']);
    expect(scoreHistogram(result, 'no-such-score', 'none', 20)).toBeNull();
  });
});
