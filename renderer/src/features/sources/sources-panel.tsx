import { useState } from 'react';
import { revealBidiControls } from '../../../../shared/text/bidi';
import type { SourceSummary } from '../../api/types';
import { Name } from '../../app/name';
import type { Decision } from '../../db/review-db';

/** Properties of {@link SourcesPanel}. */
export interface SourcesPanelProps {
  sources: SourceSummary[];
  decisions: ReadonlyMap<string, Decision>;
  reviewVersion: number;
  onAdd(): void;
  onRemove(source: SourceSummary): void;
  onShowProblem(source: SourceSummary, problem: SourceSummary['errors'][number]): void;
}

/** Decisions made on an earlier version of a file (same path, another content hash). */
export function staleDecisions(source: SourceSummary, decisions: ReadonlyMap<string, Decision>): number {
  let stale = 0;
  for (const decision of decisions.values()) if (decision.sourcePath === source.path && decision.keyPrefix !== source.keyPrefix) stale++;
  return stale;
}

/** Records per task, most first: "os 12 · db 9". */
function describeTasks(tasks: Record<string, number>): string {
  return Object.entries(tasks)
    .sort((left, right) => right[1] - left[1])
    .slice(0, 8)
    .map(([task, count]) => `${task} ${count.toLocaleString()}`)
    .join(' · ');
}

/** One source: counts, problems (click one to see its line) and the stale-decision notice. */
function SourceItem({ source, decisions, onRemove, onShowProblem }: { source: SourceSummary } & Pick<SourcesPanelProps, 'decisions' | 'onRemove' | 'onShowProblem'>): React.JSX.Element {
  const [showProblems, setShowProblems] = useState(false);
  const stale = staleDecisions(source, decisions);
  return (
    <li className="source" data-testid="source" aria-label={source.name}>
      <div className="source-title">
        <span className="source-name" title={revealBidiControls(source.path)}>
          <Name text={source.name} />
        </span>
        <button type="button" className="icon" onClick={() => onRemove(source)} aria-label={`Remove ${source.name}`} title="Remove this source">
          ×
        </button>
      </div>
      <p className="source-meta">
        <span className={`badge role-${source.role}`}>{source.role}</span> {source.format} · {source.records.toLocaleString()} records · <span title={source.hash}>{source.keyPrefix}</span>
      </p>
      {source.records > 0 && (
        <p className="source-meta">
          turns {source.turns.min}–{source.turns.max} (mean {source.turns.mean.toFixed(1)}) · {describeTasks(source.tasks)}
        </p>
      )}
      {source.notice && <p className="source-notice">{source.notice}</p>}
      {stale > 0 && (
        <p className="stale" role="note">
          {stale.toLocaleString()} decision{stale === 1 ? ' was' : 's were'} made on an earlier version of this file. Its content has changed, so {stale === 1 ? 'it is' : 'they are'} not applied to these records.
        </p>
      )}
      {source.errorCount > 0 && (
        <>
          <button type="button" className="link problems-toggle" onClick={() => setShowProblems(!showProblems)} aria-expanded={showProblems}>
            {source.errorCount.toLocaleString()} problem{source.errorCount === 1 ? '' : 's'}
          </button>
          {showProblems && (
            <ul className="problems">
              {source.errors.map((problem, index) => (
                <li key={index}>
                  <button type="button" className="link" onClick={() => onShowProblem(source, problem)} aria-label={`Show line ${problem.line}: ${problem.message}`}>
                    line {problem.line.toLocaleString()}
                  </button>{' '}
                  {problem.message}
                </li>
              ))}
              {source.errorCount > source.errors.length && <li className="muted">and {(source.errorCount - source.errors.length).toLocaleString()} more</li>}
            </ul>
          )}
        </>
      )}
    </li>
  );
}

/** The sources panel (docs/ui.md, "Review desk"): open shards with format, role, counts and problems. */
export function SourcesPanel(props: SourcesPanelProps): React.JSX.Element {
  return (
    <aside className="sources" aria-label="Sources">
      <div className="panel-title">
        <h2>Sources</h2>
        <button type="button" onClick={props.onAdd}>
          Open shards…
        </button>
      </div>
      {props.sources.length === 0 ? (
        <p className="muted">No shards open.</p>
      ) : (
        <ul className="source-list">
          {props.sources.map((source) => (
            <SourceItem key={source.sourceId} source={source} decisions={props.decisions} onRemove={props.onRemove} onShowProblem={props.onShowProblem} />
          ))}
        </ul>
      )}
    </aside>
  );
}
