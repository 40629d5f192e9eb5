/**
 * A file the API may not touch, or cannot touch as asked. `forbidden` names the paths outside the
 * allowed folders in `denied`, so the UI can offer to allow them (docs/security.md, "File access").
 * Messages name paths and reasons, never what a file holds.
 */
export class FileAccessError extends Error {
  override name = 'FileAccessError';

  /** Creates the error; `denied` lists the real paths outside the allowed folders. */
  constructor(
    readonly code: 'forbidden' | 'not-found' | 'bad-request',
    message: string,
    readonly denied: readonly string[] = [],
  ) {
    super(message);
  }
}
