import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedupSettings } from '../../../../shared/dedup/settings';
import { filterSettings } from '../../../../shared/filters/index';
import { leakageSettings } from '../../../../shared/leakage/settings';
import { RECIPE_SCHEMA_PATH, recipeJsonSchemaText } from '../../../../shared/recipe/json-schema';
import { formatRecipeIssues, parseRecipe } from '../../../../shared/recipe/parse-recipe';
import { REPO_ROOT } from '../../../helpers/data';

/** The issues of a recipe that must not parse, as `path: message` lines. */
function problems(input: unknown): string {
  const parsed = parseRecipe(input);
  if (parsed.ok) throw new Error('expected the recipe to fail');
  return formatRecipeIssues(parsed.issues);
}

describe('recipe schema', () => {
  it('runs with only sources, every stage defaulted to the stage owners\' defaults', () => {
    const parsed = parseRecipe({ sources: [{ path: 'agent.json' }] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { recipe } = parsed;
    expect(recipe.sources).toEqual([{ path: 'agent.json', format: 'auto', enabled: true, required: false }]);
    expect(recipe.evalSets).toEqual([]);
    const { scores, ...reward } = recipe.filters.reward;
    expect(scores).toBeUndefined();
    expect({ ...recipe.filters, reward }).toEqual(filterSettings.parse({}));
    const { enabled, ...dedup } = recipe.dedup;
    expect(enabled).toBe(true);
    expect(dedup).toEqual(dedupSettings.parse({}));
    expect(recipe.leakage).toEqual(leakageSettings.parse({}));
    // AgentTuning's reward thresholds: r = 1, mind2web r >= 2/3.
    expect(recipe.filters.reward.minimum).toBe(1);
    expect(recipe.filters.reward.minimumByTask.mind2web).toBeCloseTo(2 / 3);
    expect(recipe.review).toBeUndefined();
    expect(recipe.mix).toBeUndefined();
    expect(recipe.export).toBeUndefined();
  });

  it('switches every filter and stage off with enabled: false', () => {
    const off = { enabled: false };
    const parsed = parseRecipe({
      sources: [{ path: 'a.json', enabled: false }, { path: 'b.json' }],
      filters: { reward: off, structure: off, format: off, repetition: off, refusal: off, unsafe: off, length: off },
      dedup: { enabled: false, exact: off, near: off, templates: off },
      leakage: off,
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.values(parsed.recipe.filters).every((filter) => !filter.enabled)).toBe(true);
    expect(parsed.recipe.dedup.enabled).toBe(false);
    expect(parsed.recipe.leakage.enabled).toBe(false);
    expect(parsed.recipe.sources.map((source) => source.enabled)).toEqual([false, true]);
  });

  it('parses review, mix and export sections with their owners\' schemas', () => {
    const parsed = parseRecipe({ sources: [{ path: 'a.json' }], review: ['ana.jsonl', 'bo.jsonl'], mix: { agentShare: 0.2 }, export: { format: 'openai' } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.recipe.review).toEqual({ files: ['ana.jsonl', 'bo.jsonl'], overrideLeakage: false });
    expect(parsed.recipe.mix?.seed).toBe(42);
    expect(parsed.recipe.export?.format).toBe('openai');
  });

  it('names the field of every problem', () => {
    expect(problems({})).toBe('sources: required: expected an array');
    expect(problems({ sources: [] })).toBe('sources: expected at least 1 item');
    expect(problems({ sources: [{ path: 'a', role: 'tool' }] })).toBe('sources.0.role: expected one of "agent", "general", got "tool"');
    expect(problems({ sources: [{ path: 'a' }], filters: { reward: { minimumByTask: { os: 'high' } } } })).toBe(
      'filters.reward.minimumByTask.os: expected a number, got "high"',
    );
    expect(problems({ sources: [{ path: 'a' }], leakage: { threshold: 1.5 } })).toBe('leakage.threshold: expected a number ≤ 1, got 1.5');
    expect(problems({ sources: [{ path: 'a' }], leakage: { ngram: 20 } })).toContain('leakage.ngram: expected a number ≤ 13, got 20');
    expect(problems({ sources: [{ path: 'a' }], dedup: { near: { threshold: 0 } } })).toBe('dedup.near.threshold: expected a number > 0, got 0');
    expect(problems({ sources: [{ path: 'a' }], filters: { refusal: { enabeld: false } } })).toBe(
      'filters.refusal: unknown field "enabeld" (misspelt? docs/recipe.md lists every field)',
    );
    expect(problems({ sources: [{ path: 'a' }], dedupe: {} })).toContain('(recipe): unknown field "dedupe"');
    expect(problems({ sources: [{ path: 'a' }], filters: { unsafe: { extraPatterns: ['(unclosed'] } } })).toContain('filters.unsafe.extraPatterns.0');
    expect(problems({ sources: [{ path: 'a' }], dedup: { near: { bands: 20 } } })).toContain('dedup.near: set both bands and rows, or neither');
  });

  it('keeps resources/recipe.schema.json up to date with the zod schema', () => {
    const onDisk = readFileSync(join(REPO_ROOT, RECIPE_SCHEMA_PATH), 'utf8');
    expect(onDisk, 'regenerate with: node bin/run-ts.mjs electron/engine/pipeline/write-recipe-schema.ts').toBe(recipeJsonSchemaText());
    const schema = JSON.parse(onDisk) as { required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(schema.required).toEqual(['sources']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['sources', 'evalSets', 'filters', 'dedup', 'leakage', 'review', 'mix', 'export']));
  });
});
