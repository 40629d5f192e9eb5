/**
 * Which worker entry a pool loads when it is not given one (docs/ARCHITECTURE.md, "Builds"). From
 * source that is the tsx bootstrap beside the TypeScript worker; the compiled programs
 * (out/engine/*.mjs, built from electron/host/entries) call {@link useWorkerEntry} first with the
 * bundled worker beside them, so that nothing they run loads TypeScript. Kept apart from the pool
 * so that setting it loads nothing else.
 */

let compiledWorkerUrl: URL | null = null;

/** Makes `url` the worker entry of every pool created without one. */
export function useWorkerEntry(url: URL): void {
  compiledWorkerUrl = url;
}

/** The worker entry of a pool created without one. */
export function defaultWorkerUrl(): URL {
  return compiledWorkerUrl ?? new URL('../workers/bootstrap.mjs', import.meta.url);
}
