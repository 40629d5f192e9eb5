import { afterAll, describe, expect, it } from 'vitest';
import { WorkerCrashError, WorkerPool, WorkerTaskError } from '../../../../electron/engine/worker-pool';

describe('WorkerPool', () => {
  const pool = new WorkerPool({ workers: 2 });
  afterAll(() => pool.destroy());

  it('runs a typed task in a worker thread', async () => {
    await expect(pool.run({ kind: 'diagnose', action: 'echo', payload: { a: [1, 'x'] } })).resolves.toEqual({ a: [1, 'x'] });
  });

  it('rejects with the worker error name, message and stack', async () => {
    const failure = await pool.run({ kind: 'diagnose', action: 'throw', payload: 'why' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerTaskError);
    expect((failure as WorkerTaskError).workerName).toBe('RangeError');
    expect((failure as Error).message).toMatch(/diagnose: asked to fail \(why\)/);
    expect((failure as Error).stack).toMatch(/in the worker[\s\S]*diagnose/);
  });

  it('rejects a crashed task clearly and stays usable', async () => {
    await expect(pool.run({ kind: 'diagnose', action: 'crash' })).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(pool.run({ kind: 'diagnose', action: 'echo', payload: 1 })).resolves.toBe(1);
    await expect(pool.run({ kind: 'diagnose', action: 'echo', payload: 2 })).resolves.toBe(2);
  });

  it('cancels a running task through an AbortSignal', async () => {
    const controller = new AbortController();
    const running = pool.run({ kind: 'diagnose', action: 'sleep', payload: 5000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    await expect(pool.run({ kind: 'diagnose', action: 'echo', payload: 'after' })).resolves.toBe('after');
  });

  it('moves transferred buffers instead of copying them', async () => {
    const buffer = new ArrayBuffer(16);
    await pool.run({ kind: 'diagnose', action: 'echo', payload: buffer }, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
  });

  it('releases its threads only when idle, and starts them again for the next task', async () => {
    const sleeping = pool.run({ kind: 'diagnose', action: 'sleep', payload: 100 });
    await pool.release();
    expect(pool.started).toBe(true);
    await expect(sleeping).resolves.toBe('slept');
    await pool.release();
    expect(pool.started).toBe(false);
    await expect(pool.run({ kind: 'diagnose', action: 'echo', payload: 'again' })).resolves.toBe('again');
    expect(pool.started).toBe(true);
  });

  it('refuses tasks once destroyed', async () => {
    const doomed = new WorkerPool({ workers: 1 });
    await doomed.destroy();
    await expect(doomed.run({ kind: 'diagnose', action: 'echo', payload: 1 })).rejects.toThrow('the worker pool was destroyed');
  });
});
