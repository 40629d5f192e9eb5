/**
 * End-to-end export throughput: the pipeline bench's seeded corpus (100k records made from the real
 * data: 90% ShareGPT-like, 10% AgentInstruct-style, planted duplicates and leaks; BENCH_PIPELINE_RECORDS)
 * is run once through the pipeline, then `engine.exportMix` writes the η = 0.2 mix in several formats:
 * records/s and MB/s of output for the whole export (sampling, windowed reads by byte range, format
 * writer, JSON, SHA-256, fsync, renames, manifest), the windowed reader alone, and the one-record
 * `engine.readRecord` path it replaces. Medians of BENCH_RUNS runs; never fails on time.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../../electron/engine/engine';
import { createExportReader } from '../../electron/engine/export/record-reader';
import { planExport } from '../../electron/engine/export/run-export';
import { recipeFromText } from '../../electron/engine/pipeline/load-recipe';
import { defaultOutPath, EXPORT_FORMATS } from '../../shared/export/settings';
import { benchDataDir, benchRuns, median } from './bench-module';
import { writeCorpus } from './pipeline';

/** Records of the one-record path (slow enough that a sample tells its rate). */
const SINGLE_READS = 5000;

function perSecond(amount: number, seconds: number): string {
  return Math.round(amount / seconds).toLocaleString('en-US');
}

/** Runs the measurements and prints one line per figure. */
export async function runExportPipelineBench(): Promise<void> {
  const runs = benchRuns();
  const { folder, recipe } = writeCorpus();
  const out = join(benchDataDir(), 'export-e2e');
  const loaded = recipeFromText(JSON.stringify({ ...(JSON.parse(recipe) as object), mix: { agentShare: 0.2, seed: 42 } }), join(folder, 'export-bench.recipe.json'));
  const engine = new Engine({ workers: 2 });
  try {
    const started = performance.now();
    const result = await engine.runPipeline(loaded);
    const pipelineSeconds = (performance.now() - started) / 1000;
    const { mix } = planExport(result);
    const order = [...mix.trainOrder, ...mix.validationOrder];
    console.log(
      `end to end on the pipeline corpus: ${result.count.toLocaleString('en-US')} records through the pipeline in ${pipelineSeconds.toFixed(1)} s (2 workers, cold); ` +
        `the mix selects ${order.length.toLocaleString('en-US')} (η = ${mix.achieved.train.records.share.toFixed(3)} by records); ${runs} runs, medians`,
    );

    const planSeconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      const planStarted = performance.now();
      planExport(result);
      planSeconds.push((performance.now() - planStarted) / 1000);
    }
    console.log(`  plan (candidates, sampler, counts; no record read): ${(median(planSeconds) * 1000).toFixed(0)} ms`);

    const readSeconds: number[] = [];
    let readBytes = 0;
    for (let run = 0; run < runs; run++) {
      const reader = createExportReader(engine, result, order);
      const readStarted = performance.now();
      for (const key of order) await reader.read(key);
      readSeconds.push((performance.now() - readStarted) / 1000);
      await reader.close();
    }
    for (const key of order) readBytes += engine.index.row(engine.rowOfKey(key)).length;
    const singleStarted = performance.now();
    for (const key of order.slice(0, SINGLE_READS)) await engine.readRecord(key);
    const singleSeconds = (performance.now() - singleStarted) / 1000;
    const single = Math.min(SINGLE_READS, order.length) / singleSeconds;
    const windowed = order.length / median(readSeconds);
    console.log(
      `  windowed reader, in export order (read + parse + normalize): ${perSecond(order.length, median(readSeconds))} records/s, ${(readBytes / 1e6 / median(readSeconds)).toFixed(0)} MB/s of source; ` +
        `engine.readRecord one at a time: ${Math.round(single).toLocaleString('en-US')} records/s (${(windowed / single).toFixed(1)}x slower)`,
    );

    for (const format of EXPORT_FORMATS) {
      const seconds: number[] = [];
      let bytes = 0;
      let records = 0;
      for (let run = 0; run < runs; run++) {
        const exportStarted = performance.now();
        const written = await engine.exportMix({ export: { format, out: join(out, defaultOutPath(format)) } });
        seconds.push((performance.now() - exportStarted) / 1000);
        bytes = written.outputs.reduce((sum, output) => sum + output.bytes, 0);
        records = written.outputs.reduce((sum, output) => sum + output.records, 0);
      }
      const time = median(seconds);
      console.log(`  exportMix ${format}: ${perSecond(records, time)} records/s, ${(bytes / 1e6 / time).toFixed(0)} MB/s written (${(bytes / 1e6).toFixed(0)} MB, ${time.toFixed(2)} s)`);
    }
  } finally {
    await engine.dispose();
    await rm(out, { recursive: true, force: true });
  }
}
