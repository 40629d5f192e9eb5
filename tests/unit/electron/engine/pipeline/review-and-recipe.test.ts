import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { loadRecipe, RecipeError } from '../../../../../electron/engine/pipeline/load-recipe';
import type { PipelineResult, VerdictLine } from '../../../../../electron/engine/pipeline/pipeline-result';
import { REPO_ROOT } from '../../../../helpers/data';
import { writePlantedCorpus, type PlantedCorpus } from './planted-corpus';
import { describeWithData, itWithData } from '../../../../helpers/with-data';

/** Runs a recipe file on a fresh engine. */
async function run(recipe: string): Promise<PipelineResult> {
  const engine = new Engine({ workers: 2 });
  try {
    return await engine.runPipeline(await engine.openRecipe(recipe));
  } finally {
    await engine.dispose();
  }
}

/** The verdict of the record with id `id`. */
function verdictOf(result: PipelineResult, id: string): VerdictLine {
  for (let record = 0; record < result.count; record++) if (result.measured.ids[record] === id) return result.verdict(record);
  throw new Error(`no record ${id}`);
}

describeWithData('review files in the pipeline (docs/recipe.md rules)', () => {
  let corpus: PlantedCorpus;
  let before: PipelineResult;
  let after: PipelineResult;
  const at = '2024-05-01T10:00:00Z';

  beforeAll(async () => {
    corpus = writePlantedCorpus();
    before = await run(corpus.recipe);
    const kept = verdictOf(before, 'glaive_40');
    const unsafe = verdictOf(before, 'os_116');
    const leaked = verdictOf(before, 'db_100');
    const refusing = verdictOf(before, 'glaive_25');
    const agent = JSON.parse(readFileSync(join(corpus.folder, 'agent.json'), 'utf8')) as { id: string; conversations: { role: string; content: string }[] }[];
    const edited = structuredClone(agent.find((record) => record.id === 'db_100'));
    if (edited === undefined) throw new Error('db_100 is missing');
    edited.conversations[2].content = 'Create a new record in the table Books with the title The Great Gatsby.';
    const lines = [
      { key: kept.key, decision: 'reject', reason: 'off-topic', by: 'ana', at },
      { key: unsafe.key, decision: 'accept', by: 'ana', at },
      { key: leaked.key, decision: 'accept', by: 'ana', at },
      { key: refusing.key, decision: 'accept', edited: { id: 'unused' }, by: 'bo', at },
    ];
    writeFileSync(join(corpus.folder, 'ana.jsonl'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    writeFileSync(join(corpus.folder, 'bo.jsonl'), `${JSON.stringify({ key: leaked.key, decision: 'accept', edited, by: 'bo', at: '2024-05-02T10:00:00Z' })}\n`);
    const recipe = JSON.parse(readFileSync(corpus.recipe, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(corpus.folder, 'reviewed.recipe.json'), JSON.stringify({ ...recipe, review: ['ana.jsonl', 'bo.jsonl'] }));
    after = await run(join(corpus.folder, 'reviewed.recipe.json'));
  }, 120_000);

  it('rejects, overrides filters, and keeps leakage out unless an edit clears it', () => {
    expect(verdictOf(before, 'glaive_40').kept).toBe(true);
    const rejected = verdictOf(after, 'glaive_40');
    expect(rejected.kept).toBe(false);
    expect(rejected.reasons.at(-1)).toMatchObject({ stage: 'review', rule: 'review.reject' });
    expect(rejected.reasons.at(-1)?.message).toContain('rejected by ana');

    expect(verdictOf(before, 'os_116').kept).toBe(false);
    const overridden = verdictOf(after, 'os_116');
    expect(overridden.kept).toBe(true);
    expect(overridden.reasons.map((reason) => reason.rule)).toEqual(expect.arrayContaining(['unsafe.fetch-and-run', 'review.override']));

    // db_100 leaked; ana's plain accept cannot bring it back, but bo's later edit removed the
    // pasted question: the edited record is re-checked and passes.
    expect(verdictOf(before, 'db_100').reasons.some((reason) => reason.stage === 'leakage')).toBe(true);
    const edited = verdictOf(after, 'db_100');
    expect(edited.reasons.some((reason) => reason.stage === 'leakage')).toBe(false);
    expect(edited.kept).toBe(true);
    expect(after.measured.reviewConflicts.map((conflict) => conflict.key)).toEqual([edited.key]);
  });

  it('reports bad review lines and edits that do not read, and goes on', () => {
    expect(after.measured.problems.some((problem) => problem.file === 'ana.jsonl' && problem.line === 5)).toBe(true);
    expect(after.measured.problems.some((problem) => problem.message.includes('does not read as'))).toBe(true);
  });

  it('keeps a leakage drop out when the review only accepts it', async () => {
    const recipe = JSON.parse(readFileSync(corpus.recipe, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(corpus.folder, 'ana-only.recipe.json'), JSON.stringify({ ...recipe, review: 'ana.jsonl' }));
    const result = await run(join(corpus.folder, 'ana-only.recipe.json'));
    const leaked = verdictOf(result, 'db_100');
    expect(leaked.kept).toBe(false);
    expect(leaked.reasons.at(-1)?.message).toContain('review cannot override leakage');
    writeFileSync(join(corpus.folder, 'override.recipe.json'), JSON.stringify({ ...recipe, review: { files: ['ana.jsonl'], overrideLeakage: true } }));
    expect(verdictOf(await run(join(corpus.folder, 'override.recipe.json')), 'db_100').kept).toBe(true);
  }, 60_000);
});

describe('loading a recipe', () => {
  itWithData('names the file and the field of every problem', async () => {
    const corpus = writePlantedCorpus();
    const file = join(corpus.folder, 'bad.recipe.json');
    writeFileSync(file, JSON.stringify({ sources: [{ path: 'agent.json' }, { path: 'missing.json' }], evalSets: [{ name: 'db', path: 'nowhere.jsonl' }], filters: { reward: { scores: 'scores.jsonl' } } }));
    const error = await loadRecipe(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecipeError);
    const message = (error as RecipeError).message;
    expect(message).toContain(file);
    expect(message).toContain('sources.1.path: no such file or folder');
    expect(message).toContain('evalSets.0.path: no such file or folder');
    expect(message).toContain('filters.reward.scores: no such file or folder');
    expect(message).not.toContain('sources.0.path');

    writeFileSync(file, '{"sources": [{"path": "agent.json"}],\n "leakage": {"threshold": 2}}');
    await expect(loadRecipe(file)).rejects.toThrow(`${file}: leakage.threshold: expected a number ≤ 1, got 2`);
    writeFileSync(file, '{"sources": [\n  {"path": "agent.json"},\n]}');
    await expect(loadRecipe(file)).rejects.toThrow(/not valid JSON at line 3 \(byte 40\): expected a value but found .\]./);
    await expect(loadRecipe(join(corpus.folder, 'none.json'))).rejects.toThrow(/cannot read the recipe: no such file or folder/);
  });

  it('loads the sample recipe, which uses the AgentBench evaluation sets', async () => {
    const loaded = await loadRecipe(join(REPO_ROOT, 'resources', 'samples', 'agentbench.recipe.json'));
    expect(loaded.recipe.evalSets.map((set) => set.name)).toEqual(['os', 'db', 'kg', 'webshop']);
    expect(loaded.recipe.mix?.agentShare).toBe(0.2);
  });

  itWithData('joins rewards from a scores file by id and applies AgentTuning\'s thresholds', async () => {
    const corpus = writePlantedCorpus();
    writeFileSync(join(corpus.folder, 'scores.jsonl'), ['{"id": "os_42", "reward": 0}', '{"id": "mind2web_96", "reward": 0.7}', '{"id": "kg_12", "reward": true}', 'oops'].join('\n'));
    const recipe = JSON.parse(readFileSync(corpus.cleanRecipe, 'utf8')) as { filters?: unknown };
    const file = join(corpus.folder, 'scored.recipe.json');
    writeFileSync(file, JSON.stringify({ ...recipe, filters: { reward: { scores: 'scores.jsonl' } } }));
    const result = await run(file);
    expect(verdictOf(result, 'os_42').reasons.map((reason) => reason.rule)).toContain('reward.below-threshold');
    expect(verdictOf(result, 'os_42').scores.reward).toBe(0);
    // Mind2Web keeps r >= 2/3 (AgentTuning); kg_12 has r = 1.
    expect(verdictOf(result, 'mind2web_96').reasons.some((reason) => reason.rule.startsWith('reward'))).toBe(false);
    expect(verdictOf(result, 'kg_12').scores.reward).toBe(1);
    expect(result.measured.problems.some((problem) => problem.file.endsWith('scores.jsonl') && problem.line === 4)).toBe(true);
  }, 60_000);
});
