import type { Turn } from './conversation';

/** A call: turn `turn`'s call number `call` (both 0-based). */
export interface CallRef {
  turn: number;
  call: number;
}

/** Which call each tool result answers, and the results of each call. */
export interface ToolLinks {
  /** Per turn: the call a tool turn answers, or null (not a tool turn, or nothing to link). */
  callOf: (CallRef | null)[];
  /** Per call, keyed `turn:call`: the turns that answer it. */
  resultsOf: Map<string, number[]>;
}

/**
 * Links tool results to the calls they answer: by id when the result names one that a call
 * carries (OpenAI `tool_call_id`), else by position, as ShareGPT's `function_call` /
 * `observation` pairs and ADP's actions and observations go: the k-th tool turn after a turn with
 * calls answers its k-th call.
 */
export function linkToolCalls(turns: readonly Pick<Turn, 'role' | 'toolCalls' | 'callId'>[]): ToolLinks {
  const byId = new Map<string, CallRef>();
  const callOf: (CallRef | null)[] = [];
  const resultsOf = new Map<string, number[]>();
  let lastCalls = -1;
  let answered = 0;
  turns.forEach((turn, index) => {
    callOf.push(null);
    const calls = turn.toolCalls;
    if (calls !== undefined && calls.length > 0) {
      calls.forEach((call, k) => {
        if (call.id !== undefined) byId.set(call.id, { turn: index, call: k });
      });
      lastCalls = index;
      answered = 0;
      return;
    }
    if (turn.role !== 'tool') return;
    let ref = turn.callId !== undefined ? byId.get(turn.callId) : undefined;
    if (ref === undefined && lastCalls >= 0 && answered < (turns[lastCalls].toolCalls?.length ?? 0)) ref = { turn: lastCalls, call: answered };
    answered++;
    if (ref === undefined) return;
    callOf[index] = ref;
    const key = `${ref.turn}:${ref.call}`;
    const list = resultsOf.get(key);
    if (list === undefined) resultsOf.set(key, [index]);
    else list.push(index);
  });
  return { callOf, resultsOf };
}
