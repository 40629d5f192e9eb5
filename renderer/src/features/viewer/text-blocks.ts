/**
 * Splits a turn's text into prose and fenced code blocks (```lang ... ```), so code shows
 * monospaced. The text is only ever rendered as React text nodes: never parsed as HTML.
 */

/** A run of prose or a code block. */
export type TextBlock = { kind: 'text'; text: string } | { kind: 'code'; language: string; text: string };

const FENCE = /^[ \t]*```([\w+#.-]*)[ \t]*$/;

/** Splits `text` at fence lines; an unclosed fence runs to the end (as Markdown renders it). */
export function splitCodeBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const lines = text.split('\n');
  let prose: string[] = [];
  let code: string[] | null = null;
  let language = '';
  const flushProse = (): void => {
    if (prose.length > 0 && prose.join('\n') !== '') blocks.push({ kind: 'text', text: prose.join('\n') });
    prose = [];
  };
  for (const line of lines) {
    const fence = FENCE.exec(line);
    if (code === null && fence) {
      flushProse();
      code = [];
      language = fence[1];
    } else if (code !== null && /^[ \t]*```[ \t]*$/.test(line)) {
      blocks.push({ kind: 'code', language, text: code.join('\n') });
      code = null;
    } else if (code !== null) {
      code.push(line);
    } else {
      prose.push(line);
    }
  }
  if (code !== null) blocks.push({ kind: 'code', language, text: code.join('\n') });
  flushProse();
  return blocks;
}
