import { Editor } from '@monaco-editor/react';
import type { TurnData } from '../../api/types';

type ToolCallData = NonNullable<TurnData['toolCalls']>[number];

/** Why a call's arguments cannot be saved, or null when they are a JSON value (docs/ui.md, "Editing tool calls"). */
export function argumentsProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Why a call cannot be saved (an empty name, arguments that are not JSON), or null. */
export function callProblem(call: ToolCallData): string | null {
  if (call.name.trim() === '') return 'the tool name is empty';
  const problem = argumentsProblem(call.arguments);
  return problem === null ? null : `the arguments are ${problem}`;
}

/** The first problem of any call of any turn, named by turn and call, or null. */
export function firstCallProblem(turns: readonly TurnData[]): string | null {
  for (const [index, turn] of turns.entries()) {
    for (const [k, call] of (turn.toolCalls ?? []).entries()) {
      const problem = callProblem(call);
      if (problem !== null) return `turn ${index}, call ${k + 1} (${call.name || 'unnamed'}): ${problem}`;
    }
  }
  return null;
}

/** Properties of {@link CallEditor}. */
export interface CallEditorProps {
  turn: TurnData;
  index: number;
  generation: number;
  onChange: (turn: TurnData) => void;
}

/** Edits the name and the JSON arguments of each tool call of a turn, checked as one types. */
export function CallEditor({ turn, index, generation, onChange }: CallEditorProps): React.JSX.Element | null {
  const calls = turn.toolCalls ?? [];
  if (calls.length === 0) return null;
  const update = (k: number, change: Partial<ToolCallData>): void => onChange({ ...turn, toolCalls: calls.map((call, position) => (position === k ? { ...call, ...change } : call)) });
  return (
    <div className="call-editor" data-testid="call-editor">
      {calls.map((call, k) => {
        const problem = callProblem(call);
        return (
          <fieldset key={k} className="call-edit">
            <legend>
              Tool call {k + 1} of turn {index}
              {call.id !== undefined && <span className="muted"> (id {call.id})</span>}
            </legend>
            <label className="call-name">
              Tool name
              <input type="text" value={call.name} onChange={(event) => update(k, { name: event.target.value })} aria-label={`Tool name of call ${k + 1}`} />
            </label>
            <div className="monaco-frame call-arguments" data-testid="call-arguments-editor">
              <Editor
                path={`call-${generation}-${index}-${k}.json`}
                language="json"
                defaultValue={call.arguments}
                onChange={(value) => update(k, { arguments: value ?? '' })}
                options={{ minimap: { enabled: false }, lineNumbers: 'off', scrollBeyondLastLine: false, fontSize: 13, wordWrap: 'on' }}
              />
            </div>
            <p className={`validation ${problem === null ? 'valid' : 'invalid'}`} data-testid="call-validation" aria-live="polite">
              {problem === null ? 'Arguments are valid JSON.' : `Cannot save: ${problem}.`}
            </p>
          </fieldset>
        );
      })}
    </div>
  );
}
