import { revealBidiControls } from '../../../shared/text/bidi';

/**
 * A name from a dataset or the file system (a file, record id, key, source, tool) shown so that it
 * cannot reorder what is around it nor disguise itself: isolated in a `<bdi>`, its bidi controls
 * shown as marks (shared/text/bidi.ts).
 */
export function Name({ text, className, testId }: { text: string; className?: string; testId?: string }): React.JSX.Element {
  return (
    <bdi className={className} data-testid={testId}>
      {revealBidiControls(text)}
    </bdi>
  );
}
