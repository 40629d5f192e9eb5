import { parentPort } from 'node:worker_threads';
import { createFeatureBuilder, featureBuffers, finishFeatures } from '../../shared/dedup/features';
import { createMinHashParameters } from '../../shared/dedup/minhash';
import { createMinHashKernel } from '../../shared/dedup/minhash-wasm';
import { computeSignatures } from '../../shared/dedup/near';
import { addJsonlRecords, readRange } from './dedup-corpus';

/**
 * The per-range half of near dedup, as a pipeline worker would run it: read a byte range of a
 * JSONL file, JSON.parse each line, tokenize once into per-turn features, and sign every record
 * (templates are only known after all ranges; the engine re-signs the few records that hold one).
 * Writes the signatures into shared memory and replies with the features, transferred, not copied.
 */

/**
 * A job: byte range of a JSONL file (line-aligned), shingle size, permutations and seed, and where
 * to write the signatures: a view of a SharedArrayBuffer of all records (the engine knows the
 * record count of each range from its record index), starting at record `first`.
 */
export interface DedupWorkerJob {
  path: string;
  start: number;
  end: number;
  shingle: number;
  permutations: number;
  seed: number;
  signatures: Uint32Array;
  first: number;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (job: DedupWorkerJob) => {
    const started = performance.now();
    const bytes = readRange(job.path, job.start, job.end);
    const builder = createFeatureBuilder(job.shingle, 32_768);
    addJsonlRecords(builder, bytes);
    const features = finishFeatures(builder);
    const kernel = createMinHashKernel(createMinHashParameters(job.permutations, job.seed));
    computeSignatures(features, new Uint8Array(features.turnRoles.length), kernel, 0, features.recordCount, job.signatures, job.first);
    port.postMessage({ features, milliseconds: performance.now() - started }, featureBuffers(features));
  });
}
