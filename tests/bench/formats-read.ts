/**
 * Benchmark of the format readers (shared/formats) on the real conversation files of
 * ../shared/data: records/s and MB/s of record JSON for `read`, next to `JSON.parse` of the same
 * records for scale, and for `read` + `summarize` (what the indexing workers do per record).
 * Reports medians of repeated runs; it never fails on time (CONVENTIONS: the machine is shared).
 *
 *   node bin/run-ts.mjs tests/bench/formats-read.ts
 */
import { readFileSync } from 'node:fs';
import { FORMATS, identify, type FormatName } from '../../shared/formats/index';
import { summarize } from '../../shared/schema/record-summary';
import { dataFile } from '../helpers/data';

/** The conversation files of ../shared/data, by path under it. */
const FILES = [
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json',
  'agentinstruct-val200-messages/val_set_200.json',
  'llamafactory-formats/glaive_toolcall_en_demo.json',
  'llamafactory-formats/v1_sft_demo.jsonl',
  'fastchat-sharegpt/dummy_conversation.json',
  'fireact-trajectories/hotpotqa.jsonl',
  'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json',
];

/** One row of the report. */
export interface FormatReadFigures {
  file: string;
  format: FormatName;
  records: number;
  megabytes: number;
  parseMegabytesPerSecond: number;
  readMegabytesPerSecond: number;
  readRecordsPerSecond: number;
  readAndSummarizeMegabytesPerSecond: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds per pass, median of `runs` timed batches of passes sized to take about 50 ms each. */
function timePass(pass: () => void, runs = 11): number {
  let passes = 1;
  for (;;) {
    const start = performance.now();
    for (let index = 0; index < passes; index++) pass();
    if (performance.now() - start > 50) break;
    passes *= 2;
  }
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let index = 0; index < passes; index++) pass();
    samples.push((performance.now() - start) / passes);
  }
  return median(samples);
}

/** Measures every file and returns the rows. */
export function benchFormatRead(): FormatReadFigures[] {
  const rows: FormatReadFigures[] = [];
  for (const file of FILES) {
    const text = readFileSync(dataFile(file), 'utf8');
    const lines = file.endsWith('.jsonl') ? text.split('\n').filter((line) => line.trim() !== '') : (JSON.parse(text) as unknown[]).map((value) => JSON.stringify(value));
    const values = lines.map((line) => JSON.parse(line) as unknown);
    const identification = identify(values.slice(0, 32));
    if (identification.kind !== 'conversations') throw new Error(`${file}: ${identification.kind}`);
    const format = FORMATS[identification.format];
    const bytes = lines.reduce((total, line) => total + Buffer.byteLength(line), 0);
    const megabytes = bytes / 1e6;
    const parseMs = timePass(() => {
      for (const line of lines) JSON.parse(line);
    });
    const readMs = timePass(() => {
      for (const value of values) format.read(value);
    });
    const summarizeMs = timePass(() => {
      for (const value of values) {
        const result = format.read(value);
        if (result.ok) summarize(result.conversation);
      }
    });
    rows.push({
      file,
      format: identification.format,
      records: values.length,
      megabytes: Math.round(megabytes * 1000) / 1000,
      parseMegabytesPerSecond: Math.round(megabytes / (parseMs / 1000)),
      readMegabytesPerSecond: Math.round(megabytes / (readMs / 1000)),
      readRecordsPerSecond: Math.round(values.length / (readMs / 1000)),
      readAndSummarizeMegabytesPerSecond: Math.round(megabytes / (summarizeMs / 1000)),
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('format read (median of 11 runs; MB of record JSON, one core)');
  console.table(benchFormatRead());
}
