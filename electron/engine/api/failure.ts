import type { FailureCode } from '../../../shared/api/wire';

/**
 * An error a handler throws on purpose, with the code the renderer sees (`not-found`,
 * `unsupported`...). Any other error is reported as `failed` with its message only.
 */
export class ApiFailure extends Error {
  override name = 'ApiFailure';

  /** Creates a failure with a code and a message a person can act on. */
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}
