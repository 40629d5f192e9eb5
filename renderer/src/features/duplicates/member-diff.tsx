import { DiffEditor } from '@monaco-editor/react';
import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import '../editor/monaco-setup';

/** A record as the diff shows it: its JSON pretty-printed, so that the turns line up. */
function shown(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Two members of a cluster side by side in Monaco's diff editor (read only). */
export function MemberDiff({ left, right }: { left: string; right: string }): React.JSX.Element {
  const { client } = useAppServices();
  const [texts, setTexts] = useState<{ left: string; right: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    Promise.all([client.call('records.get', { key: left }), client.call('records.get', { key: right })]).then(
      ([first, second]) => {
        if (!active) return;
        setTexts({ left: shown(first.value), right: shown(second.value) });
        markMilestone('duplicateDiff', `${left}|${right}`);
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, left, right]);
  if (error !== null) return <p className="error" role="alert">{error}</p>;
  if (texts === null) return <p className="muted">Reading both records…</p>;
  return (
    <div className="member-diff" data-testid="member-diff">
      <DiffEditor original={texts.left} modified={texts.right} language="json" originalModelPath={`${left}.duplicate-left.json`} modifiedModelPath={`${right}.duplicate-right.json`} options={{ readOnly: true, renderSideBySide: true, wordWrap: 'on', minimap: { enabled: false } }} />
    </div>
  );
}
