import { splitBySpans } from '../viewer/highlight-spans';

/** Text with the shared n-grams marked, built as React text nodes (never as HTML). */
export function MarkedText({ text, spans, label }: { text: string; spans: readonly { start: number; end: number }[]; label: string }): React.JSX.Element {
  return (
    <pre className="marked-text" aria-label={label}>
      {splitBySpans(text, spans).map((segment, index) =>
        segment.marked ? (
          <mark className="shared-ngram" key={index}>
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </pre>
  );
}
