import { Editor } from '@monaco-editor/react';
import type { TurnData } from '../../api/types';
import { CallEditor } from './call-editor';

/** Properties of {@link TurnEditor}. */
export interface TurnEditorProps {
  turns: TurnData[];
  /** Changes when the turns were replaced from outside, so the editor reloads the text. */
  generation: number;
  selected: number;
  onSelect: (index: number) => void;
  onChange: (index: number, turn: TurnData) => void;
}

/** The values of the loss flag, as the select shows them. */
const LOSS_CHOICES: [value: string, label: string, loss: boolean | null][] = [
  ['true', 'trained (loss: true)', true],
  ['false', 'masked (loss: false)', false],
  ['null', 'not set (assistant turns train by default)', null],
];

/** Edits one turn's text in Monaco, its tool calls' names and JSON arguments, and toggles its loss flag. */
export function TurnEditor({ turns, generation, selected, onSelect, onChange }: TurnEditorProps): React.JSX.Element {
  const turn = turns[selected];
  return (
    <div className="turn-editor">
      <ol className="turn-picker" aria-label="Turns to edit">
        {turns.map((candidate, index) => (
          <li key={index}>
            <button type="button" className={index === selected ? 'selected' : undefined} aria-pressed={index === selected} onClick={() => onSelect(index)}>
              {index} {candidate.role}
            </button>
          </li>
        ))}
      </ol>
      {turn && (
        <div className="turn-edit">
          <label className="loss-field">
            Loss flag of turn {selected}
            <select value={String(turn.loss)} onChange={(event) => onChange(selected, { ...turn, loss: LOSS_CHOICES.find(([value]) => value === event.target.value)?.[2] ?? null })}>
              {LOSS_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <div className="monaco-frame" data-testid="turn-text-editor">
            <Editor
              path={`turn-${generation}-${selected}.txt`}
              language="plaintext"
              defaultValue={turn.text}
              onChange={(value) => onChange(selected, { ...turn, text: value ?? '' })}
              options={{ wordWrap: 'on', minimap: { enabled: false }, lineNumbers: 'off', scrollBeyondLastLine: false, fontSize: 13 }}
            />
          </div>
          <CallEditor key={`${generation}-${selected}`} turn={turn} index={selected} generation={generation} onChange={(changed) => onChange(selected, changed)} />
        </div>
      )}
    </div>
  );
}
