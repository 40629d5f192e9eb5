import { useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { ActionError } from '../../app/action-error';
import { Modal } from '../../app/modal';
import { useAction } from '../../app/use-action';

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
  const action = useAction();
  const { busy, run } = action;
  const open = async (): Promise<void> => {
    const opened = await run(() => client.call('recipe.open', { path }));
    if (opened) onDone(`Opened the recipe ${opened.recipe.file} (${opened.recipe.sources} sources)`);
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
        <ActionError action={action} retry={open} as="pre" />
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
