import { useState } from 'react';
import { FORMAT_NAMES } from '../../../../shared/formats/types';
import { useAppServices } from '../../app/api-context';
import { ActionError } from '../../app/action-error';
import { Modal } from '../../app/modal';
import { useAction } from '../../app/use-action';

/** Properties of {@link AddSourcesDialog}. */
export interface AddSourcesDialogProps {
  onDone: (message: string) => void;
  onCancel: () => void;
}

/**
 * Adds shards: files or folders chosen with the native dialog (desktop) or typed as paths on the
 * serving machine (`agentmix serve`), with their role, format and task.
 */
export function AddSourcesDialog({ onDone, onCancel }: AddSourcesDialogProps): React.JSX.Element {
  const { client, info } = useAppServices();
  const [paths, setPaths] = useState('');
  const [role, setRole] = useState<'agent' | 'general'>('agent');
  const [format, setFormat] = useState<(typeof FORMAT_NAMES)[number] | 'auto'>('auto');
  const [task, setTask] = useState('');
  const action = useAction();
  const { busy, run } = action;
  const list = paths.split('\n').map((path) => path.trim()).filter(Boolean);

  const choose = async (): Promise<void> => {
    const chosen = await client.call('dialogs.openFiles', { title: 'Open shards', filters: [{ name: 'Shards', extensions: ['json', 'jsonl', 'parquet'] }, { name: 'All files', extensions: ['*'] }] });
    if (chosen.paths.length > 0) setPaths(chosen.paths.join('\n'));
  };

  const open = async (): Promise<void> => {
    const result = await run(() => client.call('sources.open', { paths: list, role, format, ...(task.trim() ? { task: task.trim() } : {}) }));
    if (!result) return;
    const records = result.sources.filter((source) => result.opened.includes(source.sourceId)).reduce((sum, source) => sum + source.records, 0);
    onDone(`Opened ${result.opened.length} source${result.opened.length === 1 ? '' : 's'} (${records.toLocaleString()} records)`);
  };

  return (
    <Modal title="Open shards" onClose={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <label className="path-field">
          Files or folders, one per line{info.nativeDialogs ? '' : ' (paths on the serving machine)'}
          <textarea value={paths} onChange={(event) => setPaths(event.target.value)} rows={3} spellCheck={false} autoFocus={!info.nativeDialogs} />
        </label>
        {info.nativeDialogs && (
          <button type="button" onClick={() => void choose()} autoFocus>
            Choose files…
          </button>
        )}
        <div className="form-row">
          <label>
            Role
            <select aria-label="Role" value={role} onChange={(event) => setRole(event.target.value as 'agent' | 'general')}>
              <option value="agent">agent (trajectories)</option>
              <option value="general">general (chat)</option>
            </select>
          </label>
          <label>
            Format
            <select aria-label="Format" value={format} onChange={(event) => setFormat(event.target.value as typeof format)}>
              <option value="auto">detect</option>
              {FORMAT_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Task (when ids name none)
            <input type="text" aria-label="Task" value={task} onChange={(event) => setTask(event.target.value)} placeholder="e.g. os" />
          </label>
        </div>
        <ActionError action={action} retry={open} />
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" disabled={busy || list.length === 0}>
            {busy ? 'Indexing…' : 'Open'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
