/**
 * Export throughput: the streaming writer (JSON.stringify + SHA-256 + write + fsync + rename) on
 * records made from the real data, next to its parts (serialize only, hash only) for scale, and the
 * whole record path of an export (format writer or Llama-2-chat renderer, then the writer) in
 * records/s; then the export end to end after a pipeline run (export-pipeline.ts). Medians of
 * `BENCH_RUNS` runs; it never fails on time (the machine is shared).
 *
 *   npm run bench -- export            (BENCH_EXPORT_MB=256 by default)
 *   node bin/run-ts.mjs tests/bench/export.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openRecordFile } from '../../electron/engine/export/record-file';
import { exportRecord } from '../../shared/export/export-record';
import { exportSettings, EXPORT_FORMATS } from '../../shared/export/settings';
import { getFormat, type FormatName } from '../../shared/formats/index';
import type { Conversation } from '../../shared/schema/conversation';
import { dataFile } from '../helpers/data';
import { benchDataDir, benchRuns, median, type BenchModule } from './bench-module';
import { runExportPipelineBench } from './export-pipeline';

/** Real records in their own formats: agent trajectories, ShareGPT chats, tool-calling chats. */
const SOURCES: readonly [string[], FormatName][] = [
  [['webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'], 'agentinstruct'],
  [['fastchat-sharegpt', 'dummy_conversation.json'], 'sharegpt'],
  [['sharegpt-real-dialogstudio', 'original_example.json'], 'sharegpt'],
  [['llamafactory-formats', 'glaive_toolcall_en_demo.json'], 'sharegpt'],
];

/** Megabytes of JSONL each writer run produces: env `BENCH_EXPORT_MB`, default 256. */
function exportMegabytes(): number {
  const value = Number(process.env.BENCH_EXPORT_MB ?? 256);
  return Number.isFinite(value) && value > 0 ? value : 256;
}

function loadConversations(): Conversation[] {
  return SOURCES.flatMap(([path, format]) =>
    (JSON.parse(readFileSync(dataFile(...path), 'utf8')) as unknown[]).flatMap((record) => {
      const read = getFormat(format).read(record);
      return read.ok ? [read.conversation] : [];
    }),
  );
}

async function timed(work: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

function rate(amount: number, seconds: number): string {
  return (amount / seconds).toFixed(amount / seconds >= 100 ? 0 : 1);
}

/** Runs the measurements and prints one line per figure. */
export async function runExportBench(): Promise<void> {
  const conversations = loadConversations();
  const records = conversations.map((conversation) => conversation.raw);
  const lineBytes = records.reduce<number>((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)) + 1, 0);
  const passes = Math.max(1, Math.round((exportMegabytes() * 1e6) / lineBytes));
  const count = passes * records.length;
  const megabytes = (passes * lineBytes) / 1e6;
  const target = join(benchDataDir(), 'export-bench.jsonl');
  const runs = benchRuns();
  console.log(`${records.length} real records (${(lineBytes / 1e6).toFixed(2)} MB as JSONL) written ${passes} times: ${count} records, ${megabytes.toFixed(0)} MB per run, ${runs} runs`);

  const write: number[] = [];
  const serialize: number[] = [];
  const hash: number[] = [];
  for (let run = 0; run < runs; run++) {
    write.push(
      await timed(async () => {
        const file = await openRecordFile(target, 'jsonl');
        for (let pass = 0; pass < passes; pass++) for (const record of records) await file.write(record);
        await file.commit();
      }),
    );
    serialize.push(
      await timed(() => {
        for (let pass = 0; pass < passes; pass++) for (const record of records) JSON.stringify(record);
      }),
    );
    const chunk = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    hash.push(
      await timed(() => {
        const digest = createHash('sha256');
        for (let pass = 0; pass < passes; pass++) digest.update(chunk);
        digest.digest('hex');
      }),
    );
  }
  await rm(target, { force: true });
  const writeSeconds = median(write);
  console.log(`jsonl writer (stringify + sha256 + write + fsync + rename): ${rate(megabytes, writeSeconds)} MB/s, ${rate(count, writeSeconds)} records/s (median ${writeSeconds.toFixed(2)} s)`);
  console.log(`  of which JSON.stringify alone: ${rate(megabytes, median(serialize))} MB/s; sha256 alone: ${rate(megabytes, median(hash))} MB/s`);

  const recordPasses = Math.max(1, Math.round(passes / 8));
  for (const format of EXPORT_FORMATS) {
    const settings = exportSettings.parse({ format });
    const seconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      seconds.push(
        await timed(async () => {
          const file = await openRecordFile(target, 'jsonl');
          for (let pass = 0; pass < recordPasses; pass++) {
            for (const conversation of conversations) {
              const written = exportRecord(conversation, settings);
              if (written.ok) await file.write(written.value);
            }
          }
          await file.commit();
        }),
      );
    }
    const total = recordPasses * conversations.length;
    console.log(`${format} export (format writer + jsonl writer): ${rate(total, median(seconds))} records/s (median of ${runs}, ${total} records)`);
  }
  await rm(target, { force: true });
  await runExportPipelineBench();
}

/** The export benchmark, for tests/bench/index.ts. */
export const bench: BenchModule = {
  description: 'export throughput: JSONL writing with a running SHA-256 (MB/s, records/s), and exportMix end to end after a pipeline run',
  run: runExportBench,
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runExportBench();
