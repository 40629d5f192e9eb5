/**
 * One measured ingest in a fresh process (so that peak RSS belongs to this run alone):
 * `node bin/run-ts.mjs tests/bench/ingest-run.ts <file> <stage>` prints one JSON line.
 * Stages isolate where the time goes: `read` (raw reads), `hash` (+ sha256), `scan` (+ the full
 * record scanner or line splitter on this thread: what the engine pays for arrays it cannot cut
 * into pieces, and for JSON Lines), `ingest` (the Engine: pretty-printed arrays are cut into
 * pieces that the workers split and parse; + validate, summarize, index).
 * CPU seconds (all threads of the process) are reported too: on a shared machine they say more
 * than wall time about the code.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../electron/engine/engine';
import { JsonScanner } from '../../shared/text/json-scanner';
import { LineSplitter } from '../../shared/text/line-splitter';

const [path, stage = 'ingest'] = process.argv.slice(2);
const ingesting = stage === 'ingest' || stage === 'warm';
const engine = ingesting ? new Engine({ workers: Number(process.env.BENCH_WORKERS) || undefined, chunkBytes: Number(process.env.BENCH_CHUNK_MB) * (1 << 20) || undefined, scanInWorkers: process.env.BENCH_SCAN_HERE !== '1' }) : null;
if (engine !== null && stage === 'warm') {
  // Start the pool's threads (and their module loading) on a one-record file before timing.
  const warmup = join(mkdtempSync(join(tmpdir(), 'agentmix-warm-')), 'warm.jsonl');
  writeFileSync(warmup, `${JSON.stringify({ id: 'w', conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }] })}\n`);
  const [warm] = await engine.openSources([warmup]);
  engine.closeSource(warm.id);
}
const started = performance.now();
const cpuStart = process.cpuUsage();
let records = 0;
let indexBytes = 0;
let previewBytes = 0;
if (engine !== null) {
  const [info] = await engine.openSources([path]);
  records = info.records;
  const memory = engine.memoryBytes();
  indexBytes = memory.total;
  previewBytes = memory.previewBytes;
  await engine.dispose();
} else {
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafeSlow(4 << 20);
  const hash = createHash('sha256');
  const onRecord = (): void => {
    records++;
  };
  const splitter = path.endsWith('.jsonl') ? new LineSplitter(onRecord) : new JsonScanner('array', { onRecord, onProblem: () => undefined });
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    if (stage !== 'read') hash.update(chunk);
    if (stage === 'scan') splitter.push(chunk, position);
    position += bytesRead;
  }
  if (stage === 'scan') splitter.end();
  await handle.close();
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ seconds, cpuSeconds, records, peakRssBytes: process.resourceUsage().maxRSS * 1024, indexBytes, previewBytes }));
