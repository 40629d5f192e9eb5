import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { NgramIndex } from '../../shared/leakage/ngram-index';
import { createLeakageScanner, isLeaked, scanRecord } from '../../shared/leakage/scan';
import { recordTurns } from '../unit/shared/dedup/real-data';

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
    const bytes = readFileSync(job.path).subarray(job.start, job.end);
    const scanner = createLeakageScanner(job.index);
    let flagged = 0;
    let scannedBytes = 0;
    let lineStart = 0;
    while (lineStart < bytes.length) {
      let lineEnd = bytes.indexOf(10, lineStart);
      if (lineEnd === -1) lineEnd = bytes.length;
      if (lineEnd > lineStart) {
        const turns = recordTurns(JSON.parse(bytes.toString('utf8', lineStart, lineEnd)));
        for (const turn of turns) scannedBytes += Buffer.byteLength(turn.text, 'utf8');
        if (isLeaked(scanRecord(scanner, turns), job.threshold, job.minItemCoverage)) flagged++;
      }
      lineStart = lineEnd + 1;
    }
    port.postMessage({ flagged, scannedBytes, milliseconds: performance.now() - started, shared: job.index.keysLow.buffer instanceof SharedArrayBuffer });
  });
}
