import { DiffEditor, Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import type { RecordDetail, TurnData } from '../../api/types';
import type { Decision } from '../../db/review-db';
import { monaco } from './monaco-setup';
import { firstCallProblem } from './call-editor';
import { TurnEditor } from './turn-editor';
import { useValidation } from './use-validation';

/** Properties of {@link RecordEditor}. */
export interface RecordEditorProps {
  detail: RecordDetail;
  decision: Decision | null;
  /** Stores the edited record (in its own format); resolves once it is written. */
  onSave: (edited: Record<string, unknown>) => Promise<void>;
  /** Drops a stored edit. */
  onRevert: () => Promise<void>;
  onClose: () => void;
}

type Tab = 'turns' | 'raw' | 'diff';

/** The record's JSON as the editors show it. */
function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Editing with Monaco (docs/ui.md, "Review desk"): one turn's text and loss flag, or the raw JSON
 * validated live against the record's format (problems inline; an invalid edit cannot be saved),
 * a diff against the original, and revert.
 */
export function RecordEditor({ detail, decision, onSave, onRevert, onClose }: RecordEditorProps): React.JSX.Element {
  const { client } = useAppServices();
  const original = pretty(detail.value);
  const [text, setText] = useState(decision?.edited !== undefined ? pretty(decision.edited) : original);
  const [tab, setTab] = useState<Tab>('turns');
  const [turns, setTurns] = useState<TurnData[]>(detail.conversation.turns);
  const [turnsDirty, setTurnsDirty] = useState(false);
  const [selectedTurn, setSelectedTurn] = useState(() => Math.max(0, detail.conversation.turns.findIndex((turn, index) => index > 1 && turn.role === 'assistant')));
  const [message, setMessage] = useState<string | null>(null);
  // Monaco owns the text while one types (a controlled value would drop keystrokes); when the text
  // is replaced from outside (apply turns, revert, the raw JSON), a new generation remounts the models.
  const [generation, setGeneration] = useState(0);
  const [busy, setBusy] = useState(false);
  const validation = useValidation(detail.key, text);
  const rawEditor = useRef<Parameters<OnMount>[0] | null>(null);

  // The diff editor keeps its models (disposing them before the widget throws in Monaco); they go
  // once the editor has unmounted.
  useEffect(() => {
    const prefix = `${detail.key}.`;
    return () => {
      setTimeout(() => {
        for (const model of monaco.editor.getModels()) if (model.uri.path.includes(prefix) && !model.isAttachedToEditor()) model.dispose();
      }, 0);
    };
  }, [detail.key]);

  // The turns follow the raw JSON whenever it parses (and no turn edit is pending).
  useEffect(() => {
    const parsed = validation.result?.ok ? validation.result.conversation : null;
    if (turnsDirty || !parsed || JSON.stringify(parsed.turns) === JSON.stringify(turns)) return;
    setTurns(parsed.turns);
    setGeneration((value) => value + 1);
  }, [validation.result, turnsDirty, turns]);

  // Problems inline, as Monaco markers on the raw editor.
  useEffect(() => {
    const model = rawEditor.current?.getModel();
    if (!model || validation.text !== text) return;
    monaco.editor.setModelMarkers(
      model,
      'agentmix',
      (validation.result?.problems ?? []).map((problem) => ({ startLineNumber: problem.line, startColumn: problem.column, endLineNumber: problem.endLine, endColumn: problem.endColumn, message: problem.message, severity: monaco.MarkerSeverity.Error })),
    );
  }, [validation, text, tab]);

  const callProblem = firstCallProblem(turns);

  /** Writes pending turn edits into the JSON (in the record's own format); resolves to the new text. */
  const applyTurns = async (): Promise<string> => {
    if (!turnsDirty) return text;
    if (callProblem !== null) throw new Error(`Tool call not saved: ${callProblem}`);
    const rewritten = await client.call('records.rewrite', { key: detail.key, turns });
    setText(rewritten.text);
    setTurnsDirty(false);
    setGeneration((value) => value + 1);
    return rewritten.text;
  };

  const switchTab = async (next: Tab): Promise<void> => {
    try {
      await applyTurns();
      setMessage(null);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
      return;
    }
    setTab(next);
    if (next === 'diff') markMilestone('diffShown', detail.key);
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      const finalText = await applyTurns();
      const checked = await client.call('records.validate', { key: detail.key, text: finalText });
      if (!checked.ok) {
        setMessage(`Not saved: ${checked.problems[0]?.message ?? 'the record is not valid'}`);
        return;
      }
      await onSave(JSON.parse(finalText) as Record<string, unknown>);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const revert = async (): Promise<void> => {
    setText(original);
    setTurns(detail.conversation.turns);
    setTurnsDirty(false);
    setGeneration((value) => value + 1);
    if (decision?.edited !== undefined) await onRevert();
    setMessage('Reverted to the original record.');
  };

  const valid = validation.text === text && validation.result?.ok === true;
  const changed = turnsDirty || text !== original;
  const problems = validation.text === text ? (validation.result?.problems ?? []) : [];

  return (
    <section className="editor" aria-label="Edit the record" data-testid="editor">
      <header className="editor-header">
        <h2>Edit {detail.conversation.id ?? detail.key}</h2>
        <div role="tablist" aria-label="Editor views">
          {(['turns', 'raw', 'diff'] as const).map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => void switchTab(name)}>
              {{ turns: 'Turns', raw: 'Raw JSON', diff: 'Diff' }[name]}
            </button>
          ))}
        </div>
      </header>
      <div className="editor-body" role="tabpanel">
        {tab === 'turns' && (
          <TurnEditor
            turns={turns}
            generation={generation}
            selected={selectedTurn}
            onSelect={setSelectedTurn}
            onChange={(index, turn) => {
              setTurns((current) => current.map((candidate, position) => (position === index ? turn : candidate)));
              setTurnsDirty(true);
            }}
          />
        )}
        {tab === 'raw' && (
          <div className="monaco-frame" data-testid="raw-editor">
            <Editor
              path={`${detail.key}.${generation}.json`}
              language="json"
              defaultValue={text}
              onChange={(value) => setText(value ?? '')}
              onMount={(editor) => {
                rawEditor.current = editor;
              }}
              options={{ minimap: { enabled: false }, scrollBeyondLastLine: false, wordWrap: 'on', fontSize: 13 }}
            />
          </div>
        )}
        {tab === 'diff' && (
          <div className="monaco-frame" data-testid="diff-editor">
            <DiffEditor keepCurrentOriginalModel keepCurrentModifiedModel original={original} modified={text} language="json" originalModelPath={`${detail.key}.original.json`} modifiedModelPath={`${detail.key}.edited.json`} options={{ readOnly: true, renderSideBySide: true, wordWrap: 'on', minimap: { enabled: false }, hideUnchangedRegions: { enabled: true, contextLineCount: 3 } }} />
          </div>
        )}
      </div>
      <footer className="editor-footer">
        <p className={`validation ${valid ? 'valid' : 'invalid'}`} data-testid="validation" aria-live="polite">
          {callProblem !== null ? `Tool call ${callProblem}.` : turnsDirty ? 'Turn edits not yet applied to the JSON.' : validation.pending || validation.text !== text ? 'Checking…' : valid ? `Valid ${detail.format} record.` : `${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; ')}`}
        </p>
        {message && <p className="editor-message" role="status">{message}</p>}
        <div className="dialog-buttons">
          <button type="button" onClick={() => void revert()} disabled={busy || (!changed && decision?.edited === undefined)}>
            Revert to original
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="accept" onClick={() => void save()} disabled={busy || !changed || (!turnsDirty && !valid) || callProblem !== null}>
            Save edit
          </button>
        </div>
      </footer>
    </section>
  );
}
