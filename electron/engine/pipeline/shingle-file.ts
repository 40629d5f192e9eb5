/**
 * A run's shingles and MinHash signatures on disk (docs/scale.md, "Bounded memory"): the measure
 * stage appends each range's shingles (and, in a second file, its signatures) to a scratch file as
 * the range comes back from its worker, and near dedup reads back only what it needs (the
 * signatures in chunks for the band keys, the records it signs again without their template turns,
 * and the two records of each candidate pair it verifies). The file is unlinked as soon as it is open where the
 * system allows it (Linux, macOS), so nothing is left behind even if the process is killed; elsewhere
 * it is removed when the store is closed, collected or the process exits.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShingleStore } from '../../../shared/dedup/features';

/** Scratch folders still on disk (the systems that cannot unlink an open file), removed at exit. */
const leftOver = new Set<string>();
let exitHook = false;

/** Closes the file of a store nobody holds any more. */
const collected = new FinalizationRegistry<{ fd: number; folder: string | null }>((held) => release(held));

function release(held: { fd: number; folder: string | null }): void {
  if (held.fd < 0) return;
  closeSync(held.fd);
  held.fd = -1;
  if (held.folder !== null) {
    rmSync(held.folder, { recursive: true, force: true });
    leftOver.delete(held.folder);
  }
}

/** Shingle keys appended in order and read back by range. */
export class ShingleFile implements ShingleStore {
  length = 0;
  private readonly held: { fd: number; folder: string | null };

  constructor(directory = tmpdir()) {
    const folder = mkdtempSync(join(directory, 'agentmix-shingles-'));
    const path = join(folder, 'shingles.u32');
    const fd = openSync(path, 'w+');
    let kept: string | null = null;
    try {
      unlinkSync(path);
      rmSync(folder, { recursive: true, force: true });
    } catch {
      kept = folder;
      leftOver.add(folder);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const left of leftOver) rmSync(left, { recursive: true, force: true });
        });
      }
    }
    this.held = { fd, folder: kept };
    collected.register(this, this.held, this);
  }

  /** Appends `values` after the keys written so far. */
  append(values: Uint32Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.length * 4 + written);
    this.length += values.length;
  }

  /** A copy of the keys `[from, to)`. */
  read(from: number, to: number): Uint32Array {
    if (from < 0 || to > this.length || from > to) throw new RangeError(`shingles ${from}..${to} are outside the ${this.length} written`);
    const out = new Uint32Array(to - from);
    const bytes = new Uint8Array(out.buffer);
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(this.fd, bytes, done, bytes.length - done, from * 4 + done);
      if (read === 0) throw new Error(`the shingle file ended at byte ${from * 4 + done} of ${to * 4}`);
      done += read;
    }
    return out;
  }

  /** Closes (and where it is still there, removes) the file; the store cannot be read afterwards. */
  close(): void {
    collected.unregister(this);
    release(this.held);
  }

  private get fd(): number {
    if (this.held.fd < 0) throw new Error('the shingle file is closed');
    return this.held.fd;
  }
}
