import type { z } from 'zod';
import { accessCalls } from './api/access';
import { appCalls } from './api/app';
import { dialogCalls } from './api/dialogs';
import { duplicateCalls } from './api/duplicates';
import { exportCalls } from './api/export';
import { filterCalls } from './api/filters';
import { leakageCalls } from './api/leakage';
import { apiEvents } from './api/event-payloads';
import { jobCalls } from './api/jobs';
import type { CallName, EventName } from './api/names';
import { pipelineCalls } from './api/pipeline';
import { recordCalls } from './api/records';
import { reviewCalls } from './api/review';
import { sourceCalls } from './api/sources';

/**
 * The contract between the renderer and the engine (docs/ARCHITECTURE.md, "The contract"): every
 * call with zod schemas for its request and response, every event with the schema of its payload.
 * Both transports (Electron IPC in electron/main/ipc.ts, the WebSocket in electron/host/server.ts)
 * parse with these schemas, so the UI, the shell and the browser host cannot disagree.
 */

/** The schemas of one call. */
export interface CallSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

/** Every call, by name. `satisfies` proves the map holds exactly the names of {@link CALL_NAMES}. */
export const API_CALLS = {
  ...appCalls,
  ...accessCalls,
  ...sourceCalls,
  ...recordCalls,
  ...pipelineCalls,
  ...filterCalls,
  ...exportCalls,
  ...leakageCalls,
  ...duplicateCalls,
  ...reviewCalls,
  ...dialogCalls,
  ...jobCalls,
} as const satisfies { [N in CallName]: CallSchemas };

/** Every event, by name. */
export const API_EVENTS = apiEvents satisfies { [E in EventName]: z.ZodType };

// The reverse direction of the proof: no schema without a name in names.ts.
type ExtraCalls = Exclude<keyof typeof API_CALLS, CallName>;
type ExtraEvents = Exclude<keyof typeof API_EVENTS, EventName>;
const noExtraNames: [ExtraCalls | ExtraEvents] extends [never] ? true : never = true;
void noExtraNames;

/** A request as the caller writes it (defaults may be left out). */
export type Request<N extends CallName> = z.input<(typeof API_CALLS)[N]['request']>;

/** A request after parsing, as a handler receives it (defaults filled in). */
export type ParsedRequest<N extends CallName> = z.output<(typeof API_CALLS)[N]['request']>;

/** The response of a call. */
export type Response<N extends CallName> = z.output<(typeof API_CALLS)[N]['response']>;

/** The payload of an event. */
export type EventPayload<E extends EventName> = z.output<(typeof API_EVENTS)[E]>;

export { CALL_NAMES, EVENT_NAMES, isCallName, isEventName, type CallName, type EventName } from './api/names';
