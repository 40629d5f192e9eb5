import { parentPort } from 'node:worker_threads';
import type { NgramIndex } from '../../shared/leakage/ngram-index';
import { createLeakageScanner, isLeaked, scanRecord } from '../../shared/leakage/scan';
import { forEachJsonlRecord, readRange } from './dedup-corpus';

/**
 * Scans a byte range of a JSONL file against an index received from the main thread. The index's
 * typed arrays live in SharedArrayBuffers, so posting it shares the table instead of copying it.
 */

/** A job: the shared index, a line-aligned byte range, and the two leakage thresholds. */
export interface LeakageWorkerJob {
  index: NgramIndex;
  path: string;
  start: number;
  end: number;
  threshold: number;
  minItemCoverage: number;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (job: LeakageWorkerJob) => {
    const started = performance.now();
    const bytes = readRange(job.path, job.start, job.end);
    const scanner = createLeakageScanner(job.index);
    let flagged = 0;
    let scannedBytes = 0;
    forEachJsonlRecord(bytes, (turns) => {
      for (const turn of turns) scannedBytes += Buffer.byteLength(turn.text, 'utf8');
      if (isLeaked(scanRecord(scanner, turns), job.threshold, job.minItemCoverage)) flagged++;
    });
    port.postMessage({ flagged, scannedBytes, milliseconds: performance.now() - started, shared: job.index.keysLow.buffer instanceof SharedArrayBuffer });
  });
}
