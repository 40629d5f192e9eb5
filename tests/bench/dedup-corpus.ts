import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { addRecord, type FeatureBuilder, type TextTurn } from '../../shared/dedup/features';
import { recordTurns } from '../unit/shared/dedup/real-data';
import { join } from 'node:path';
import { benchDataDir } from './bench-module';
import { plantedCorpus } from '../unit/shared/dedup/planted';

/**
 * The dedup/leakage bench corpus: ShareGPT-like records of about 2.3 KB made from the real texts
 * of ../shared/data (random real sentences in 2-6 turns), with planted near-duplicate copies
 * (1-12 word edits: Jaccard spread around and above 0.8), written once as JSONL under .tmp/bench.
 */

/** Records, planted copies among them, and the seed: the file name encodes all three. */
export const CORPUS_RECORDS = Number(process.env.BENCH_DEDUP_RECORDS ?? 50_000);
export const CORPUS_PLANTED = Math.round(CORPUS_RECORDS / 50);
const SEED = 20231018;

/** The corpus in memory, and the JSONL file holding it (`{"id","conversations":[{"from","value"}]}` per line). */
export function benchCorpus(): { path: string; corpus: ReturnType<typeof plantedCorpus> } {
  const corpus = plantedCorpus(SEED, CORPUS_RECORDS - CORPUS_PLANTED, CORPUS_PLANTED, 2100, 12);
  const path = join(benchDataDir(), `dedup-${CORPUS_RECORDS}-${SEED}-2100-xoshiro.jsonl`);
  if (!existsSync(path)) {
    const lines = corpus.records.map((turns, index) =>
      JSON.stringify({ id: `bench_${index}`, conversations: turns.map((turn) => ({ from: turn.role === 'user' ? 'human' : 'gpt', value: turn.text })) }),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
  return { path, corpus };
}

/** Calls `visit` with the turns of every line of a JSONL byte range (ShareGPT records): read + JSON.parse. */
export function forEachJsonlRecord(bytes: Buffer, visit: (turns: TextTurn[]) => void): void {
  let lineStart = 0;
  while (lineStart < bytes.length) {
    let lineEnd = bytes.indexOf(10, lineStart);
    if (lineEnd === -1) lineEnd = bytes.length;
    if (lineEnd > lineStart) visit(recordTurns(JSON.parse(bytes.toString('utf8', lineStart, lineEnd))));
    lineStart = lineEnd + 1;
  }
}

/** Adds every record of a JSONL byte range to a feature builder: read + JSON.parse + tokenize. */
export function addJsonlRecords(builder: FeatureBuilder, bytes: Buffer): void {
  forEachJsonlRecord(bytes, (turns) => addRecord(builder, turns));
}

/** Bytes `[start, end)` of a file, read alone (a worker reads only its own range). */
export function readRange(path: string, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(end - start);
  const handle = openSync(path, 'r');
  try {
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(handle, bytes, done, bytes.length - done, start + done);
      if (read === 0) break;
      done += read;
    }
    return bytes.subarray(0, done);
  } finally {
    closeSync(handle);
  }
}
