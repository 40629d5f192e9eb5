import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../../../electron/host/progress';

/** A stand-in for stderr that records what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, text: '', write(chunk: string) { stream.text += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('ProgressBar', () => {
  afterEach(() => vi.useRealTimers());

  it('stays silent during the first second, then draws and erases a bar', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(true);
    const bar = new ProgressBar(stream);
    bar.update({ stage: 'index', done: 10e6, total: 100e6, unit: 'bytes' });
    expect(stream.text).toBe('');
    vi.setSystemTime(1500);
    bar.update({ stage: 'index', done: 50e6, total: 100e6, unit: 'bytes' });
    expect(stream.text).toMatch(/index \[#{15}\.{15}\] {2}50% 50\/100 MB 33 MB\/s/);
    bar.done();
    expect(stream.text.endsWith('\r')).toBe(true);
  });

  it('draws nothing when stderr is not a terminal', () => {
    vi.useFakeTimers({ now: 0 });
    const stream = fakeStream(false);
    const bar = new ProgressBar(stream);
    vi.setSystemTime(5000);
    bar.update({ stage: 'index', done: 1, total: 2, unit: 'bytes' });
    bar.done();
    expect(stream.text).toBe('');
  });
});
