import { useState } from 'react';
import { REJECT_REASONS } from '../../../../shared/api/review';
import { Modal } from '../../app/modal';

/** Properties of {@link RejectDialog}. */
export interface RejectDialogProps {
  /** How many records the rejection covers (1, or the bulk selection). */
  count: number;
  /** The record's id (or key) when there is one record, so the title says which. */
  label: string;
  onReject: (reason: string, note: string) => void;
  onCancel: () => void;
}

/**
 * The reason picker (docs/ui.md, "Review desk"): one of the fixed reasons, chosen with the mouse or the keys
 * 1–7, plus an optional note; Enter rejects, Escape cancels.
 */
export function RejectDialog({ count, label, onReject, onCancel }: RejectDialogProps): React.JSX.Element {
  const [reason, setReason] = useState<string>(REJECT_REASONS[0]);
  const [note, setNote] = useState('');
  return (
    <Modal title={count === 1 ? `Reject ${label}` : `Reject ${count} records`} onClose={onCancel} className="reject-dialog">
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onReject(reason, note.trim());
        }}
        onKeyDown={(event) => {
          const target = event.target as HTMLElement;
          if (target.tagName === 'TEXTAREA') {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              onReject(reason, note.trim());
            }
            return;
          }
          const number = Number(event.key);
          if (Number.isInteger(number) && number >= 1 && number <= REJECT_REASONS.length) {
            event.preventDefault();
            setReason(REJECT_REASONS[number - 1]);
          }
        }}
      >
        <fieldset>
          <legend>Reason</legend>
          {REJECT_REASONS.map((option, index) => (
            <label key={option} className="reason">
              <input type="radio" name="reason" value={option} checked={reason === option} onChange={() => setReason(option)} autoFocus={index === 0} />
              <kbd>{index + 1}</kbd> {option}
            </label>
          ))}
        </fieldset>
        <label className="note-field">
          Note {reason === 'other' ? '(say why)' : '(optional)'}
          <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={10_000} />
        </label>
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="danger">
            Reject
          </button>
        </div>
      </form>
    </Modal>
  );
}
