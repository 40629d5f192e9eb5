import { splitCodeBlocks } from './text-blocks';

/**
 * A turn's text as React text nodes (never as HTML: a record that holds `<script>` or
 * `<img onerror>` shows those characters), with fenced code blocks monospaced.
 */
export function TextView({ text }: { text: string }): React.JSX.Element {
  return (
    <>
      {splitCodeBlocks(text).map((block, index) =>
        block.kind === 'code' ? (
          <pre className="code" key={index} data-language={block.language || undefined}>
            <code>{block.text}</code>
          </pre>
        ) : (
          // dir="auto": a right-to-left paragraph reads right to left; the CSS isolates each block (docs/security.md).
          <p className="prose" key={index} dir="auto">
            {block.text}
          </p>
        ),
      )}
    </>
  );
}
