/**
 * A recipe saved to another folder keeps working (docs/recipe.md, "Saving a recipe"): every path is
 * made absolute (the validation file and the keys of `mix.sources` included), so the saved recipe
 * exports to the same files with the same caps; the save is atomic.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { resolveExportRequest } from '../../../../../electron/engine/export/export-request';
import { recipeForFolder, saveRecipe } from '../../../../../electron/engine/export/save-recipe';
import { readRecipe } from '../../../../../electron/engine/pipeline/load-recipe';
import { parseRecipe } from '../../../../../shared/recipe/parse-recipe';
import type { Recipe } from '../../../../../shared/recipe/schema';

const folder = mkdtempSync(join(tmpdir(), 'agentmix-save-recipe-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A recipe as the schema fills it in. */
function parsed(value: unknown): Recipe {
  const result = parseRecipe(value);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.recipe;
}

/** Small hand-written shards: garden chores for the agent side, questions about birds for the general side. */
function writeShards(): void {
  mkdirSync(join(folder, 'data', 'agent'), { recursive: true });
  const chores = ['water the tomatoes', 'rake the leaves', 'prune the roses', 'weed the carrots', 'mow the lawn', 'sweep the path'];
  const agent = chores.map((chore, index) => ({
    id: `os_${index}`,
    conversations: [
      { from: 'human', value: `You help with the garden. Task: ${chore}.` },
      { from: 'gpt', value: 'Ok.', loss: false },
      { from: 'human', value: `The shed holds a hose, a rake and shears. What now for "${chore}"?` },
      { from: 'gpt', value: `Think: I should ${chore} with the right tool.\nAct: finish`, loss: true },
    ],
  }));
  writeFileSync(join(folder, 'data', 'agent', 'chores.json'), JSON.stringify(agent));
  const birds = ['robin', 'wren', 'heron', 'swift', 'finch', 'crane', 'kestrel', 'plover', 'avocet', 'dunnock', 'linnet', 'bittern'];
  const general = birds.map((bird, index) => ({
    id: `bird_${index}`,
    conversations: [
      { from: 'human', value: `Where does the ${bird} build its nest, and what does it eat in winter?` },
      { from: 'gpt', value: `The ${bird} nests where it finds shelter from wind and cats, and in winter it eats whatever the season leaves it: seeds, insects or fish, depending on the bird.` },
    ],
  }));
  writeFileSync(join(folder, 'data', 'birds.json'), JSON.stringify(general));
}

describe('recipeForFolder', () => {
  const recipe = parsed({
    $schema: '../resources/recipe.schema.json',
    sources: [{ path: 'data/agent', role: 'agent' }, { path: '/abs/birds.json' }],
    evalSets: [{ name: 'os', path: 'eval/os.json' }],
    filters: { reward: { scores: 'scores.jsonl' } },
    review: ['ana.jsonl'],
    mix: { sources: { 'data/agent/chores.json': { cap: 2 } }, validation: 0.1 },
    export: { format: 'openai', validationOut: 'held/out.jsonl' },
  });

  it('makes every path absolute, from the folder the recipe came from', () => {
    const moved = recipeForFolder(recipe, '/work/project', '/elsewhere');
    expect(moved.$schema).toBe('/work/resources/recipe.schema.json');
    expect(moved.sources.map((source) => source.path)).toEqual(['/work/project/data/agent', '/abs/birds.json']);
    expect(moved.evalSets[0].path).toBe('/work/project/eval/os.json');
    expect(moved.filters.reward.scores).toBe('/work/project/scores.jsonl');
    expect(moved.review?.files).toEqual(['/work/project/ana.jsonl']);
    expect(moved.mix?.sources).toEqual({ '/work/project/data/agent/chores.json': { cap: 2 } });
    // The default train file would follow the copy: it is written out where it was.
    expect(moved.export?.out).toBe('/work/project/agentmix-openai.jsonl');
    expect(moved.export?.validationOut).toBe('/work/project/held/out.jsonl');
    expect(recipe.sources[0].path).toBe('data/agent');
  });

  it('leaves a recipe saved in its own folder, and a URL $schema, as they are', () => {
    expect(recipeForFolder(recipe, '/work/project', '/work/project/')).toBe(recipe);
    expect(recipeForFolder({ ...recipe, $schema: 'https://example.org/recipe.schema.json' }, '/a', '/b').$schema).toBe('https://example.org/recipe.schema.json');
  });
});

describe('saveRecipe', () => {
  it('writes a recipe that exports to the same files, with the same caps, from another folder', async () => {
    writeShards();
    const original = join(folder, 'mix.recipe.json');
    writeFileSync(
      original,
      JSON.stringify({
        sources: [{ path: 'data/agent', role: 'agent' }, { path: 'data/birds.json', role: 'general' }],
        mix: { agentShare: 0.2, sources: { 'data/agent/chores.json': { cap: 2 } }, validation: 0.25, upsample: 'none' },
        export: { format: 'sharegpt', out: 'out/mix.json', validationOut: 'held/mix.validation.json' },
      }),
    );
    const saved = await saveRecipe(join(folder, 'copies', 'deep', 'mix.recipe.json'), (await readRecipe(original)).recipe, folder);
    expect(saved).toBe(join(folder, 'copies', 'deep', 'mix.recipe.json'));
    expect(readdirSync(join(folder, 'copies', 'deep'))).toEqual(['mix.recipe.json']);

    const engine = new Engine({ workers: 1 });
    try {
      const previews = [];
      for (const file of [original, saved]) {
        const loaded = await engine.openRecipe(file);
        const resolved = resolveExportRequest(loaded);
        await engine.runPipeline(loaded);
        const preview = engine.previewExport();
        previews.push({ out: resolved.out.file, validation: resolved.validationOut.file, records: preview.records, agent: preview.groups.filter((group) => group.role === 'agent').map((group) => group.train + group.validation) });
      }
      expect(previews[1]).toEqual(previews[0]);
      expect(previews[0].validation).toBe(join(folder, 'held', 'mix.validation.json'));
      // The cap on the agent file holds in the copy, whose sources are absolute paths.
      expect(previews[1].agent).toEqual([2]);
    } finally {
      await engine.dispose();
    }
  }, 60_000);

  it('refuses an invalid recipe and leaves the old file in place when the write fails', async () => {
    const target = join(folder, 'kept.recipe.json');
    writeFileSync(target, '{"sources": [{"path": "x.json"}]}\n');
    const recipe = parsed({ sources: [{ path: 'x.json' }] });
    await expect(saveRecipe(target, { ...recipe, sources: [] }, folder)).rejects.toThrow();
    await expect(saveRecipe(join(target, 'inside.json'), recipe, folder)).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('{"sources": [{"path": "x.json"}]}\n');
    expect(readdirSync(folder).filter((name) => name.endsWith('.agentmix-tmp'))).toEqual([]);
  });
});
