import { useState } from 'react';
import type { TurnData } from '../../api/types';
import { Name } from '../../app/name';
import { splitBySpans } from './highlight-spans';
import { LossBadge } from './loss-badge';
import { TextView } from './text-view';
import { splitTurnSections } from './turn-sections';
import { turnSegments } from '../../../../shared/schema/turn-text';
import type { CallRef } from '../../../../shared/schema/tool-links';
import { FoldedTurn, startsFolded } from './folded-turn';
import { ReasoningView, ToolCallsView, ToolResultOf } from './tool-calls';

/** Observations longer than this are collapsed (an AgentBench prompt or a WebShop page runs to pages). */
const COLLAPSE_CHARS = 1200;
const COLLAPSE_LINES = 24;

/** Lines shown of a collapsed turn. */
const PREVIEW_LINES = 8;

/** Properties of {@link TurnView}. */
export interface TurnViewProps {
  turn: TurnData;
  index: number;
  task: string | null;
  /** The turn before (Mind2Web's grammar reads the choices from it). */
  previous: string;
  /** The pipeline's reasons that name this turn (it is then highlighted). */
  reasons?: readonly string[];
  /** Spans of this turn shared with an evaluation item (leakage evidence), as offsets in the turn's whole text (shared/schema/turn-text.ts). */
  spans?: readonly { start: number; end: number }[];
  /** For a tool result: the call it answers. */
  answers?: CallRef | null;
  /** For a turn with calls: the turns answering each call. */
  results?: readonly (readonly number[])[];
  /** All turns of the record (to name the call a result answers). */
  turns?: readonly TurnData[];
  /** Records of the source holding the same turn, when the last run found it to be a template (0 otherwise). */
  shares?: number;
}

/** The spans that fall in the turn's message text, as offsets into that text (the rest lie in its reasoning or calls). */
function textSpans(turn: TurnData, spans: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const segment = turnSegments(turn).find((candidate) => candidate.kind === 'text');
  if (segment === undefined) return [];
  return spans
    .map((span) => ({ start: Math.max(span.start, segment.start) - segment.start, end: Math.min(span.end, segment.end) - segment.start }))
    .filter((span) => span.end > span.start);
}

/** True when a turn is long non-agent text, shown collapsed until asked. */
function isLongObservation(turn: TurnData): boolean {
  if (turn.role === 'assistant') return false;
  return turn.text.length > COLLAPSE_CHARS || turn.text.split('\n').length > COLLAPSE_LINES;
}

/**
 * One turn: role, loss badge, text (split into Thought / Action for agent turns that follow their
 * grammar). Turns are numbered from 0, as the record's JSON array and the pipeline's reasons count them.
 */
export function TurnView({ turn, index, task, previous, reasons = [], spans: allSpans = [], answers = null, results = [], turns = [], shares = 0 }: TurnViewProps): React.JSX.Element {
  const spans = textSpans(turn, allSpans);
  const long = isLongObservation(turn);
  const [expanded, setExpanded] = useState(false);
  const [opened, setOpened] = useState(false);
  const sections = turn.role === 'assistant' ? splitTurnSections(turn.text, task, previous) : null;
  const lines = turn.text.split('\n');
  // Evidence is never hidden: a turn the pipeline points at is shown whole.
  const highlighted = reasons.length > 0 || allSpans.length > 0;
  const collapsed = long && !expanded && !highlighted;
  const folded = startsFolded(turn, shares) && !opened && !highlighted;
  return (
    <article id={`turn-${index}`} className={`turn turn-${turn.role}${highlighted ? ' turn-highlighted' : ''}`} aria-label={`Turn ${index}, ${turn.role}`} data-testid="turn">
      <header className="turn-header">
        <span className="turn-number">turn {index}</span>
        <span className="turn-role">{turn.role}</span>
        {turn.from !== turn.role && (
          <span className="turn-from">
            (<Name text={turn.from} />)
          </span>
        )}
        {(turn.toolCalls?.length ?? 0) > 0 && <span className="badge tool-call">{turn.toolCalls!.length === 1 ? 'tool call' : `${turn.toolCalls!.length} tool calls`}</span>}
        {turn.role === 'tool' && <ToolResultOf call={answers} turns={turns} />}
        {turn.role === 'tool' && turn.name !== undefined && (
          <span className="turn-from">
            tool <Name text={turn.name} />
          </span>
        )}
        <LossBadge turn={turn} />
      </header>
      {reasons.length > 0 && (
        <ul className="turn-reasons" aria-label={`Why the pipeline points at turn ${index}`}>
          {reasons.map((reason, position) => (
            <li key={position}>{reason}</li>
          ))}
        </ul>
      )}
      {folded ? (
        <div className="turn-body">
          <FoldedTurn
            turn={turn}
            index={index}
            shares={shares}
            onOpen={() => {
              setOpened(true);
              setExpanded(true);
            }}
          />
        </div>
      ) : (
        <div className="turn-body">
          {shares > 1 && <p className="muted template-note">Template turn: the same text opens {shares.toLocaleString()} records of this source.</p>}
          {turn.reasoning !== undefined && <ReasoningView text={turn.reasoning} />}
          {allSpans.length > spans.length && spans.length === 0 && <p className="muted">The shared text lies in this turn's reasoning or tool calls.</p>}
          {turn.text === '' && (turn.toolCalls?.length ?? 0) > 0 ? null : spans.length > 0 ? (
            <p className="prose" data-testid="leak-text">
              {splitBySpans(turn.text, spans).map((segment, position) =>
                segment.marked ? (
                  <mark key={position} className="leak" title="Shared with an evaluation item">
                    {segment.text}
                  </mark>
                ) : (
                  segment.text
                ),
              )}
            </p>
          ) : collapsed ? (
            <>
              <TextView text={lines.slice(0, PREVIEW_LINES).join('\n').slice(0, COLLAPSE_CHARS / 2)} />
              <button type="button" className="link" onClick={() => setExpanded(true)} aria-label={`Show all of turn ${index} (${lines.length} lines)`}>
                Show all {lines.length.toLocaleString()} lines ({turn.text.length.toLocaleString()} characters)
              </button>
            </>
          ) : sections ? (
            sections.map((section, position) => (
              <section className={`section section-${section.kind}`} key={position} aria-label={section.label}>
                <h4 className="section-label">{section.label}</h4>
                <TextView text={section.text} />
              </section>
            ))
          ) : (
            <TextView text={turn.text} />
          )}
          <ToolCallsView turn={turn} index={index} results={results} />
          {long && expanded && (
            <button type="button" className="link" onClick={() => setExpanded(false)} aria-label={`Collapse turn ${index}`}>
              Collapse
            </button>
          )}
        </div>
      )}
    </article>
  );
}
