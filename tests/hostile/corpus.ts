/**
 * The corpus being written: files, links and permissions under one folder, each with its truth
 * (how many good records it holds and which problems it must report, and where).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRandom, Layout, shareGpt, type Place } from './records';

/** Decoded bytes a failing gzip stream may lose before the point of failure (zlib's output buffer). */
export const GZIP_SLACK = 16 << 10;

/** A problem the engine must report for a file. */
export interface ExpectedProblem {
  /** What is wrong, for the report of a miss. */
  what: string;
  /** 1-based line and byte offset of the broken record (in the decoded UTF-8 text for gzip and UTF-16/32). */
  line?: number;
  offset?: number;
  /** Parquet: the row group that is lost (0-based). */
  rowGroup?: number;
  /** A problem about the whole file or folder: any problem naming it counts. */
  whole?: boolean;
}

/** The truth of one corpus entry (a file, or a folder for folder-level cases). */
export interface FileTruth {
  /** Path relative to the corpus root. */
  path: string;
  /** The case, in words. */
  what: string;
  /** Good records the entry holds: every one must be read. */
  good: number;
  /**
   * For damaged gzip streams: how many of the good records must be read at least (zlib gives up
   * the last output buffer, at most {@link GZIP_SLACK} bytes of text, when the stream fails).
   */
  goodAtLeast?: number;
  problems: ExpectedProblem[];
  /** Set when the case cannot be built here (e.g. chmod 000 under root), saying why. */
  skipped?: string;
  /** The entry is a folder (its files are read; its problems name the folder or lie under it). */
  folder?: boolean;
  /** The folder to name for this case when it is found while walking its parent (a loop link). */
  within?: string;
  /** Reported only when named itself (a subfolder with no shard is not a problem of its parent). */
  explicit?: boolean;
}

/** See the module comment. */
export class Corpus {
  readonly truths: FileTruth[] = [];
  /** The PRNG every case draws from, in order (the corpus is a function of the seed). */
  readonly random: () => number;
  private nextId = 0;

  constructor(
    readonly root: string,
    seed: number,
  ) {
    this.random = createRandom(seed);
  }

  /** An id unique within the corpus. */
  id(prefix = 'rec'): string {
    return `${prefix}_${this.nextId++}`;
  }

  /** One good ShareGPT record as a JSON line (no line break). */
  record(turns = 2): string {
    return JSON.stringify(shareGpt(this.random, this.id(), turns));
  }

  /** Absolute path of a corpus path, its folder created. */
  path(path: string): string {
    const absolute = join(this.root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    return absolute;
  }

  /** Writes a file and records its truth. */
  file(path: string, bytes: Uint8Array | string, truth: Omit<FileTruth, 'path'>): void {
    writeFileSync(this.path(path), bytes);
    this.truths.push({ path, ...truth });
  }

  /** A symbolic link (target relative to the link's folder, as `ln -s` takes it). */
  link(path: string, target: string): void {
    symlinkSync(target, this.path(path));
  }

  /** Adds the truth of an entry written some other way (links, folders). */
  truth(truth: FileTruth): void {
    this.truths.push(truth);
  }

  /** Removes every permission from a path. */
  lock(path: string): void {
    chmodSync(join(this.root, path), 0o000);
  }

  /** A named pipe (opening one for reading blocks until a writer comes: a hang, if followed); Node has no mkfifo. */
  fifo(path: string): void {
    execFileSync('mkfifo', [this.path(path)]);
  }

  /** Good records as JSON Lines with the truth of each line: the common body of many cases. */
  goodLines(layout: Layout, count: number, end = '\n'): Place[] {
    const places: Place[] = [];
    for (let line = 0; line < count; line++) places.push(layout.add(this.record() + end));
    return places;
  }
}
