import { CloseButtons, Modal } from '../../app/modal';

/** The review keys (docs/ui.md, "Review desk"). */
export const REVIEW_KEYS: readonly [keys: string, action: string][] = [
  ['a', 'Accept the record'],
  ['r', 'Reject it, with a reason (1–7 picks one)'],
  ['e', 'Edit it (turn text, loss flags, raw JSON, diff)'],
  ['j / k', 'Next / previous record'],
  ['n', 'Next unreviewed record'],
  ['u or Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z', 'Redo'],
  ['?', 'Show these keys'],
];

/** The list of keys, as a dialog. */
export function KeysHelp({ onClose }: { onClose: () => void }): React.JSX.Element {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="keys">
        <tbody>
          {REVIEW_KEYS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CloseButtons onClose={onClose} />
    </Modal>
  );
}
