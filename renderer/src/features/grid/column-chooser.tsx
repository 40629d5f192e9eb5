import { useEffect, useRef, useState, type RefObject } from 'react';
import type { RecordGridHandle } from './record-grid';

/** Chooses the grid's visible columns (the choice is saved with the review store's settings). */
export function ColumnChooser({ grid }: { grid: RefObject<RecordGridHandle | null> }): React.JSX.Element {
  const [columns, setColumns] = useState<{ id: string; name: string; visible: boolean }[]>([]);
  const details = useRef<HTMLDetailsElement>(null);
  // A popover closes on a click elsewhere or on Escape.
  useEffect(() => {
    const close = (event: Event): void => {
      const element = details.current;
      if (!element?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  return (
    <details ref={details} className="column-chooser" onToggle={(event) => (event.currentTarget.open ? setColumns(grid.current?.columns() ?? []) : undefined)}>
      <summary>Columns</summary>
      <fieldset>
        <legend className="visually-hidden">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id}>
            <input
              type="checkbox"
              checked={column.visible}
              onChange={(event) => {
                grid.current?.setColumnVisible(column.id, event.target.checked);
                setColumns(grid.current?.columns() ?? []);
              }}
            />
            {column.name}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
