import { useEffect, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { CloseButtons, Modal } from '../../app/modal';

/** Properties of {@link ExcerptDialog}. */
export interface ExcerptDialogProps {
  sourceId: number;
  offset: number;
  message: string;
  onClose: () => void;
}

/** The lines of a source around a problem, with line numbers and the problem's line marked. */
export function ExcerptDialog({ sourceId, offset, message, onClose }: ExcerptDialogProps): React.JSX.Element {
  const { client } = useAppServices();
  const [excerpt, setExcerpt] = useState<Response<'sources.excerpt'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.call('sources.excerpt', { sourceId, offset, context: 6 }).then(setExcerpt, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  }, [client, sourceId, offset]);
  return (
    <Modal title="Where the problem is" onClose={onClose} className="excerpt-dialog">
      <p className="problem-message">{message}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {excerpt && (
        <>
          <p className="muted">
            {excerpt.path}, line {excerpt.focusLine.toLocaleString()} (byte {offset.toLocaleString()}){excerpt.truncated ? '; long lines are cut' : ''}
          </p>
          <pre className="excerpt" data-testid="excerpt">
            {excerpt.text.split('\n').map((line, index) => {
              const number = excerpt.firstLine + index;
              return (
                <div key={number} className={number === excerpt.focusLine ? 'excerpt-focus' : undefined}>
                  <span className="line-number">{number}</span>
                  {line}
                </div>
              );
            })}
          </pre>
        </>
      )}
      <CloseButtons onClose={onClose} />
    </Modal>
  );
}
