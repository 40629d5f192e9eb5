import { useEffect, useRef } from 'react';

/** What each review key does. */
export interface ReviewKeyActions {
  accept(): void;
  reject(): void;
  edit(): void;
  next(): void;
  previous(): void;
  nextUnreviewed(): void;
  undo(): void;
  redo(): void;
  help(): void;
}

/** True when the key press belongs to a text field, an editor or an open dialog. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target instanceof Element ? event.target : null;
  const textInput = 'input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]), textarea, select';
  if (target?.closest(`${textInput}, [contenteditable="true"], .monaco-editor, dialog[open]`)) return true;
  return document.querySelector('dialog[open]') !== null;
}

/**
 * The keyboard review (docs/ui.md, "Review desk"): a, r, e, j/k, n, u or Ctrl+Z, Ctrl+Shift+Z (and Ctrl+Y), ?.
 * Keys are ignored while typing or while a dialog is open; `enabled` turns them off (the editor).
 */
export function useReviewKeys(actions: ReviewKeyActions, enabled: boolean): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || isTyping(event)) return;
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let action: (() => void) | null = null;
      if (command && key === 'z') action = event.shiftKey ? latest.current.redo : latest.current.undo;
      else if (command && key === 'y') action = latest.current.redo;
      else if (command) return;
      else if (event.key === '?') action = latest.current.help;
      else if (event.shiftKey) return;
      else action = ({ a: latest.current.accept, r: latest.current.reject, e: latest.current.edit, j: latest.current.next, k: latest.current.previous, n: latest.current.nextUnreviewed, u: latest.current.undo } as Record<string, () => void>)[key] ?? null;
      if (action === null) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
