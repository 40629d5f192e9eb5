/** Properties of {@link ReviewBar}. */
export interface ReviewBarProps {
  hasRecord: boolean;
  reviewed: number;
  total: number;
  selected: number;
  canUndo: boolean;
  canRedo: boolean;
  onAccept(): void;
  onReject(): void;
  onEdit(): void;
  onPrevious(): void;
  onNext(): void;
  onNextUnreviewed(): void;
  onUndo(): void;
  onRedo(): void;
  onHelp(): void;
  onBulkAccept(): void;
  onBulkReject(): void;
}

/**
 * The review buttons, each with an accessible name and its key, the reviewed / total counter, and
 * the bulk actions for ticked rows.
 */
export function ReviewBar(props: ReviewBarProps): React.JSX.Element {
  return (
    <div className="review-bar" role="toolbar" aria-label="Review">
      <button type="button" className="accept" onClick={props.onAccept} disabled={!props.hasRecord} aria-keyshortcuts="a">
        Accept <kbd>a</kbd>
      </button>
      <button type="button" className="danger" onClick={props.onReject} disabled={!props.hasRecord} aria-keyshortcuts="r">
        Reject <kbd>r</kbd>
      </button>
      <button type="button" onClick={props.onEdit} disabled={!props.hasRecord} aria-keyshortcuts="e">
        Edit <kbd>e</kbd>
      </button>
      <span className="separator" />
      <button type="button" onClick={props.onPrevious} aria-keyshortcuts="k" aria-label="Previous record">
        ↑ <kbd>k</kbd>
      </button>
      <button type="button" onClick={props.onNext} aria-keyshortcuts="j" aria-label="Next record">
        ↓ <kbd>j</kbd>
      </button>
      <button type="button" onClick={props.onNextUnreviewed} aria-keyshortcuts="n" aria-label="Next unreviewed record">
        Next unreviewed <kbd>n</kbd>
      </button>
      <span className="separator" />
      <button type="button" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="u Control+Z" aria-label="Undo">
        Undo <kbd>u</kbd>
      </button>
      <button type="button" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z" aria-label="Redo">
        Redo
      </button>
      <button type="button" onClick={props.onHelp} aria-keyshortcuts="?" aria-label="Keyboard shortcuts">
        <kbd>?</kbd>
      </button>
      <span className="counter" data-testid="review-counter" aria-live="polite">
        Reviewed {props.reviewed.toLocaleString()} / {props.total.toLocaleString()}
      </span>
      {props.selected > 0 && (
        <span className="bulk" role="group" aria-label="Bulk actions">
          <button type="button" className="accept" onClick={props.onBulkAccept}>
            Accept {props.selected} selected
          </button>
          <button type="button" className="danger" onClick={props.onBulkReject}>
            Reject {props.selected} selected
          </button>
        </span>
      )}
    </div>
  );
}
