import type { DiagnoseRequest } from './protocol';

/** The `diagnose` task: echoes, fails, sleeps or ends the thread, to check the pool's contract. */
export async function diagnose(request: DiagnoseRequest): Promise<unknown> {
  switch (request.action) {
    case 'echo':
      return request.payload;
    case 'throw': {
      const error = new RangeError(`diagnose: asked to fail (${String(request.payload)})`);
      throw error;
    }
    case 'crash':
      // An abrupt end of the thread, as a native crash or an out-of-memory would look to the pool.
      process.exit(3);
      return undefined;
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, Number(request.payload) || 0));
      return 'slept';
  }
}
