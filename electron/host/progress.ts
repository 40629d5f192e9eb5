/**
 * A progress bar on stderr for long operations: it appears only once an operation has run for
 * more than a second (short files print nothing), redraws at most ten times a second, and erases
 * itself at the end. It draws on a terminal only, unless `AGENTMIX_PROGRESS=1` asks for it anyway.
 */
import type { Progress } from '../engine/types';

/** Delay before the bar appears (only files that take longer than a second show one; docs/ingest.md). */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const WIDTH = 30;

/** Draws {@link Progress} events as a bar on a stream. */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private shown = false;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true || process.env.AGENTMIX_PROGRESS === '1';
  }

  /** Takes a progress event (pass it as `onProgress`). */
  update(progress: Progress): void {
    const now = Date.now();
    if (!this.enabled || now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_EVERY_MS) return;
    this.lastDraw = now;
    this.shown = true;
    const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (now - this.started) / 1000;
    const rate = progress.unit === 'bytes' ? `${(progress.done / 1e6 / seconds).toFixed(0)} MB/s` : `${(progress.done / seconds).toFixed(0)} ${progress.unit}/s`;
    const amount = progress.unit === 'bytes' ? `${(progress.done / 1e6).toFixed(0)}/${(progress.total / 1e6).toFixed(0)} MB` : `${progress.done}/${progress.total} ${progress.unit}`;
    this.stream.write(`\r${progress.stage} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${amount} ${rate}   `);
  }

  /** Erases the bar if it was drawn. */
  done(): void {
    if (this.shown) this.stream.write(`\r${' '.repeat(WIDTH + 60)}\r`);
    this.shown = false;
  }
}
