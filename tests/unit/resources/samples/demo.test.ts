import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import type { PipelineResult, VerdictLine } from '../../../../electron/engine/pipeline/pipeline-result';
import { FILTER_NAMES } from '../../../../shared/filters/types';
import { buildDemo, PLANTED } from '../../../../resources/samples/generator/demo';
import { REPO_ROOT } from '../../../helpers/data';

/**
 * The demo set (resources/samples/SOURCES.md) is written by its generator, and it shows every
 * feature on first start: each filter, the dedup and the leakage check drop what was planted for
 * them and nothing else, and the mix at η = 0.2 is reachable.
 */

const SAMPLES = join(REPO_ROOT, 'resources/samples');
/** Files in resources/samples that the generator does not write. */
const AUTHORED = new Set(['SOURCES.md', 'agentbench.recipe.json', 'mix-export.recipe.json', 'generate.ts']);

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(SAMPLES, join(entry.parentPath, entry.name)))
    .filter((path) => !AUTHORED.has(path) && !path.startsWith('generator/') && !path.startsWith('out/'))
    .sort();
}

describe('the demo files', () => {
  const built = buildDemo();

  it('are what the generator writes, byte for byte, and nothing else (run `node bin/run-ts.mjs resources/samples/generate.ts` after changing it)', () => {
    expect(filesUnder(SAMPLES)).toEqual([...built.keys()].sort());
    for (const [path, text] of built) expect(readFileSync(join(SAMPLES, path), 'utf8'), path).toBe(text);
  });

  it('come out the same from the same seed and differently from another one', () => {
    expect(buildDemo()).toEqual(built);
    expect(buildDemo(7).get('general/sharegpt.json')).not.toBe(built.get('general/sharegpt.json'));
  });

  it('are each described in SOURCES.md, with every planted record', () => {
    const sources = readFileSync(join(SAMPLES, 'SOURCES.md'), 'utf8');
    for (const path of built.keys()) {
      const described = path.startsWith('evaluation/agentbench/os_interaction/') ? 'evaluation/agentbench/os_interaction/data/' : path;
      expect(sources, path).toContain(`\`${described}\``);
    }
    const ids = JSON.stringify(PLANTED).match(/[a-z0-9]+_[a-z0-9_]+/g) ?? [];
    for (const id of ids) expect(sources, id).toContain(`\`${id}\``);
  });
});

describe('a pipeline run of the demo recipe', () => {
  const engine = new Engine({ workers: 1 });
  let result: PipelineResult;
  let dropped: Map<string, VerdictLine>;
  beforeAll(async () => {
    result = await engine.runPipeline(await engine.openRecipe(join(SAMPLES, 'agentbench.recipe.json')));
    dropped = new Map();
    for (let record = 0; record < result.count; record++) {
      const verdict = result.verdict(record);
      if (!verdict.kept) dropped.set(verdict.id ?? '', verdict);
    }
  }, 120_000);
  afterAll(() => engine.dispose());

  /** The rules that dropped a record, by id. */
  const rules = (id: string): string[] => (dropped.get(id)?.reasons ?? []).map((reason) => reason.rule);

  it('drops something for every filter', () => {
    const filters = new Set([...dropped.values()].flatMap((verdict) => verdict.reasons.filter((reason) => reason.stage === 'filter').map((reason) => reason.rule.split('.')[0])));
    expect([...filters].sort()).toEqual([...FILTER_NAMES].sort());
  });

  it('drops each planted record for the reason it was planted for', () => {
    expect(rules(PLANTED.length)).toEqual(['length.max-tokens']);
    expect(rules(PLANTED.unsafe)).toEqual(['unsafe.fetch-and-run']);
    for (const id of PLANTED.format) expect(rules(id), id).toEqual(['format.malformed-turn']);
    for (const id of PLANTED.leakage) expect(rules(id), id).toEqual(['leakage.ngram-overlap']);
    expect(rules(PLANTED.loop)).toEqual(['repetition.loop']);
    for (const id of PLANTED.refusal) expect(rules(id), id).toEqual(['refusal.phrase']);
    expect(rules(PLANTED.repetition)).toContain('repetition.duplicateParagraphShare');
    expect(rules(PLANTED.structure)).toEqual(['structure.ends-with-assistant']);
    for (const id of PLANTED.reward.dropped) expect(rules(id), id).toEqual(['reward.below-threshold']);
    for (const id of PLANTED.reward.kept) expect(dropped.has(id), id).toBe(false);
  });

  it('drops the copy of each planted duplicate and keeps its original', () => {
    const pairs = [PLANTED.nearDuplicate.agent, ...PLANTED.nearDuplicate.chat, PLANTED.exactDuplicate.agent, ...PLANTED.exactDuplicate.chat];
    for (const [copy, original] of pairs) {
      expect(dropped.get(copy)?.duplicateOf, copy).toMatch(new RegExp(`:${original}$`));
      expect(dropped.has(original), original).toBe(false);
    }
    expect(rules(PLANTED.nearDuplicate.agent[0])).toEqual(['dedup.near']);
    expect(rules(PLANTED.exactDuplicate.chat[1][0])).toEqual(['dedup.exact']);
  });

  it('drops nothing that was not planted', () => {
    const planted = new Set<string>([
      PLANTED.length,
      PLANTED.unsafe,
      PLANTED.loop,
      PLANTED.repetition,
      PLANTED.structure,
      ...PLANTED.format,
      ...PLANTED.leakage,
      ...PLANTED.refusal,
      ...PLANTED.reward.dropped,
      ...[PLANTED.nearDuplicate.agent, ...PLANTED.nearDuplicate.chat, PLANTED.exactDuplicate.agent, ...PLANTED.exactDuplicate.chat].map(([copy]) => copy),
    ]);
    expect([...dropped.keys()].sort()).toEqual([...planted].sort());
  });

  it('mixes the kept records at η = 0.2 by records', () => {
    const preview = engine.previewExport();
    expect(preview.reachable).toBe(true);
    expect(Math.abs(preview.achieved.train.records.share - 0.2)).toBeLessThan(0.005);
  });
});
