import { useState } from 'react';
import { parseReviewFile } from '../../../../shared/review/parse-review-file';
import type { ReviewLine } from '../../../../shared/review/review-line';
import { useAppServices } from '../../app/api-context';
import { ActionError } from '../../app/action-error';
import { Modal } from '../../app/modal';
import { useAction } from '../../app/use-action';

/** Properties of {@link ReviewFileDialog}. */
export interface ReviewFileDialogProps {
  mode: 'save' | 'load';
  onDone: (message: string) => void;
  onCancel: () => void;
  onLoad: (lines: ReviewLine[], from: string) => Promise<void>;
}

/** "1 line skipped", "3 lines skipped". */
function skipped(count: number): string {
  return `${count} line${count === 1 ? '' : 's'} skipped`;
}

/** The review file's default name in the data folder. */
const DEFAULT_NAME = 'review.jsonl';

/**
 * Save the review to, or load it from, a JSONL review file (docs/recipe.md, "Review files"). Under `agentmix
 * serve` there is no native dialog: the file is a path on the serving machine, or a download / an
 * upload through the browser.
 */
export function ReviewFileDialog({ mode, onDone, onCancel, onLoad }: ReviewFileDialogProps): React.JSX.Element {
  const { client, info, store } = useAppServices();
  const [path, setPath] = useState(`${info.dataDir.replace(/[\\/]$/, '')}/${DEFAULT_NAME}`);
  const action = useAction();
  const { busy } = action;
  const run = async (work: () => Promise<string>): Promise<void> => {
    const message = await action.run(work);
    if (message !== undefined) onDone(message);
  };

  const save = (): Promise<void> =>
    run(async () => {
      const lines = await store.reviewLines();
      const written = await client.call('review.write', { path, lines });
      return `Saved ${written.lines} decisions to ${written.path}`;
    });

  const download = (): Promise<void> =>
    run(async () => {
      const lines = await store.reviewLines();
      const text = lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length > 0 ? '\n' : '');
      const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = DEFAULT_NAME;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return `Downloaded ${lines.length} decisions as ${DEFAULT_NAME}`;
    });

  const load = (): Promise<void> =>
    run(async () => {
      const read = await client.call('review.read', { path });
      await onLoad(read.lines, read.path);
      return `Loaded ${read.lines.length} decisions from ${read.path}${read.problems.length ? `; ${skipped(read.problems.length)} (first: line ${read.problems[0].line}: ${read.problems[0].message})` : ''}`;
    });

  const upload = (file: File): Promise<void> =>
    run(async () => {
      const parsed = parseReviewFile(await file.text(), file.name);
      await onLoad(parsed.entries.map(({ file: _file, line: _line, ...entry }) => entry), file.name);
      return `Loaded ${parsed.entries.length} decisions from ${file.name}${parsed.problems.length ? `; ${skipped(parsed.problems.length)}` : ''}`;
    });

  return (
    <Modal title={mode === 'save' ? 'Save the review' : 'Load a review'} onClose={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void (mode === 'save' ? save() : load());
        }}
      >
        <label className="path-field">
          Review file on the {info.transport === 'ipc' ? 'computer' : 'serving machine'}
          <input type="text" value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} autoFocus />
        </label>
        {mode === 'load' && (
          <label className="path-field">
            Or upload one
            <input type="file" accept=".jsonl,.json,.txt" onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])} />
          </label>
        )}
        <ActionError action={action} retry={mode === 'save' ? save : load} />
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          {mode === 'save' && (
            <button type="button" onClick={() => void download()} disabled={busy}>
              Download
            </button>
          )}
          <button type="submit" disabled={busy || path.trim() === ''}>
            {mode === 'save' ? 'Save' : 'Load'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
