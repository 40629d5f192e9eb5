/**
 * Pipeline benchmark (the whole-recipe time on 100k records, docs/recipe.md): a seeded
 * 100k-record corpus made from the real texts of ../shared/data, 90% ShareGPT-like general records
 * (2% planted near-duplicates) and 10% AgentInstruct-style trajectories (the real WebShop and
 * AgentInstruct samples with fresh observations), 200 AgentBench items pasted into user turns, and
 * the AgentBench evaluation sets. Reports stage times, dedup docs/s inside the pipeline with 1 and
 * 2 workers, leakage MB/s, the cost of finding templates after the pass, and `rejudge` on 100k
 * records (what a threshold drag costs in the UI). Medians; never fails on time.
 *
 *   node bin/run-ts.mjs tests/bench/index.ts pipeline     (BENCH_RUNS, BENCH_PIPELINE_RECORDS)
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../electron/engine/engine';
import { recipeFromText, type LoadedRecipe } from '../../electron/engine/pipeline/load-recipe';
import type { PipelineResult } from '../../electron/engine/pipeline/pipeline-result';
import { createMinHashParameters } from '../../shared/dedup/minhash';
import { createMinHashKernel } from '../../shared/dedup/minhash-wasm';
import { computeSignatures } from '../../shared/dedup/near';
import { loadEvalSets } from '../../electron/engine/eval-sets';
import { buildNgramIndex } from '../../shared/leakage/ngram-index';
import { createLeakageScanner, scanTurnWords } from '../../shared/leakage/scan';
import { appendWords, createWordBuffer } from '../../shared/text/words';
import { dataFile } from '../helpers/data';
import { createRandom, plantedCorpus, realSentences } from '../unit/shared/dedup/planted';
import { agentBenchEvalSets } from '../unit/electron/engine/pipeline/planted-corpus';
import { benchDataDir, benchRuns, median, type BenchModule } from './bench-module';

const RECORDS = Number(process.env.BENCH_PIPELINE_RECORDS ?? 100_000);
const SEED = 20240612;
const LEAKED = 200;

type ShareGptTurn = { from: string; value: string; loss?: boolean | null };

/** Real agent trajectories in AgentInstruct's native form (the WebShop clean set and the six splits). */
function agentBases(): { id: string; conversations: ShareGptTurn[] }[] {
  const webshop = JSON.parse(readFileSync(dataFile('webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'), 'utf8')) as { id: string; conversations: ShareGptTurn[] }[];
  const splits = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'].flatMap(
    (task) => JSON.parse(readFileSync(dataFile('agentinstruct-adp-samples', `agenttuning_${task}`, 'sample_raw.json'), 'utf8')) as { id: string; conversations: { role: string; content: string }[] }[],
  );
  return [
    ...webshop,
    ...splits.map((record) => ({ id: record.id, conversations: record.conversations.map((turn) => ({ from: turn.role === 'user' ? 'human' : 'gpt', value: turn.content })) })),
  ];
}

/** Writes the corpus once (JSONL, general and agent files) and returns the recipe text. */
export function writeCorpus(): { folder: string; recipe: string; bytes: number } {
  const folder = benchDataDir();
  const general = join(folder, `pipeline-general-${RECORDS}-${SEED}.jsonl`);
  const agent = join(folder, `pipeline-agent-${RECORDS}-${SEED}.jsonl`);
  if (!existsSync(general) || !existsSync(agent)) {
    const random = createRandom(SEED);
    const sentences = realSentences();
    const agentCount = Math.round(RECORDS / 10);
    const generalCount = RECORDS - agentCount;
    const planted = Math.round(generalCount / 50);
    const db = readFileSync(dataFile('agentbench-old-testsets', 'dbbench', 'standard.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { description: string }).description);
    const corpus = plantedCorpus(SEED, generalCount - planted, planted, 2300, 12);
    const leakAt = new Set(Array.from({ length: LEAKED }, () => Math.floor(random() * generalCount)));
    const generalLines = corpus.records.map((turns, index) => {
      const conversations = turns.map((turn) => ({ from: turn.role === 'user' ? 'human' : 'gpt', value: turn.text }));
      // A conversation a trainer can use ends with the assistant (the structure filter's rule).
      if (conversations.length > 2 && conversations[conversations.length - 1].from === 'human') conversations.pop();
      if (leakAt.has(index)) conversations[0].value += `\n${db[Math.floor(random() * db.length)]}`;
      return JSON.stringify({ id: `general_${index}`, conversations });
    });
    writeFileSync(general, `${generalLines.join('\n')}\n`);
    const bases = agentBases();
    const agentLines: string[] = [];
    for (let index = 0; index < agentCount; index++) {
      const base = bases[Math.floor(random() * bases.length)];
      // Fresh observations (user turns after the task prompt) from real sentences: new trajectories
      // that keep the task's prompt template and the agent's action syntax.
      const conversations = base.conversations.map((turn, position) => {
        if (turn.from !== 'human' || position < 2) return turn;
        const fresh = Array.from({ length: 3 }, () => sentences[Math.floor(random() * sentences.length)]).join(' ');
        return { ...turn, value: `${turn.value.split('\n')[0]}\n${fresh}` };
      });
      agentLines.push(JSON.stringify({ id: `${base.id}_${index}`, conversations }));
    }
    writeFileSync(agent, `${agentLines.join('\n')}\n`);
  }
  const recipe = JSON.stringify({
    sources: [
      { path: agent, role: 'agent', format: 'agentinstruct' },
      { path: general, role: 'general', format: 'sharegpt' },
    ],
    evalSets: agentBenchEvalSets(),
  });
  return { folder, recipe, bytes: statSync(general).size + statSync(agent).size };
}

/** A recipe with some sections changed. */
function variant(text: string, folder: string, change: (recipe: Record<string, unknown>) => void): LoadedRecipe {
  const value = JSON.parse(text) as Record<string, unknown>;
  change(value);
  return recipeFromText(JSON.stringify(value), join(folder, 'pipeline-bench.recipe.json'));
}

/** Runs a recipe on a fresh engine whose sources are already indexed (the index stage is timed apart). */
async function timedRuns(loaded: LoadedRecipe, workers: number, runs: number): Promise<{ result: PipelineResult; runs: Record<string, number>[]; wall: number[] }> {
  const engine = new Engine({ workers });
  try {
    let result = await engine.runPipeline(loaded);
    const timings: Record<string, number>[] = [];
    const wall: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      result = await engine.runPipeline(loaded);
      wall.push(performance.now() - started);
      timings.push(result.measured.timings);
    }
    return { result, runs: timings, wall };
  } finally {
    await engine.dispose();
  }
}

/** Median of one stage over runs. */
function stage(runs: Record<string, number>[], name: string): number {
  return median(runs.map((timings) => timings[name] ?? 0));
}

/** Characters of text in the run's turns (the text the tokenizer and the scan walk), in MB of UTF-16 units ~ bytes for ASCII. */
function textMegabytes(result: PipelineResult): number {
  const features = result.features;
  if (features === null) return 0;
  let characters = 0;
  for (const count of features.turnCharacters) characters += count;
  return characters / 1e6;
}

async function run(): Promise<void> {
  const runs = benchRuns();
  const { folder, recipe, bytes } = writeCorpus();
  const full = recipeFromText(recipe, join(folder, 'pipeline-bench.recipe.json'));
  console.log(`corpus: ${RECORDS.toLocaleString('en-US')} records (${(bytes / 1e6).toFixed(0)} MB JSONL; 10% agent, 2% planted near-duplicates, ${LEAKED} AgentBench items pasted), AgentBench eval sets; ${runs} runs, medians`);

  // Cold: indexing and the whole recipe on a fresh engine.
  const coldEngine = new Engine({ workers: 2 });
  const coldStarted = performance.now();
  const cold = await coldEngine.runPipeline(full);
  const coldWall = performance.now() - coldStarted;
  await coldEngine.dispose();
  const kept = cold.judgment.kept.reduce((sum, value) => sum + value, 0);
  console.log(`whole recipe, cold (index + run), 2 workers: ${(coldWall / 1000).toFixed(2)} s; index ${(cold.measured.timings.index / 1000).toFixed(2)} s; kept ${kept.toLocaleString('en-US')} of ${cold.count.toLocaleString('en-US')}`);

  let withScan: PipelineResult | null = null;
  let scanTimings: Record<string, number>[] = [];
  for (const workers of [1, 2]) {
    const { result, runs: timings, wall } = await timedRuns(full, workers, runs);
    withScan = result;
    scanTimings = timings;
    const names = ['evaluation index', 'measure', 'templates', 'dedup', 'review', 'judge'];
    console.log(
      `whole recipe, sources open, ${workers} worker${workers > 1 ? 's' : ''}: ${(median(wall) / 1000).toFixed(2)} s (${Math.round(RECORDS / (median(wall) / 1000)).toLocaleString('en-US')} records/s); ` +
        names.map((name) => `${name} ${(stage(timings, name) / 1000).toFixed(2)} s`).join(', '),
    );
    const workerParts = ['read', 'filters', 'features', 'signatures'].map((part) => `${part} ${(stage(timings, `worker ${part}`) / 1000).toFixed(2)}`);
    console.log(`  worker CPU seconds (summed over threads): ${workerParts.join(', ')}; text ${textMegabytes(result).toFixed(0)} MB`);
  }

  // Dedup inside the pipeline: leakage off; the figure counts the tokenize + sign time of the workers and the engine-thread dedup stage.
  const dedupOnly = variant(recipe, folder, (value) => {
    value.evalSets = [];
    value.leakage = { enabled: false };
  });
  for (const workers of [1, 2]) {
    const { runs: timings } = await timedRuns(dedupOnly, workers, runs);
    const tokenizeAndSign = (stage(timings, 'worker features') + stage(timings, 'worker signatures')) / workers;
    const dedupSeconds = (tokenizeAndSign + stage(timings, 'dedup')) / 1000;
    console.log(
      `dedup in the pipeline, ${workers} worker${workers > 1 ? 's' : ''}: ${Math.round(RECORDS / dedupSeconds).toLocaleString('en-US')} docs/s (tokenize + MinHash in workers ${(tokenizeAndSign / 1000).toFixed(2)} s per thread, templates + LSH + verify + clusters on the engine thread ${(stage(timings, 'dedup') / 1000).toFixed(2)} s)`,
    );
  }

  // Leakage: the scan of the pipeline's own turns against the recipe's index, one thread, apart from
  // the tokenizer pass it shares with dedup (tokenize alone, then tokenize + scan; medians).
  if (withScan === null) return;
  const result = withScan;
  const sets = await loadEvalSets(result.recipe.evalSets, folder);
  const index = buildNgramIndex(sets.flatMap((set) => set.items), result.recipe.leakage);
  const texts = readFileSync(join(folder, `pipeline-general-${RECORDS}-${SEED}.jsonl`), 'utf8')
    .split('\n', 20_000)
    .flatMap((line) => (line === '' ? [] : (JSON.parse(line) as { conversations: ShareGptTurn[] }).conversations.map((turn) => turn.value)));
  const textMegabytesScanned = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  const scanner = createLeakageScanner(index);
  const words = createWordBuffer(4096);
  const tokenizeOnly: number[] = [];
  const tokenizeAndScan: number[] = [];
  for (let repeat = 0; repeat < Math.max(3, runs); repeat++) {
    let started = performance.now();
    for (const text of texts) {
      words.count = 0;
      appendWords(words, text);
    }
    tokenizeOnly.push(performance.now() - started);
    started = performance.now();
    for (const text of texts) {
      words.count = 0;
      appendWords(words, text);
      scanTurnWords(scanner, words);
    }
    tokenizeAndScan.push(performance.now() - started);
  }
  const scanSeconds = Math.max(1e-6, (median(tokenizeAndScan) - median(tokenizeOnly)) / 1000);
  const flagged = [...result.clusters.leakage.values()].filter((verdict) => verdict.score >= result.recipe.leakage.threshold || verdict.itemCoverage >= result.recipe.leakage.minItemCoverage).length;
  console.log(
    `leakage, 1 thread, ${textMegabytesScanned.toFixed(0)} MB of the corpus's turns against the AgentBench index (${index.keyCount.toLocaleString('en-US')} keys): scan ${(textMegabytesScanned / scanSeconds).toFixed(0)} MB/s, tokenize + scan ${(textMegabytesScanned / (median(tokenizeAndScan) / 1000)).toFixed(0)} MB/s; in the run: ${flagged} records over the thresholds, ${LEAKED} planted`,
  );

  // Templates found after the pass: the records holding template turns are signed again on the engine thread.
  const features = result.features;
  if (features !== null) {
    const mask = result.clusters.templateMask;
    const holders: number[] = [];
    for (let record = 0; record < features.recordCount; record++) {
      for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) {
        if (mask[turn] === 1) {
          holders.push(record);
          break;
        }
      }
    }
    const kernel = createMinHashKernel(createMinHashParameters(result.recipe.dedup.near.permutations, result.recipe.dedup.near.seed));
    const out = new Uint32Array(result.recipe.dedup.near.permutations);
    const times: number[] = [];
    for (let repeat = 0; repeat < runs; repeat++) {
      const started = performance.now();
      for (const record of holders) computeSignatures(features, mask, kernel, record, record + 1, out, 0);
      times.push(performance.now() - started);
    }
    console.log(
      `templates after the pass: ${holders.length.toLocaleString('en-US')} records hold a template turn; signing them again costs ${median(times).toFixed(0)} ms on the engine thread, against ${(stage(scanTimings, 'worker read') / 1000).toFixed(2)} s of worker read + parse alone that a first template pass would add`,
    );
  }

  // rejudge on 100k: a threshold move (filters, leakage), and a dedup threshold (re-cluster from stored features).
  const moves: number[] = [];
  const base = result.recipe;
  for (let repeat = 0; repeat < Math.max(5, runs); repeat++) {
    const moved = structuredClone(base);
    moved.filters.length.maxTokens = 1500 + repeat * 100;
    moved.leakage.threshold = 0.3 + repeat * 0.05;
    moves.push(result.rejudge(moved).milliseconds);
  }
  const reclusters: number[] = [];
  for (let repeat = 0; repeat < runs; repeat++) {
    const moved = structuredClone(base);
    moved.dedup.near.threshold = 0.85 + repeat * 0.02;
    reclusters.push(result.rejudge(moved).milliseconds);
  }
  console.log(`rejudge on ${result.count.toLocaleString('en-US')} records: ${median(moves).toFixed(0)} ms for a filter or leakage threshold; ${median(reclusters).toFixed(0)} ms for a near-dedup threshold (re-clusters the stored features); no shard is read`);
}

/** The pipeline benchmark module. */
export const bench: BenchModule = {
  description: 'whole recipe on 100k records: stage times, dedup docs/s with 1 and 2 workers, leakage MB/s, templates, rejudge',
  run,
};
