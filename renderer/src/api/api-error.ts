import type { Failure, FailureCode } from '../../../shared/api/wire';

/** A call that failed: the code and readable message the engine sent. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: FailureCode;
  readonly issues: Failure['issues'];
  /** For `forbidden`: the real paths outside the allowed folders. */
  readonly denied: readonly string[];

  /** Wraps a failure from either transport. */
  constructor(failure: Failure) {
    super(failure.message);
    this.code = failure.code;
    this.issues = failure.issues;
    this.denied = failure.denied ?? [];
  }
}
