/**
 * Finding the fenced code block (```bash ... ```, ```sql ... ```) that must follow an action line.
 */
import { excerpt } from '../outcome';
import type { LabelLine } from './label-lines';
import type { MalformedAction } from './types';

/** A closed code block: its code and the offsets of the whole block. */
export interface FencedBlock {
  code: string;
  start: number;
  end: number;
}

/** The first closed ```<language> block that starts at or after `from`, or null. */
export function fencedBlock(text: string, language: string, from: number): FencedBlock | null {
  const pattern = new RegExp('```' + language + '[ \\t]*\\r?\\n([\\s\\S]*?)```', 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (match === null) return null;
  return { code: match[1], start: match.index, end: match.index + match[0].length };
}

/**
 * The non-empty ```<language> block after an action line (`Act: bash`, `Action: Operation`), or
 * what is wrong: no closed block, or an empty one. `what` names the expected code ("bash code").
 */
export function blockAfter(text: string, language: string, line: LabelLine, label: string, what: string): FencedBlock | MalformedAction {
  const block = fencedBlock(text, language, line.end);
  if (block === null) {
    const rest = text.slice(line.end);
    return {
      ok: false,
      problem: `expected a \`\`\`${language} code block after \`${label}\`, found ${rest.trim() ? excerpt(rest) : 'nothing'}`,
      start: line.start,
      end: text.length,
    };
  }
  if (block.code.trim().length === 0) {
    return { ok: false, problem: `expected ${what} in the \`\`\`${language} block after \`${label}\`, found an empty block`, start: block.start, end: block.end };
  }
  return block;
}
