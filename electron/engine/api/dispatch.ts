import { API_CALLS, isCallName } from '../../../shared/api';
import type { Failure, WireResult } from '../../../shared/api/wire';
import type { ZodError } from 'zod';
import { FileAccessError } from '../access/access-error';
import { ApiFailure } from './failure';
import type { Handlers } from './registry';

/** Options of {@link dispatchCall}. */
export interface DispatchOptions {
  /** Parse each response with its schema too (tests turn this on to catch a drifting handler). */
  validateResponses?: boolean;
  /** Told about unexpected errors, with their stacks, which never reach the renderer. */
  onUnexpectedError?: (name: string, error: unknown) => void;
}

/** Turns zod issues into `path: message` pairs a person can read. */
function describeIssues(error: ZodError): NonNullable<Failure['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(request)', message: issue.message }));
}

/** Maps anything a handler threw to a failure without a stack trace. */
function toFailure(error: unknown): Failure {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message };
  if (error instanceof FileAccessError) return { code: error.code, message: error.message, ...(error.denied.length > 0 ? { denied: [...error.denied] } : {}) };
  if (error instanceof Error && error.name === 'AbortError') return { code: 'canceled', message: 'The job was canceled.' };
  if (error instanceof Error) return { code: 'failed', message: error.message };
  return { code: 'failed', message: String(error) };
}

/**
 * Runs one call the way both transports do: checks the name, parses the request with its schema
 * (a request that does not parse never reaches a handler), runs the handler and wraps the outcome.
 */
export async function dispatchCall(handlers: Handlers, name: unknown, payload: unknown, options: DispatchOptions = {}): Promise<WireResult<unknown>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'unknown-call', message: `"${String(name)}" is not a call of the AgentMix API` } };
  const schemas = API_CALLS[name];
  const parsed = schemas.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return { ok: false, error: { code: 'bad-request', message: `${name}: the request does not match the contract (${summary})`, issues } };
  }
  try {
    const handler = handlers[name] as (request: unknown) => unknown;
    const value = await handler(parsed.data);
    if (options.validateResponses) {
      const checked = schemas.response.safeParse(value);
      if (!checked.success) {
        const summary = describeIssues(checked.error).map((issue) => `${issue.path}: ${issue.message}`).join('; ');
        throw new Error(`${name}: the handler's response does not match the contract (${summary})`);
      }
    }
    return { ok: true, value };
  } catch (error) {
    const failure = toFailure(error);
    if (failure.code === 'failed') options.onUnexpectedError?.(name, error);
    return { ok: false, error: failure };
  }
}
