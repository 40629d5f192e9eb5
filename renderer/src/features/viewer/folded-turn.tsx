import type { TurnData } from '../../api/types';

/** Whether a turn starts folded (docs/ui.md, "Template turns"): the system prompt, and any turn the last run found many records to share. */
export function startsFolded(turn: TurnData, shares: number): boolean {
  return turn.role === 'system' || shares > 1;
}

/** What a folded turn says it is, e.g. "System prompt, 1,204 characters, same as 50 records". */
export function foldLabel(turn: TurnData, shares: number): string {
  const what = turn.role === 'system' ? 'System prompt' : 'Template turn';
  const same = shares > 1 ? `, same as ${shares.toLocaleString()} records` : '';
  return `${what}, ${turn.text.length.toLocaleString()} characters${same}`;
}

/** A folded turn: its label and a button that opens it. */
export function FoldedTurn({ turn, index, shares, onOpen }: { turn: TurnData; index: number; shares: number; onOpen: () => void }): React.JSX.Element {
  const preview = turn.text.replace(/\s+/g, ' ').trim().slice(0, 140);
  return (
    <div className="folded-turn" data-testid="folded-turn">
      <p className="muted folded-preview">{preview}{turn.text.length > preview.length ? '…' : ''}</p>
      <button type="button" className="link" onClick={onOpen} aria-label={`Open turn ${index}: ${foldLabel(turn, shares)}`}>
        {foldLabel(turn, shares)}: show
      </button>
    </div>
  );
}
