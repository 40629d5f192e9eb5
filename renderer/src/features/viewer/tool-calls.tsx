import type { CallRef } from '../../../../shared/schema/tool-links';
import type { TurnData } from '../../api/types';
import { Name } from '../../app/name';
import { TextView } from './text-view';

/** A call's arguments for reading: pretty-printed when they are JSON, else as written. */
export function formattedArguments(text: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** The anchor id of a call, so results can link to it. */
export function callAnchor(ref: CallRef): string {
  return `call-${ref.turn}-${ref.call}`;
}

function scrollTo(id: string): void {
  document.getElementById(id)?.scrollIntoView({ block: 'center' });
}

/** Properties of {@link ToolCallsView}. */
export interface ToolCallsViewProps {
  turn: TurnData;
  index: number;
  /** The turns answering each of this turn's calls (by call number). */
  results: readonly (readonly number[])[];
}

/** An assistant turn's tool calls as calls: name, id, formatted arguments, and links to their results. */
export function ToolCallsView({ turn, index, results }: ToolCallsViewProps): React.JSX.Element | null {
  const calls = turn.toolCalls ?? [];
  if (calls.length === 0) return null;
  return (
    <ol className="tool-calls" aria-label={`Tool calls of turn ${index}`}>
      {calls.map((call, k) => {
        const args = formattedArguments(call.arguments);
        const answers = results[k] ?? [];
        return (
          <li key={k} id={callAnchor({ turn: index, call: k })} className="tool-call-item" data-testid="tool-call">
            <div className="tool-call-head">
              <span className="badge tool-call">call</span> <code className="tool-name" data-testid="tool-name">
                <Name text={call.name} />
              </code>
              {call.id !== undefined && (
                <span className="muted tool-call-id">
                  {' '}
                  id <Name text={call.id} />
                </span>
              )}
              {!args.json && <span className="badge warn" title="The arguments are not valid JSON"> not JSON</span>}
              {answers.map((result) => (
                <button key={result} type="button" className="link" onClick={() => scrollTo(`turn-${result}`)}>
                  result: turn {result}
                </button>
              ))}
              {answers.length === 0 && <span className="muted"> no result</span>}
            </div>
            <pre className="code tool-arguments" data-testid="tool-arguments">
              <code>{args.text}</code>
            </pre>
          </li>
        );
      })}
    </ol>
  );
}

/** A tool result's header line: which call it answers, linked. */
export function ToolResultOf({ call, turns }: { call: CallRef | null; turns: readonly TurnData[] }): React.JSX.Element | null {
  if (call === null) return null;
  const name = turns[call.turn]?.toolCalls?.[call.call]?.name ?? '?';
  return (
    <button type="button" className="link tool-result-of" data-testid="tool-result-of" onClick={() => scrollTo(callAnchor(call))}>
      result of <Name text={name} /> (turn {call.turn})
    </button>
  );
}

/** An assistant turn's reasoning, folded until opened. */
export function ReasoningView({ text }: { text: string }): React.JSX.Element {
  return (
    <details className="reasoning" data-testid="reasoning">
      <summary>Reasoning ({text.length.toLocaleString()} characters)</summary>
      <TextView text={text} />
    </details>
  );
}
