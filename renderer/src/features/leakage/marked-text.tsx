import { splitBySpans } from '../viewer/highlight-spans';

/** Properties of {@link MarkedText}. */
export interface MarkedTextProps {
  text: string;
  spans: readonly { start: number; end: number }[];
  label: string;
  /** The class of the text and of its marks (default: shared n-grams of the leakage view). */
  className?: string;
  markClass?: string;
}

/** Text with spans marked (shared n-grams, trained ranges), built as React text nodes (never as HTML). */
export function MarkedText({ text, spans, label, className = 'marked-text', markClass = 'shared-ngram' }: MarkedTextProps): React.JSX.Element {
  return (
    <pre className={className} aria-label={label}>
      {splitBySpans(text, spans).map((segment, index) =>
        segment.marked ? (
          <mark className={markClass} key={index}>
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </pre>
  );
}
