import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Properties of {@link Modal}. */
export interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal dialog on the native <dialog> element: focus is trapped, Escape closes it, and screen
 * readers announce it by its title.
 */
export function Modal({ title, onClose, children, className }: ModalProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** The one "Close" button of a dialog that only shows something. */
export function CloseButtons({ onClose }: { onClose: () => void }): React.JSX.Element {
  return (
    <div className="dialog-buttons">
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}
