import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useAppServices } from '../../app/api-context';
import { Modal } from '../../app/modal';

/** Properties of {@link OpenRecipeDialog}. */
export interface OpenRecipeDialogProps {
  onDone: (message: string) => void;
  onCancel: () => void;
}

/**
 * Opens a recipe (docs/recipe.md) by its path on the serving machine; the desktop app uses the
 * native dialog instead. Problems in the recipe are shown with the field they concern.
 */
export function OpenRecipeDialog({ onDone, onCancel }: OpenRecipeDialogProps): React.JSX.Element {
  const { client, info } = useAppServices();
  const [path, setPath] = useState(info.demoDir.replace(/[\\/]$/, '') + '/agentbench.recipe.json');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const opened = await client.call('recipe.open', { path });
      onDone(`Opened the recipe ${opened.recipe.file} (${opened.recipe.sources} sources)`);
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };
  return (
    <Modal title="Open a recipe" onClose={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <label className="path-field">
          Recipe file on the {info.transport === 'ipc' ? 'computer' : 'serving machine'}
          <input type="text" value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} autoFocus />
        </label>
        {error && (
          <pre role="alert" className="error">
            {error}
          </pre>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={busy || path.trim() === ''}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
